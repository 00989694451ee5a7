import Fluent
import Foundation
import LotseCore
import Vapor

/// The meetings of the bodies a person sits on with an account (issue 16, part 8): the office staff
/// in the exchange meetings with the coordination read their bodies' meetings (agenda, minutes,
/// decisions and the decision papers) and nothing else of steering. Another body's meeting is not
/// there for them (404).
extension SteeringDesk {
    /// The bodies of the district where the actor is a member with their account.
    func memberBodies() async throws -> [Body] {
        let bodyIDs = Array(Set(try await BodyMember.query(on: db).filter(\.$userID == actorID).all().map(\.bodyID)))
        guard !bodyIDs.isEmpty else { return [] }
        return try await Body.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$id ~~ bodyIDs).sort(\.$name).all()
    }

    /// Those bodies with their meetings, newest first.
    func memberMeetings() async throws -> [(body: Body, meetings: [Meeting])] {
        let bodies = try await memberBodies()
        let meetings = Dictionary(grouping: try await Meeting.query(on: db).filter(\.$bodyID ~~ bodies.compactMap(\.id)).sort(\.$heldOn, .descending).all(),
                                  by: \.bodyID)
        return bodies.map { ($0, meetings[$0.id ?? UUID()] ?? []) }
    }

    /// One meeting of such a body, as the steering group reads it.
    func memberMeeting(_ id: UUID) async throws -> MeetingDetail {
        let meeting = try await meeting(id)
        guard try await memberBodies().contains(where: { $0.id == meeting.bodyID }) else { throw PublicError.notFound }
        return try await detail(meeting: id)
    }

    /// Per agenda item with a topic, its decision paper: statement and evidence, the evidence counts
    /// published like every count from case work (`FigurePublisher`).
    func papers(for detail: MeetingDetail) async throws -> (papers: [SteeringController.Invitation.Paper], threshold: Int) {
        let topics = TopicDesk(scope: scope, db: db, audit: audit, now: now, actorID: actorID, people: people)
        let publisher = try await figurePublisher()
        var papers: [SteeringController.Invitation.Paper] = []
        for item in detail.agenda {
            guard let topicID = item.topicId, let topic = try? await topics.detail(topicID) else { continue }
            papers.append(.init(
                position: item.position, title: topic.title, proposedResolution: item.proposedResolution, statement: topic.statement, status: topic.status.name,
                findings: publisher.text(topic.evidence.findingIDs, name: "Thema \(topic.title) | Erkenntnisse"),
                cases: publisher.text(topic.evidence.caseIDs, name: "Thema \(topic.title) | Fälle"), municipalities: String(topic.evidence.municipalities),
                period: [topic.evidence.firstOn, topic.evidence.lastOn].compactMap { $0.flatMap(GermanFormat.day).map(GermanFormat.date) }.joined(separator: " bis "),
                lifeDomains: topic.evidence.lifeDomains.map(\.item.name).joined(separator: ", ")))
        }
        return (papers, publisher.threshold)
    }
}

/// "Meine Sitzungen": the member's bodies and their meetings, in the browser.
struct MemberMeetingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.memberMeetings, use: list)
        routes.get(.memberMeeting(.key), use: show)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path),
                         LayoutContext.Crumb(label: "Meine Sitzungen", href: SiteURL.memberMeetings.path)]

    struct ListPage: Encodable {
        struct Body: Encodable {
            let name: String
            let meetings: [Meeting]
            let hasMeetings: Bool
        }

        struct Meeting: Encodable {
            let heldOn: String
            let place: String
            let href: SiteURL
        }

        let bodies: [Body]
        let hasBodies: Bool
    }

    func list(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readOwnMeetings)
        let bodies = try await desk.memberMeetings().map { body, meetings in
            ListPage.Body(name: body.name, meetings: meetings.compactMap { m in m.id.map { .init(heldOn: m.heldOn, place: m.place, href: .memberMeeting(.value($0))) } },
                          hasMeetings: !meetings.isEmpty)
        }
        return try await req.render("steering/member-meetings", title: "Meine Sitzungen", content: ListPage(bodies: bodies, hasBodies: !bodies.isEmpty),
                                    breadcrumbs: [Self.crumbs[0]])
    }

    struct MeetingPage: Encodable {
        let meeting: MeetingDetail
        let papers: [SteeringController.Invitation.Paper]
        let hasAgenda: Bool
        let hasDecisions: Bool
        let hasMinutes: Bool
        let hasPapers: Bool
        let threshold: Int
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readOwnMeetings)
        let detail = try await desk.memberMeeting(try req.id("meetingID"))
        let (papers, threshold) = try await desk.papers(for: detail)
        return try await req.render("steering/member-meeting", title: "Sitzung: \(detail.body), \(GermanFormat.germanDay(detail.heldOn))",
                                    content: MeetingPage(meeting: detail, papers: papers, hasAgenda: !detail.agenda.isEmpty, hasDecisions: !detail.decisions.isEmpty,
                                                         hasMinutes: !detail.minutes.isEmpty, hasPapers: !papers.isEmpty, threshold: threshold),
                                    breadcrumbs: Self.crumbs)
    }
}

/// "Meine Sitzungen" over JSON.
struct MemberMeetingsAPIController {
    struct Row: Sendable {
        let id: UUID
        let bodyId: UUID
        let body: String
        let heldOn: String
        let place: String
    }

    func list(req: Request) async throws -> [Row] {
        try await req.steeringDesk(.readOwnMeetings).memberMeetings().flatMap { body, meetings in
            try meetings.map { Row(id: try $0.requireID(), bodyId: try body.requireID(), body: body.name, heldOn: $0.heldOn, place: $0.place) }
        }
    }

    func meeting(req: Request) async throws -> MeetingDetail {
        try await req.steeringDesk(.readOwnMeetings).memberMeeting(try req.id("meetingID"))
    }
}
