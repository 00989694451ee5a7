import Fluent
import Foundation
import LotseCore
import Vapor

/// Assessment, goal agreement, actions, reviews and the contacts log: all free text, so all of it
/// needs the consent and a client, and is sealed with the client's key.
extension CaseDesk {
    /// The case, open and consented, with the cipher of its client: the door to every text in it.
    func openCaseForWork(_ caseID: UUID) async throws -> (CaseFile, ClientCipher) {
        let file = try await changeableCase(caseID)
        guard file.phase != .closed else {
            throw PublicError(status: .conflict, reason: "Der Fall ist abgeschlossen. Öffnen Sie ihn wieder, um weiterzuarbeiten.",
                              remedy: .init(label: "Fall \(file.number) wieder öffnen", href: SiteURL.caseStep(.value(caseID), .reopen).path))
        }
        guard try await hasCaseManagementConsent(file) else {
            throw Self.consentMissing(file, "Ohne erteilte Einverständniserklärung enthält der Fall nur die Angaben eines Kurzkontakts.")
        }
        return (file, try await cipher(for: file))
    }

    struct AssessmentText: Codable, Sendable {
        var situation = ""
        var needs = ""
        var resources = ""
    }

    struct AssessmentInput: Sendable {
        var lifeDomain: LifeDomain?
        var priority: Priority?
        var text = AssessmentText()
    }

    func assess(_ input: AssessmentInput, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        Check.choice(input.lifeDomain, field: "lifeDomain", label: "das Handlungsfeld", into: &failure)
        Check.choice(input.priority, field: "priority", label: "die Priorität", into: &failure)
        Check.text(input.text.situation, field: "situation", label: "die Situation", into: &failure)
        Check.text(input.text.needs, field: "needs", label: "den Bedarf", into: &failure)
        Check.text(input.text.resources, field: "resources", label: "die Ressourcen und Stärken", required: false, into: &failure)
        let (validLifeDomain, validPriority) = try failure.checked(input.lifeDomain, input.priority)
        let assessment = Assessment()
        assessment.id = UUID()
        assessment.caseFileID = try file.requireID()
        assessment.lifeDomain = validLifeDomain
        assessment.priority = validPriority
        assessment.sealedText = try cipher.sealJSON(input.text, Assessment.schema, assessment.id, "text")
        assessment.assessedOn = today
        if !file.lifeDomains.contains(assessment.lifeDomain) { file.lifeDomains.append(assessment.lifeDomain) }
        try await db.transaction { db in
            try await assessment.create(on: db)
            try await file.save(on: db)
            try await record(.assessmentRecorded, "case", file.id, on: db)
        }
    }

    struct GoalInput: Sendable {
        var lifeDomain: LifeDomain?
        var description = ""
        var agreedOn = ""
    }

    func addGoal(_ input: GoalInput, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        Check.choice(input.lifeDomain, field: "lifeDomain", label: "das Handlungsfeld", into: &failure)
        Check.text(input.description, field: "description", label: "das Ziel", max: 1000, into: &failure)
        let day = Check.day(input.agreedOn, field: "agreedOn", label: "das Datum der Vereinbarung", into: &failure)
        let (validLifeDomain, validDay) = try failure.checked(input.lifeDomain, day)
        let goal = Goal()
        goal.id = UUID()
        goal.caseFileID = try file.requireID()
        goal.lifeDomain = validLifeDomain
        goal.sealedDescription = try cipher.seal(input.description, Goal.schema, goal.id, "description")
        goal.agreedOn = validDay
        goal.status = .open
        try await db.transaction { db in
            try await goal.create(on: db)
            try await record(.goalAdded, "case", file.id, on: db)
        }
    }

    func setGoalStatus(_ status: GoalStatus?, goalID: UUID, caseID: UUID) async throws {
        let (file, _) = try await openCaseForWork(caseID)
        guard let goal = try await Goal.query(on: db).filter(\.$id == goalID).filter(\.$caseFileID == caseID).first() else { throw PublicError.notFound }
        var failure = ValidationFailure()
        Check.choice(status, field: "status", label: "den Stand des Ziels", into: &failure)
        let validStatus = try failure.checked(status)
        goal.status = validStatus
        try await db.transaction { db in
            try await goal.save(on: db)
            try await record(.goalUpdated, "case", file.id, on: db)
        }
    }

    struct ActionText: Codable, Sendable {
        var what = ""
        var who = ""
    }

    struct ActionInput: Sendable {
        var goalID: UUID?
        var text = ActionText()
        var dueOn = ""
    }

