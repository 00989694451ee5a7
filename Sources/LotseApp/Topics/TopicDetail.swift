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
    let priority: Coded
    let responsibleId: UUID?
    let responsible: String?
    let status: Coded
    let nextStatuses: [Coded]
    let isFinal: Bool
    let evidence: Evidence
    let findings: [TopicDesk.FindingRow]
    let trail: [Step]
}

struct TopicRow: Encodable, Sendable {
    let id: UUID
    let title: String
    let priority: Coded
    let status: Coded
    let responsible: String?
    let findings: Int
}

extension TopicDesk {
    func userNames(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(Set(ids))).filter(\.$districtID == scope.districtID)
            .all().compactMap { user in user.id.map { ($0, user.displayName) } })
    }

    func topics() async throws -> [TopicRow] {
        let topics = try await Topic.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$createdAt, .descending).all()
        let assignments = try await FindingAssignment.query(on: db).filter(\.$districtID == scope.districtID).all()
        let names = try await userNames(topics.compactMap(\.responsibleID))
        return try topics.map { topic in
            let id = try topic.requireID()
            return TopicRow(id: id, title: topic.title, priority: Coded(Priority(rawValue: topic.priority) ?? .medium),
                            status: Coded(TopicStatus(rawValue: topic.status) ?? .reported), responsible: topic.responsibleID.flatMap { names[$0] },
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
        return .init(findings: rows.count, cases: Set(findings.map(\.caseFileID)).count, municipalities: Set(findings.map(\.municipalityID)).count,
                     firstOn: days.first, lastOn: days.last, lifeDomains: shares(rows.map(\.lifeDomain)), legalDomains: shares(rows.flatMap(\.legalDomains)))
    }

    func detail(_ id: UUID) async throws -> TopicDetail {
        let topic = try await topic(id)
        let rows = try await findings(FindingFilter(topicID: id))
        let records = rows.isEmpty ? [] : try await Finding.query(on: db).filter(\.$id ~~ rows.map(\.id)).all()
        let events = try await TopicEvent.query(on: db).filter(\.$topicID == id).sort(\.$movedAt).all()
        let names = try await userNames(events.map(\.movedBy) + [topic.responsibleID].compactMap { $0 })
        let status = TopicStatus(rawValue: topic.status) ?? .reported
        return TopicDetail(
            id: id, title: topic.title, statement: topic.statement, priority: Coded(Priority(rawValue: topic.priority) ?? .medium),
            responsibleId: topic.responsibleID, responsible: topic.responsibleID.flatMap { names[$0] }, status: Coded(status),
            nextStatuses: TopicLadder.next(from: status).map(Coded.init), isFinal: status.isFinal,
            evidence: Self.evidence(rows, findings: records), findings: rows,
            trail: events.map { event in
                .init(status: Coded(TopicStatus(rawValue: event.status) ?? .reported), reason: event.reason,
                      movedBy: names[event.movedBy] ?? "", movedOn: GermanFormat.isoDay(event.movedAt))
            })
    }
}
