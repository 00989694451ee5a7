import Fluent
import Foundation
import LotseCore
import Vapor

/// A topic with its evidence and its trail, for the topic page and the API.
struct TopicDetail: Encodable, Sendable {
    struct Evidence: Encodable, Sendable {
        struct Share: Encodable, Sendable {
            let item: Coded
            let findings: Int
        }

        let findings: Int
        let cases: Int
        let municipalities: Int
        let firstOn: String?
        let lastOn: String?
        let lifeDomains: [Share]
        let legalDomains: [Share]
        /// From the answers to "do you see the same?": municipalities that do, and their cases.
        var confirmingMunicipalities = 0
        var confirmedCases = 0
        /// The records behind `findings` and `cases`, for publishing them (`FigurePublisher`); not shown.
        var findingIDs: [UUID] = []
        var caseIDs: [UUID] = []

        private enum CodingKeys: String, CodingKey {
            case findings, cases, municipalities, firstOn, lastOn, lifeDomains, legalDomains, confirmingMunicipalities, confirmedCases
        }
    }

    struct Asked: Encodable, Sendable {
        let question: String
        let askedOn: String
        let asked: Int
        let answered: Int
    }

    struct Answer: Encodable, Sendable {
        let municipality: String
        let seesSame: Coded
        let cases: Int
        let comment: String
        let answeredOn: String
    }

    struct Forwarding: Encodable, Sendable {
        let recipient: String
        let sentOn: String
        let answer: String
        let answeredOn: String?
    }

    struct Hearing: Encodable, Sendable {
        let meetingId: UUID
        let body: String
        let heldOn: String
    }

    struct Step: Encodable, Sendable {
        let status: Coded
        let reason: String
        let movedBy: String
        let movedOn: String
    }

    let id: UUID
    let title: String
    let statement: String
    /// The day the topic was raised (issue 19, part 4).
    let raisedOn: String
    let priority: Coded
    let responsibleId: UUID?
    let responsible: String?
    let status: Coded
    let nextStatuses: [Coded]
    let isFinal: Bool
    let evidence: Evidence
    let findings: [TopicDesk.FindingRow]
    let trail: [Step]
    let requests: [Asked]
    let answers: [Answer]
    let forwarding: Forwarding?
    let hearings: [Hearing]
    let decisions: [DecisionRow]
}

struct TopicRow: Encodable, Sendable {
    let id: UUID
    let title: String
    let raisedOn: String
    let priority: Coded
    let status: Coded
    let responsible: String?
    let findings: Int
}

extension TopicDesk {
    func userNames(_ ids: [UUID]) async throws -> [UUID: String] {
        try await StaffDirectory.names(ids, districtID: scope.districtID, on: db)
    }

