import Fluent
import LotseCore
import Vapor

/// Bodies, meetings, decisions and the published figures over JSON.
struct SteeringAPIController {
    struct Overview: Encodable, Sendable {
        struct StatusCount: Encodable, Sendable {
            let status: Coded
            let count: Int
        }

        let upcomingMeetings: [UpcomingMeeting]
        let openDecisions: [DecisionRow]
        let topicsByStatus: [StatusCount]
        let threshold: Int
        let figures: [FigureTable]
        let baustein3: SteeringBaustein3
    }

    struct UpcomingMeeting: Encodable, Sendable {
        let id: UUID
        let bodyId: UUID
        let heldOn: String
        let place: String
    }

    func overview(req: Request) async throws -> Overview {
        let desk = try req.steeringDesk(.readSteering)
        let upcoming = try await Meeting.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$heldOn >= desk.today).sort(\.$heldOn).all()
        let topics = try await Topic.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
        let words = try await desk.words()
        return Overview(
            upcomingMeetings: try upcoming.map { .init(id: try $0.requireID(), bodyId: $0.bodyID, heldOn: $0.heldOn, place: $0.place) },
            openDecisions: try await desk.decisions(openOnly: true),
            topicsByStatus: TopicStatus.allCases.map { status in .init(status: Coded(status, name: words.name(status)), count: topics.filter { $0.status == status }.count) },
            threshold: try await desk.threshold(), figures: try await desk.figures(), baustein3: try await desk.baustein3())
    }

    func bodies(req: Request) async throws -> [BodyRow] { try await req.steeringDesk(.readSteering).bodies() }

    func createBody(req: Request) async throws -> BodyDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let f = try req.jsonFields()
        let body = try await desk.createBody(.init(name: f.text("name"), kind: f.choice("kind", BodyKind.self), municipalityID: f.uuid("municipalityId"),
                                                   mandate: f.text("mandate"), ageBands: f.all("ageBands")))
        return try await desk.detail(body: try body.requireID())
    }

    func body(req: Request) async throws -> BodyDetail { try await req.steeringDesk(.readSteering).detail(body: try req.id("bodyID")) }

    func addMember(req: Request) async throws -> BodyDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("bodyID")
        let f = try req.jsonFields()
        try await desk.addMember(f.memberInput, bodyID: id)
        return try await desk.detail(body: id)
    }

    func createMeeting(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let f = try req.jsonFields()
        let meeting = try await desk.createMeeting(bodyID: try req.id("bodyID"), heldOn: f.text("heldOn"), place: f.text("place"), startsAt: f.text("startsAt"))
        return try await desk.detail(meeting: try meeting.requireID())
    }

    func meeting(req: Request) async throws -> MeetingDetail { try await req.steeringDesk(.readSteering).detail(meeting: try req.id("meetingID")) }

    func addAgendaItem(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("meetingID")
        let f = try req.jsonFields()
        try await desk.addAgendaItem(SteeringController.agendaInput(f), meetingID: id)
        return try await desk.detail(meeting: id)
    }

    func editAgendaItem(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        let f = try req.jsonFields()
        try await desk.editAgendaItem(try item.requireID(), title: f.has("title") ? f.text("title") : item.title,
                                      proposedResolution: f.has("proposedResolution") ? f.text("proposedResolution") : item.proposedResolution ?? "")
        return try await desk.detail(meeting: try meeting.requireID())
    }

    func moveAgendaItem(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        try await desk.moveAgendaItem(try item.requireID(), up: try req.jsonFields().text("direction") == "up")
        return try await desk.detail(meeting: try meeting.requireID())
    }

    func removeAgendaItem(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        try await desk.removeAgendaItem(try item.requireID())
        return try await desk.detail(meeting: try meeting.requireID())
    }

    func recordMinutes(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("meetingID")
        let f = try req.jsonFields()
        try await desk.recordMinutes(f.text("minutes"), present: f.uuids("present"), meetingID: id)
        return try await desk.detail(meeting: id)
    }

    func decide(req: Request) async throws -> MeetingDetail {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("meetingID")
        _ = try await desk.decide(SteeringController.decisionInput(try req.jsonFields()), meetingID: id)
        return try await desk.detail(meeting: id)
    }

    func decisions(req: Request) async throws -> [DecisionRow] {
        try await req.steeringDesk(.readSteering).decisions(openOnly: req.queryText("open") == "true")
    }

    func setStatus(req: Request) async throws -> [DecisionRow] {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("decisionID")
        try await desk.setStatus(try req.jsonFields().choice("status", DecisionStatus.self), decisionID: id)
        return try await desk.decisions().filter { $0.id == id }
    }
}