    /// Checks and builds an action without saving it (a conference saves several with itself).
    func makeAction(_ input: ActionInput, file: CaseFile, cipher: ClientCipher, prefix: String = "",
                    into failure: inout ValidationFailure) async throws -> CaseAction? {
        Check.text(input.text.what, field: prefix + "what", label: "was zu tun ist", max: 500, into: &failure)
        Check.text(input.text.who, field: prefix + "who", label: "wer es tut", max: 200, into: &failure)
        let day = Check.day(input.dueOn, field: prefix + "dueOn", label: "bis wann", into: &failure)
        if let goalID = input.goalID,
           try await Goal.query(on: db).filter(\.$id == goalID).filter(\.$caseFileID == file.requireID()).first() == nil {
            failure.add(prefix + "goalId", "Bitte wählen Sie ein Ziel dieses Falls.")
        }
        guard failure.isEmpty, let day else { return nil }
        let action = CaseAction()
        action.id = UUID()
        action.caseFileID = try file.requireID()
        action.goalID = input.goalID
        action.sealedText = try cipher.sealJSON(input.text, CaseAction.schema, action.id, "text")
        action.dueOn = day
        action.status = .open
        return action
    }

    func addAction(_ input: ActionInput, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        let action = try await makeAction(input, file: file, cipher: cipher, into: &failure)
        try failure.throwIfAny()
        guard let action else { return }
        try await db.transaction { db in
            try await action.create(on: db)
            try await record(.actionAdded, "case", file.id, on: db)
        }
    }

    func setActionStatus(_ status: ActionStatus?, actionID: UUID, caseID: UUID) async throws {
        let (file, _) = try await openCaseForWork(caseID)
        guard let action = try await CaseAction.query(on: db).filter(\.$id == actionID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        var failure = ValidationFailure()
        Check.choice(status, field: "status", label: "den Stand der Maßnahme", into: &failure)
        let validStatus = try failure.checked(status)
        action.status = validStatus
        try await db.transaction { db in
            try await action.save(on: db)
            try await record(.actionUpdated, "case", file.id, on: db)
        }
    }

    func scheduleReview(dueOn: String, caseID: UUID) async throws {
        let (file, _) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        let day = Check.day(dueOn, field: "dueOn", label: "den Termin der Wiedervorlage", into: &failure)
        let validDay = try failure.checked(day)
        let review = Review()
        review.caseFileID = try file.requireID()
        review.dueOn = validDay
        review.leadsToReassessment = false
        try await db.transaction { db in
            try await review.create(on: db)
            try await record(.reviewScheduled, "case", file.id, on: db)
        }
    }

    struct ReviewInput: Sendable {
        var heldOn = ""
        /// Progress per goal id (as text), and a general note under "".
        var progress: [String: String] = [:]
        var leadsToReassessment = false
    }

    /// Holds a review; with re-assessment, a case in monitoring goes back to assessment.
    func holdReview(_ input: ReviewInput, reviewID: UUID, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        guard let review = try await Review.query(on: db).filter(\.$id == reviewID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        var failure = ValidationFailure()
        let day = Check.day(input.heldOn, field: "heldOn", label: "das Datum der Überprüfung", into: &failure)
        for (key, text) in input.progress where text.count > 2000 {
            failure.add(key.isEmpty ? "note" : "progress-" + key, "Die Angabe darf höchstens 2000 Zeichen lang sein.")
        }
        if input.leadsToReassessment && file.phase != .monitoring {
            failure.add("leadsToReassessment", "Eine Re-Assessment ist aus der Phase Monitoring möglich; der Fall steht in „\(file.phase.germanName)“.")
        }
        try failure.throwIfAny()
        review.heldOn = day
        review.sealedProgress = try cipher.sealJSON(input.progress, Review.schema, review.id, "progress")
        review.leadsToReassessment = input.leadsToReassessment
        try await db.transaction { db in
            try await review.save(on: db)
            try await record(.reviewRecorded, "case", file.id, on: db)
        }
        if input.leadsToReassessment { try await changePhase(to: .assessment, caseID: caseID) }
    }

    struct ContactInput: Sendable {
        var contactOn = ""
        var kind: ContactKind?
        var minutes = ""
        var interpreterUsed = false
        var note = ""
    }

    func logContact(_ input: ContactInput, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        let day = Check.day(input.contactOn, field: "contactOn", label: "das Datum des Kontakts", into: &failure)
        Check.choice(input.kind, field: "kind", label: "die Art des Kontakts", into: &failure)
        let minutes = Int(input.minutes)
        if minutes == nil || !(1...720).contains(minutes ?? 0) {
            failure.add("minutes", "Bitte geben Sie die Dauer in Minuten an (1 bis 720).")
        }
        Check.text(input.note, field: "note", label: "die Notiz", max: 4000, required: false, into: &failure)
        let (validDay, validKind, validMinutes) = try failure.checked(day, input.kind, minutes)
        let contact = CaseContact()
        contact.id = UUID()
        contact.caseFileID = try file.requireID()
        contact.contactOn = validDay
        contact.kind = validKind
        contact.minutes = validMinutes
        contact.interpreterUsed = input.interpreterUsed
        contact.sealedNote = input.note.isEmpty ? nil : try cipher.seal(input.note, CaseContact.schema, contact.id, "note")
        try await db.transaction { db in
            try await contact.create(on: db)
            try await record(.contactLogged, "case", file.id, on: db)
        }
    }
}
