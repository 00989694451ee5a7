import Fluent
import Foundation
import LotseCore
import Vapor

/// Asking the other municipalities, and forwarding a topic to the state.
extension TopicDesk {
    /// `askedOn`: the day the question went out (issue 19, part 4); empty: today.
    func ask(_ question: String, municipalityIDs: [UUID], topicID: UUID, askedOn: String = "") async throws -> EvidenceRequest {
        let topic = try await topic(topicID)
        var failure = ValidationFailure()
        let day = Check.dayOfWork(askedOn, field: "askedOn", label: "der Tag der Frage", today: today, into: &failure)
        Check.text(question, field: "question", label: "die Frage", max: 2000, into: &failure)
        let known = Set(try await Municipality.query(on: db).filter(\.$districtID == scope.districtID).all().compactMap(\.id))
        if municipalityIDs.isEmpty || !Set(municipalityIDs).isSubset(of: known) {
            failure.add("municipalities", "Bitte wählen Sie mindestens eine Kommune dieses Kreises.")
        }
        let validDay = try failure.checked(day)
        let request = EvidenceRequest()
        request.districtID = scope.districtID
        request.topicID = try topic.requireID()
        request.question = question
        request.municipalityIDs = municipalityIDs
        request.askedOn = validDay
        request.askedBy = actorID
        try await db.transaction { db in
            try await request.create(on: db)
            try await audit.record(.evidenceRequested, object: ("topic", topic.id), on: db)
        }
        return request
    }

    struct ForwardingInput: Sendable {
        var recipient = ""
        var sentOn = ""
        var answer = ""
        var answeredOn = ""
    }

    /// Records the letter to the state and, later, its answer. Only a topic the ladder has
    /// brought to "forwarded to the state" can be sent.
    func recordForwarding(_ input: ForwardingInput, topicID: UUID) async throws {
        let topic = try await topic(topicID)
        var failure = ValidationFailure()
        if topic.status != .forwardedToState {
            failure.add("recipient", "Das Thema steht nicht bei „an das Land weitergeleitet“. Führen Sie es zuerst auf der Leiter dorthin, mit dem Beschluss als Begründung.")
        }
        Check.name(input.recipient, field: "recipient", label: "die Stelle des Landes", into: &failure)
        let sent = Check.day(input.sentOn, field: "sentOn", label: "das Versanddatum", into: &failure)
        Check.text(input.answer, field: "answer", label: "die Antwort", max: 8000, required: false, into: &failure)
        let answered = Check.day(input.answeredOn, field: "answeredOn", label: "das Datum der Antwort", required: !input.answer.isEmpty, into: &failure)
        if let sent, let answered, answered < sent { failure.add("answeredOn", "Die Antwort kann nicht vor dem Versand liegen.") }
        let validSent = try failure.checked(sent)
        let forwarding = try await StateForwarding.query(on: db).filter(\.$topicID == topicID).first() ?? StateForwarding()
        forwarding.districtID = scope.districtID
        forwarding.topicID = topicID
        forwarding.recipient = input.recipient
        forwarding.sentOn = validSent
        forwarding.answer = input.answer
        forwarding.answeredOn = answered
        try await db.transaction { db in
            try await forwarding.save(on: db)
            try await audit.record(.stateForwardingRecorded, object: ("topic", topic.id), on: db)
        }
    }
}

