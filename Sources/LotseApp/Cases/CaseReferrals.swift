import Fluent
import Foundation
import LotseCore
import Vapor

/// Referrals to the directory and case conferences: every way data leaves the case management
/// goes through `requireDisclosure`, which blocks without a valid Schweigepflichtentbindung.
extension CaseDesk {
    struct ReferralInput: Sendable {
        var providerID: UUID?
        var serviceID: UUID?
        var lifeDomain: LifeDomain?
        var reason = ""
        var handoverItems: [HandoverItem] = []
        var status: ReferralStatus = .planned
    }

    func refer(_ input: ReferralInput, caseID: UUID) async throws -> Referral {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        var providerID = input.providerID
        if let serviceID = input.serviceID {
            let service = try await Service.query(on: db).filter(\.$id == serviceID).filter(\.$districtID == scope.districtID).first()
            if let service { providerID = service.$provider.id } else { failure.add("serviceId", "Bitte wählen Sie ein Angebot aus dem Verzeichnis.") }
        }
        if let chosen = input.providerID,
           try await Provider.query(on: db).filter(\.$id == chosen).filter(\.$districtID == scope.districtID).first() == nil {
            // An id from the body is resolved through the district like one in the path (issue 13).
            failure.add("providerId", "Bitte wählen Sie eine Stelle aus dem Angebotsverzeichnis dieses Kreises.")
        } else if providerID == nil {
            failure.add("providerId", "Bitte wählen Sie die Stelle, an die verwiesen wird.")
        }
        Check.choice(input.lifeDomain, field: "lifeDomain", label: "das Handlungsfeld", into: &failure)
        Check.text(input.reason, field: "reason", label: "den Anlass der Verweisung", max: 2000, into: &failure)
        if input.status != .planned && input.status != .handedOver { failure.add("status", "Eine neue Verweisung ist geplant oder übergeben.") }
        let (validProviderID, validLifeDomain) = try failure.checked(providerID, input.lifeDomain)
        // A planned referral passes nothing yet; naming any handover item or handing over does.
        var consentID: UUID?
        if DisclosureGate.creationDiscloses(input.status, items: Set(input.handoverItems)) {
            consentID = try await requireDisclosure(file, to: validProviderID, field: "providerId")
        }
        let referral = Referral()
        referral.id = UUID()
        referral.districtID = scope.districtID
        referral.municipalityID = file.municipalityID
        referral.caseFileID = try file.requireID()
        referral.providerID = validProviderID
        referral.serviceID = input.serviceID
        referral.lifeDomain = validLifeDomain
        referral.sealedReason = try cipher.seal(input.reason, Referral.schema, referral.id, "reason")
        referral.handoverItems = input.handoverItems
        referral.consentID = consentID
        referral.status = input.status
        referral.referredOn = today
        try await db.transaction { db in
            try await referral.create(on: db)
            try await record(.referralCreated, "referral", referral.id, on: db)
        }
        return referral
    }

    struct ReferralUpdate: Sendable {
        var status: ReferralStatus?
        var handoverItems: [HandoverItem] = []
        var feedback = ""
    }