    func topics() async throws -> [TopicRow] {
        let topics = try await Topic.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$createdAt, .descending).all()
        let assignments = try await FindingAssignment.query(on: db).filter(\.$districtID == scope.districtID).all()
        let names = try await userNames(topics.compactMap(\.responsibleID))
        let words = try await words()
        return try topics.map { topic in
            let id = try topic.requireID()
            return TopicRow(id: id, title: topic.title, raisedOn: topic.dayRaised, priority: Coded(topic.priority),
                            status: Coded(topic.status, name: words.name(topic.status)), responsible: topic.responsibleID.flatMap { names[$0] },
                            findings: assignments.filter { $0.topicID == id }.count)
        }.sorted { ($0.status.code == TopicStatus.closedWithoutSolution.rawValue ? 1 : 0, $0.title) < ($1.status.code == TopicStatus.closedWithoutSolution.rawValue ? 1 : 0, $1.title) }
    }

    /// The evidence counts what the case work reported; it holds no personal data. (Figures for
    /// bodies and the public go through `DisclosureControl` where they are published.)
    static func evidence(_ rows: [FindingRow], findings: [Finding]) -> TopicDetail.Evidence {
        func shares(_ codes: [Coded]) -> [TopicDetail.Evidence.Share] {
            Dictionary(grouping: codes, by: \.code).values.compactMap { group in group.first.map { .init(item: $0, findings: group.count) } }
                .sorted { ($1.findings, $0.item.name) < ($0.findings, $1.item.name) }
        }
        let days = rows.map(\.reportedOn).sorted()
        let caseIDs = Array(Set(findings.map(\.caseFileID)))
        return .init(findings: rows.count, cases: caseIDs.count, municipalities: Set(findings.map(\.municipalityID)).count,
                     firstOn: days.first, lastOn: days.last, lifeDomains: shares(rows.map(\.lifeDomain)), legalDomains: shares(rows.flatMap(\.legalDomains)),
                     findingIDs: rows.map(\.id), caseIDs: caseIDs)
    }

    func detail(_ id: UUID) async throws -> TopicDetail {
        let topic = try await topic(id)
        let rows = try await findings(FindingFilter(topicID: id))
        let records = rows.isEmpty ? [] : try await Finding.query(on: db).filter(\.$id ~~ rows.map(\.id)).all()
        let events = try await TopicEvent.query(on: db).filter(\.$topicID == id).sort(\.$movedAt).all()
        let names = try await userNames(events.map(\.movedBy) + [topic.responsibleID].compactMap { $0 })
        let status = topic.status
        let requests = try await EvidenceRequest.query(on: db).filter(\.$topicID == id).sort(\.$askedOn).all()
        let answers = requests.isEmpty ? [] : try await EvidenceAnswer.query(on: db).filter(\.$requestID ~~ requests.compactMap(\.id)).sort(\.$answeredOn).all()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        var evidence = Self.evidence(rows, findings: records)
        let confirming = answers.filter { $0.seesSame != .no }
        evidence.confirmingMunicipalities = Set(confirming.map(\.municipalityID)).count
        evidence.confirmedCases = confirming.reduce(0) { $0 + $1.cases }
        let forwarding = try await StateForwarding.query(on: db).filter(\.$topicID == id).first()
        let items = try await AgendaItem.query(on: db).filter(\.$topicID == id).all()
        let meetings = items.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$id ~~ items.map(\.meetingID)).sort(\.$heldOn).all()
        let bodies = Dictionary(uniqueKeysWithValues: try await Body.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { body in body.id.map { ($0, body.name) } })
        let steering = SteeringDesk(scope: scope, db: db, audit: audit, now: now, actorID: actorID, people: people)
        let words = try await words()
        return TopicDetail(
            id: id, title: topic.title, statement: topic.statement, raisedOn: topic.dayRaised, priority: Coded(topic.priority),
            responsibleId: topic.responsibleID, responsible: topic.responsibleID.flatMap { names[$0] }, status: Coded(status, name: words.name(status)),
            nextStatuses: TopicLadder.next(from: status).map(Coded.init), isFinal: status.isFinal,
            evidence: evidence, findings: rows,
            trail: try events.map { event in
                .init(status: Coded(event.status, name: words.name(event.status)), reason: event.reason,
                      movedBy: names[event.movedBy] ?? "", movedOn: event.day)
            },
            requests: requests.map { request in
                .init(question: request.question, askedOn: request.askedOn, asked: request.municipalityIDs.count,
                      answered: answers.filter { $0.requestID == request.id }.count)
            },
            answers: try answers.map { .init(municipality: towns[$0.municipalityID] ?? "", seesSame: Coded($0.seesSame),
                                         cases: $0.cases, comment: $0.comment, answeredOn: $0.answeredOn) },
            forwarding: forwarding.map { .init(recipient: $0.recipient, sentOn: $0.sentOn, answer: $0.answer, answeredOn: $0.answeredOn) },
            hearings: try meetings.map { .init(meetingId: try $0.requireID(), body: bodies[$0.bodyID] ?? "", heldOn: $0.heldOn) },
            decisions: try await steering.decisions().filter { $0.topicId == id })
    }
}