/// The case management's side: the questions addressed to its municipalities.
struct EvidenceDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID
    /// Whom an answer must not name: the people behind the topic and those with a case in the answering municipality.
    let people: KnownPeople

    var today: String { GermanFormat.isoDay(now) }

    struct OpenRequest: Encodable, Sendable {
        let id: UUID
        let topic: String
        let statement: String
        let question: String
        let askedOn: String
        let municipalities: [Town]
    }

    /// A municipality as a choice: id and name.
    struct Town: Encodable, Sendable {
        let id: UUID
        let name: String
    }

    func own(_ request: EvidenceRequest) -> [UUID] {
        request.municipalityIDs.filter { scope.contains(ResourceLocation(districtID: request.districtID, municipalityID: $0)) }
    }

    func request(_ id: UUID) async throws -> EvidenceRequest {
        guard let request = try await EvidenceRequest.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first(),
              !own(request).isEmpty else { throw PublicError.notFound }
        return request
    }

    /// Requests with at least one of the person's municipalities still to answer.
    func openRequests() async throws -> [OpenRequest] {
        let requests = try await EvidenceRequest.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$askedOn, .descending).all()
        let answers = try await EvidenceAnswer.query(on: db).all()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        var result: [OpenRequest] = []
        for request in requests {
            let id = try request.requireID()
            let pending = own(request).filter { town in !answers.contains { $0.requestID == id && $0.municipalityID == town } }
            guard !pending.isEmpty, let topic = try await Topic.find(request.topicID, on: db) else { continue }
            result.append(.init(id: id, topic: topic.title, statement: topic.statement, question: request.question, askedOn: request.askedOn,
                                municipalities: pending.map { .init(id: $0, name: towns[$0] ?? "") }))
        }
        return result
    }

    struct AnswerInput: Sendable {
        var municipalityID: UUID?
        var seesSame: SeesSame?
        var cases = ""
        var comment = ""
        var confirmedNoPersonalData = false
        /// The day of the answer; empty: today. Never before the question.
        var answeredOn = ""
    }

    func answer(_ input: AnswerInput, requestID: UUID) async throws {
        let request = try await request(requestID)
        var failure = ValidationFailure()
        if !(input.municipalityID.map { own(request).contains($0) } ?? false) {
            failure.add("municipalityId", "Bitte wählen Sie eine Ihrer Kommunen, an die die Frage ging.")
        }
        Check.choice(input.seesSame, field: "seesSame", label: "ob Sie das auch sehen", into: &failure)
        let cases = Int(input.cases)
        if cases == nil || !(0...10_000).contains(cases ?? -1) { failure.add("cases", "Bitte geben Sie die Zahl der Fälle an (0, wenn keine).") }
        Check.text(input.comment, field: "comment", label: "die Anmerkung", max: 2000, required: false, into: &failure)
        var known = try await people.behind(topic: request.topicID)
        if let town = input.municipalityID, own(request).contains(town) { known += try await people.living(in: town) }
        let named = try await people.refuse([("comment", input.comment)], naming: known, object: ("topic", request.topicID), into: &failure)
        let warnings = named ? [] : PersonalDataWarning.check(input.comment)
        if !warnings.isEmpty && !input.confirmedNoPersonalData {
            failure.add("comment", warnings.map(\.message).joined(separator: " ") + " Bitte prüfen Sie den Text und bestätigen Sie die Prüfung.")
        }
        if let town = input.municipalityID,
           try await EvidenceAnswer.query(on: db).filter(\.$requestID == requestID).filter(\.$municipalityID == town).first() != nil {
            failure.add("municipalityId", "Für diese Kommune liegt schon eine Antwort vor.")
        }
        let day = Check.dayOfWork(input.answeredOn, field: "answeredOn", label: "der Tag der Antwort", today: today, earliest: request.askedOn,
                                  after: "der Frage", into: &failure)
        let (validMunicipalityID, validSeesSame, validCases, validDay) = try failure.checked(input.municipalityID, input.seesSame, cases, day)
        let answer = EvidenceAnswer()
        answer.requestID = requestID
        answer.municipalityID = validMunicipalityID
        answer.seesSame = validSeesSame
        answer.cases = validCases
        answer.comment = input.comment
        answer.answeredOn = validDay
        answer.answeredBy = actorID
        try await db.transaction { db in
            try await answer.create(on: db)
            try await audit.record(.evidenceAnswered, object: ("topic", request.topicID), on: db)
        }
    }
}

extension Request {
    func evidenceDesk() throws -> EvidenceDesk {
        let authorized = try authorize(.answerEvidenceRequest)
        return EvidenceDesk(scope: authorized.scope, db: db, audit: audit, now: now, actorID: authorized.user.id ?? UUID(), people: try knownPeople())
    }
}