    func updateReferral(_ input: ReferralUpdate, referralID: UUID, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        guard let referral = try await Referral.query(on: db).filter(\.$id == referralID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        var failure = ValidationFailure()
        Check.choice(input.status, field: "status", label: "den Stand der Verweisung", into: &failure)
        Check.text(input.feedback, field: "feedback", label: "die Rückmeldung", max: 2000, required: false, into: &failure)
        let validStatus = try failure.checked(input.status)
        // Every step into a state that discloses (from any state) and every added item checks the
        // consent as it is today: a withdrawal stops the next step at once.
        let newItems = Set(input.handoverItems).subtracting(referral.handoverItems)
        if DisclosureGate.updateDiscloses(from: referral.status, to: validStatus, addedItems: newItems) {
            referral.consentID = try await requireDisclosure(file, to: referral.providerID, field: "status")
        }
        referral.status = validStatus
        referral.handoverItems = HandoverItem.allCases.filter(Set(referral.handoverItems).union(newItems).contains)
        if !input.feedback.isEmpty { referral.sealedFeedback = try cipher.seal(input.feedback, Referral.schema, referral.id, "feedback") }
        try await db.transaction { db in
            try await referral.save(on: db)
            try await record(.referralUpdated, "referral", referral.id, on: db)
        }
    }

    struct ConferenceInput: Sendable {
        var level: ConferenceLevel?
        var heldOn = ""
        var participantIDs: [UUID] = []
        var minutes = ""
        var actions: [ActionInput] = []
    }

    /// Checks every participating organisation against the disclosure consents.
    private func consentsForParticipants(_ ids: [UUID], file: CaseFile, into failure: inout ValidationFailure) async throws -> [UUID] {
        if ids.isEmpty { failure.add("participants", "Bitte wählen Sie mindestens eine teilnehmende Stelle.") }
        var consentIDs: [UUID] = []
        var blocks: [String] = []
        for id in ids {
            do {
                consentIDs.append(try await requireDisclosure(file, to: id, field: "participants"))
            } catch let blocked as ValidationFailure {
                blocks += blocked.errors.map(\.message)
            }
        }
        if !blocks.isEmpty { failure.add("participants", blocks.joined(separator: " ")) }
        return consentIDs
    }

    /// The actions agreed in a conference: the rows that were filled in, each checked like any action.
    private func agreedActions(_ inputs: [ActionInput], file: CaseFile, cipher: ClientCipher,
                               into failure: inout ValidationFailure) async throws -> [CaseAction] {
        var actions: [CaseAction] = []
        for (index, action) in inputs.enumerated() where !(action.text.what.isEmpty && action.text.who.isEmpty && action.dueOn.isEmpty) {
            if let made = try await makeAction(action, file: file, cipher: cipher, prefix: "action\(index + 1)-", into: &failure) { actions.append(made) }
        }
        return actions
    }

    /// A case manager's conference: municipal or district level, with minutes and agreed actions.
    func holdConference(_ input: ConferenceInput, caseID: UUID) async throws -> CaseConference {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        Check.choice(input.level, field: "level", label: "die Ebene der Fallkonferenz", into: &failure)
        let day = Check.day(input.heldOn, field: "heldOn", label: "das Datum der Fallkonferenz", into: &failure)
        Check.text(input.minutes, field: "minutes", label: "das Protokoll", max: 8000, required: false, into: &failure)
        let consentIDs = try await consentsForParticipants(input.participantIDs, file: file, into: &failure)
        let actions = try await agreedActions(input.actions, file: file, cipher: cipher, into: &failure)
        let (validLevel, validDay) = try failure.checked(input.level, day)
        let conference = CaseConference()
        conference.id = UUID()
        conference.districtID = scope.districtID
        conference.caseFileID = try file.requireID()
        conference.level = validLevel
        conference.heldOn = validDay
        conference.calledBy = actorID
        conference.participantProviderIDs = input.participantIDs
        conference.consentIDs = consentIDs
        conference.sealedMinutes = input.minutes.isEmpty ? nil : try cipher.seal(input.minutes, CaseConference.schema, conference.id, "minutes")
        for action in actions { action.conferenceID = conference.id }
        let agreed = actions
        try await db.transaction { db in
            try await conference.create(on: db)
            for action in agreed { try await action.create(on: db) }
            try await record(.conferenceRecorded, "conference", conference.id, on: db)
        }
        return conference
    }

    /// A coordinator calls a district conference by case number: date and organisations only, no
    /// personal data. The participants are still checked against the consents, because the case
    /// manager will bring the case there. Needs the `callDistrictConference` desk.
    func callDistrictConference(heldOn: String, participantIDs: [UUID], caseID: UUID) async throws -> CaseConference {
        let file = try await changeableCase(caseID, showingReason: false)
        var failure = ValidationFailure()
        if file.phase == .closed { failure.add("heldOn", "Der Fall ist abgeschlossen.") }
        let day = Check.day(heldOn, field: "heldOn", label: "das Datum der Fallkonferenz", into: &failure)
        let consentIDs = try await consentsForParticipants(participantIDs, file: file, into: &failure)
        let validDay = try failure.checked(day)
        let conference = CaseConference()
        conference.districtID = scope.districtID
        conference.caseFileID = try file.requireID()
        conference.level = .district
        conference.heldOn = validDay
        conference.calledBy = actorID
        conference.participantProviderIDs = participantIDs
        conference.consentIDs = consentIDs
        try await db.transaction { db in
            try await conference.create(on: db)
            try await record(.conferenceCalled, "conference", conference.id, on: db)
        }
        return conference
    }

    /// The case manager writes the minutes of a conference (also of one a coordinator called).
    func recordMinutes(_ minutes: String, actions inputs: [ActionInput], conferenceID: UUID, caseID: UUID) async throws {
        let (file, cipher) = try await openCaseForWork(caseID)
        guard let conference = try await CaseConference.query(on: db).filter(\.$id == conferenceID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        var failure = ValidationFailure()
        Check.text(minutes, field: "minutes", label: "das Protokoll", max: 8000, into: &failure)
        let actions = try await agreedActions(inputs, file: file, cipher: cipher, into: &failure)
        try failure.throwIfAny()
        conference.sealedMinutes = try cipher.seal(minutes, CaseConference.schema, conference.id, "minutes")
        for action in actions { action.conferenceID = conference.id }
        let agreed = actions
        try await db.transaction { db in
            try await conference.save(on: db)
            for action in agreed { try await action.create(on: db) }
            try await record(.conferenceRecorded, "conference", conference.id, on: db)
        }
    }

    struct FindingInput: Sendable {
        var category: FindingCategory?
        var lifeDomain: LifeDomain?
        var legalDomains: [LegalDomain] = []
        var level: FindingLevel?
        var description = ""
        /// The person saw the warning that the text may hold personal data and checked it.
        var confirmedNoPersonalData = false
        /// The day the gap showed (issue 19, part 4); empty: today.
        var reportedOn = ""
    }

    /// A structural finding from a case. It carries no personal data; a text that looks like it
    /// does is sent back with the warnings until the person confirms having checked it.
    func reportFinding(_ input: FindingInput, caseID: UUID) async throws -> Finding {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        Check.choice(input.category, field: "category", label: "die Art der Lücke oder Hürde", into: &failure)
        Check.choice(input.lifeDomain, field: "lifeDomain", label: "das Handlungsfeld", into: &failure)
        Check.choice(input.level, field: "level", label: "die Ebene", into: &failure)
        Check.text(input.description, field: "description", label: "die Beschreibung", max: 4000, into: &failure)
        let guardian = KnownPeople(db: db, vault: vault, audit: audit)
        let named = try await guardian.refuse([("description", input.description)], naming: try await guardian.behind(cases: [caseID]),
                                              object: ("case", file.id), into: &failure)
        let warnings = named ? [] : PersonalDataWarning.check(input.description)
        if !warnings.isEmpty && !input.confirmedNoPersonalData {
            failure.add("description", warnings.map(\.message).joined(separator: " ")
                        + " Erkenntnisse dürfen keine personenbezogenen Daten enthalten. Bitte prüfen Sie den Text und bestätigen Sie die Prüfung.")
        }
        let day = Check.dayOfWork(input.reportedOn, field: "reportedOn", label: "der Tag der Erkenntnis", today: today, into: &failure)
        let (validCategory, validLifeDomain, validLevel, validDay) = try failure.checked(input.category, input.lifeDomain, input.level, day)
        let finding = Finding()
        finding.districtID = scope.districtID
        finding.municipalityID = file.municipalityID
        finding.caseFileID = try file.requireID()
        finding.category = validCategory
        finding.lifeDomain = validLifeDomain
        finding.legalDomains = input.legalDomains
        finding.level = validLevel
        finding.details = input.description
        finding.reportedBy = actorID
        finding.reportedOn = validDay
        try await db.transaction { db in
            try await finding.create(on: db)
            try await record(.findingReported, "finding", finding.id, on: db)
        }
        return finding
    }
}
