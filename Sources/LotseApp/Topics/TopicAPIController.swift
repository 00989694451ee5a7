import Fluent
import LotseCore
import Vapor

/// Findings and topics over JSON, with the same fields and checks as the browser.
struct TopicAPIController {
    func ask(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let id = try req.id("topicID")
        let f = try req.jsonFields()
        _ = try await desk.ask(f.text("question"), municipalityIDs: f.uuids("municipalities"), topicID: id, askedOn: f.text("askedOn"))
        return try await desk.detail(id)
    }

    func forwarding(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let id = try req.id("topicID")
        let f = try req.jsonFields()
        try await desk.recordForwarding(.init(recipient: f.text("recipient"), sentOn: f.text("sentOn"), answer: f.text("answer"), answeredOn: f.text("answeredOn")),
                                        topicID: id)
        return try await desk.detail(id)
    }

    func requests(req: Request) async throws -> [EvidenceDesk.OpenRequest] { try await req.evidenceDesk().openRequests() }

    func answer(req: Request) async throws -> [EvidenceDesk.OpenRequest] {
        let desk = try req.evidenceDesk()
        let id = try req.id("requestID")
        _ = try await desk.request(id)
        try await desk.answer(EvidenceRequestController.input(try req.jsonFields()), requestID: id)
        return try await desk.openRequests()
    }

    func findings(req: Request) async throws -> [TopicDesk.FindingRow] {
        let filter = TopicDesk.FindingFilter(lifeDomain: LifeDomain(rawValue: req.queryText("lifeDomain")),
                                             municipalityID: try req.queryID("municipalityId"),
                                             unassignedOnly: req.queryText("unassigned") == "true", topicID: try req.queryID("topicId"))
        return try await req.topicDesk().findings(filter)
    }

    func assign(req: Request) async throws -> [TopicDesk.FindingRow] {
        let desk = try req.topicDesk()
        let findingID = try req.id("findingID")
        let fields = try req.jsonFields()
        // No topicId (or null) takes the finding out of its topic; anything else must be a topic's id.
        if !fields.text("topicId").isEmpty && fields.uuid("topicId") == nil {
            var failure = ValidationFailure()
            failure.add("topicId", "„topicId“ ist keine gültige Kennung (UUID).")
            throw failure
        }
        try await desk.assign(findingID, to: fields.uuid("topicId"))
        return try await desk.findings(.init()).filter { $0.id == findingID }
    }

    /// Several findings at once; an unreadable id is refused, not dropped (422).
    func assignMany(req: Request) async throws -> [TopicDesk.FindingRow] {
        let desk = try req.topicDesk()
        let fields = try req.jsonFields()
        var failure = ValidationFailure()
        if !fields.text("topicId").isEmpty && fields.uuid("topicId") == nil { failure.add("topicId", "„topicId“ ist keine gültige Kennung (UUID).") }
        let ids = fields.readableIDs("findingIds")
        if ids == nil { failure.add("findingIds", "„findingIds“ enthält eine ungültige Kennung (UUID).") }
        try failure.throwIfAny()
        let chosen = Set(ids ?? [])
        try await desk.assign(Array(chosen), to: fields.uuid("topicId"))
        return try await desk.findings(.init()).filter { chosen.contains($0.id) }
    }

    func list(req: Request) async throws -> [TopicRow] { try await req.topicDesk().topics() }

    func create(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let f = try req.jsonFields()
        let topic = try await desk.createTopic(TopicController.input(f), findingIDs: f.uuids("findingIds"))
        return try await desk.detail(try topic.requireID())
    }

    func show(req: Request) async throws -> TopicDetail { try await req.topicDesk().detail(try req.id("topicID")) }

    /// A PATCH names only what changes; the rest stays as it is.
    func update(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let id = try req.id("topicID")
        let topic = try await desk.topic(id)
        let f = try req.jsonFields()
        let input = TopicDesk.TopicInput(
            title: f.has("title") ? f.text("title") : topic.title, statement: f.has("statement") ? f.text("statement") : topic.statement,
            priority: Priority(rawValue: f.has("priority") ? f.text("priority") : topic.priority.rawValue),
            responsibleID: f.has("responsibleId") ? f.uuid("responsibleId") : topic.responsibleID, confirmedNoPersonalData: f.flag("confirmedNoPersonalData"),
            raisedOn: f.has("raisedOn") && !f.text("raisedOn").isEmpty ? f.text("raisedOn") : nil)
        try await desk.updateTopic(input, id: id, findingIDs: f.uuids("findingIds"))
        return try await desk.detail(id)
    }

    func move(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let id = try req.id("topicID")
        let f = try req.jsonFields()
        try await desk.move(id, to: f.choice("status", TopicStatus.self), reason: f.text("reason"), on: f.text("happenedOn"))
        return try await desk.detail(id)
    }

    func merge(req: Request) async throws -> TopicDetail {
        let desk = try req.topicDesk()
        let id = try req.id("topicID")
        let target = try req.jsonFields().uuid("targetId")
        try await desk.merge(id, into: target)
        return try await desk.detail(target ?? id)
    }
}
