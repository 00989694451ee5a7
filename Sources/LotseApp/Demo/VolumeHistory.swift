import Fluent
import Foundation
import LotseCore

/// The rows of many invented cases, gathered so they can be stored in a few statements: the data
/// generator's unit of work. Everything personal is sealed with the client's own key, exactly as
/// case work seals it, and every row has the audit entry case work would have written.
struct VolumeBatch {
    var keys: [ClientKey] = []
    var files: [CaseFile] = []
    var phaseEvents: [PhaseEvent] = []
    var clients: [Client] = []
    var tokens: [ClientSearchToken] = []
    var memberships: [LegalDomainMembership] = []
    var consents: [Consent] = []
    var assessments: [Assessment] = []
    var goals: [Goal] = []
    var actions: [CaseAction] = []
    var reviews: [Review] = []
    var contacts: [CaseContact] = []
    var referrals: [Referral] = []
    var conferences: [CaseConference] = []
    var findings: [Finding] = []
    var briefContacts: [BriefContact] = []
    var audit: [AuditRecord] = []

    var rowCount: Int {
        keys.count + files.count + phaseEvents.count + clients.count + tokens.count + memberships.count + consents.count
            + assessments.count + goals.count + actions.count + reviews.count + contacts.count + referrals.count
            + conferences.count + findings.count + briefContacts.count + audit.count
    }

    /// Stores the batch: the keys first in their own store (a client row without its key would be
    /// unreadable), then the case rows and their audit entries in one transaction.
    func store(case database: any Database, keys keyStore: any Database, chain: AuditChain) async throws {
        try await insert(keys, on: keyStore)
        try await database.transaction { db in
            try await insert(clients, on: db)
            try await insert(files, on: db)
            try await insert(phaseEvents, on: db)
            try await insert(tokens, on: db)
            try await insert(memberships, on: db)
            try await insert(consents, on: db)
            try await insert(assessments, on: db)
            try await insert(goals, on: db)
            try await insert(actions, on: db)
            try await insert(reviews, on: db)
            try await insert(contacts, on: db)
            try await insert(referrals, on: db)
            try await insert(conferences, on: db)
            try await insert(findings, on: db)
            try await insert(briefContacts, on: db)
            try await chain.append(audit.sorted { $0.occurredAtMilliseconds < $1.occurredAtMilliseconds }, on: db)
        }
    }

    /// Multi-row inserts, in chunks that stay below SQLite's limit of bound values per statement.
    private func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        for start in stride(from: 0, to: models.count, by: 500) {
            try await models[start..<min(start + 500, models.count)].create(on: db)
        }
    }
}

/// Where and by whom a district's invented cases happen.
struct VolumeDistrict {
    let id: UUID
    let municipalityIDs: [UUID]
    let providerIDs: [UUID]
    let caseManagerID: UUID
}

/// One invented case over its whole life: opened on a day in the past years, carried as far as its
/// age and fate allow, with contacts, plans, referrals and the occasional finding.
struct VolumeCaseWriter {
    let district: VolumeDistrict
    let wrapper: ClientKeyWrapper
    let blindIndex: BlindIndex
    let today: Date

    static let givenNames = ["Amal", "Bashir", "Daria", "Emre", "Farida", "Goran", "Hana", "Ilias", "Jamila", "Karim", "Lejla", "Milan",
                             "Nadia", "Omid", "Parwin", "Rami", "Selin", "Taras", "Yara", "Zoran"]
    static let familyNames = ["Ahmadi", "Berisha", "Celik", "Dragan", "Esmail", "Fofana", "Gashi", "Haidari", "Ivanova", "Jovanović",
                              "Kaya", "Lukić", "Mansour", "Nazari", "Okonkwo", "Popescu", "Qasemi", "Rahman", "Saleh", "Tkachenko"]

    func day(_ date: Date) -> String { GermanFormat.isoDay(date) }

    /// Adds one case, opened `openedDaysAgo` days before today, to the batch.
    func write(number: String, openedDaysAgo: Int, into batch: inout VolumeBatch, using random: inout some RandomNumberGenerator) throws {
        let opened = today.addingTimeInterval(Double(-openedDaysAgo) * 86_400)
        let lifetime = Int.random(in: 20...900, using: &random)
        let isClosed = lifetime < openedDaysAgo
        let lastDay = min(openedDaysAgo, lifetime)
        let clock = VolumeClock(opened: opened, span: lastDay, district: district)
        let municipality = district.municipalityIDs[Int.random(in: 0..<district.municipalityIDs.count, using: &random)]
        let domains = Array(LifeDomain.allCases.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
        let reached = Self.phaseReached(daysOpen: lastDay, random: &random)

        let file = CaseFile()
        let fileID = UUID()
        file.id = fileID
        file.districtID = district.id
        file.municipalityID = municipality
        file.number = number
        file.accessChannel = AccessChannel.allCases.randomElement(using: &random) ?? .walkIn
        file.lifeDomains = domains
        file.phase = isClosed ? .closed : reached
        file.caseManagerID = district.caseManagerID
        file.openedOn = day(opened)
        batch.files.append(file)
        batch.audit.append(clock.entry(.caseOpened, "case", fileID, at: 0))

        // One in eight first contacts ends without consent: no client, closed after the intake.
        guard Int.random(in: 0..<8, using: &random) != 0 else {
            file.phase = isClosed ? .closed : .intake
            batch.phaseEvents.append(phase(.intake, of: fileID, at: clock.date(0)))
            if isClosed { close(file, from: .intake, reason: .intakeCompleted, clock: clock, into: &batch) }
            return
        }
        let clientID = UUID()
        let dataKey = wrapper.newDataKey()
        let key = ClientKey()
        key.id = clientID
        key.districtID = district.id
        key.wrappedKey = try wrapper.wrap(dataKey, clientID: clientID)
        let cipher = try wrapper.unwrap(key.wrappedKey, clientID: clientID)
        batch.keys.append(key)
        file.clientID = clientID
        file.intakeOutcome = .caseManagement

        batch.consents.append(consent(.caseManagement, of: fileID, on: clock.day(0)))
        batch.audit.append(clock.entry(.consentRecorded, "case", fileID, at: 0))
        let identity = ClientIdentity(
            givenNames: Self.givenNames.randomElement(using: &random) ?? "", familyName: Self.familyNames.randomElement(using: &random) ?? "",
            birthDate: day(today.addingTimeInterval(-Double(Int.random(in: 18 * 365...70 * 365, using: &random)) * 86_400)),
            gender: (Gender.allCases.randomElement(using: &random) ?? .unspecified).rawValue, nationalities: ["erfunden"], languages: ["Deutsch (A2)"],
            interpreterNeeded: Bool.random(using: &random), phone: "0151 000\(Int.random(in: 10_000...99_999, using: &random))", email: "",
            address: "Generierter Weg \(Int.random(in: 1...200, using: &random))", residenceStatus: "erfundene Angabe")
        let client = Client()
        client.id = clientID
        client.districtID = district.id
        client.municipalityID = municipality
        client.householdID = UUID()
        client.sealedIdentity = try cipher.sealJSON(identity, Client.schema, clientID, "identity")
        batch.clients.append(client)
        batch.tokens += searchTokens(identity, clientID: clientID)
        let membership = LegalDomainMembership()
        membership.districtID = district.id
        membership.clientID = clientID
        membership.legalDomain = LegalDomain.allCases.randomElement(using: &random) ?? .sgb2
        membership.beganOn = clock.day(0)
        batch.memberships.append(membership)
        batch.audit.append(clock.entry(.clientCreated, "client", clientID, at: 0))

        var phases: [Phase] = [.intake]
        for next in [Phase.assessment, .goalAgreement, .serviceLinking, .monitoring] where next <= reached { phases.append(next) }
        for (index, phase) in phases.enumerated() {
            batch.phaseEvents.append(self.phase(phase, of: fileID, at: clock.date(Double(index) / 5)))
            if index > 0 { batch.audit.append(clock.entry(.phaseChanged, "case", fileID, at: Double(index) / 5)) }
        }
        for domain in domains where reached >= .assessment {
            let assessment = Assessment()
            assessment.id = UUID()
            assessment.caseFileID = fileID
            assessment.lifeDomain = domain
            assessment.priority = Priority.allCases.randomElement(using: &random) ?? .medium
            assessment.sealedText = try cipher.sealJSON(CaseDesk.AssessmentText(situation: "Generierte Ausgangslage.", needs: "Begleitung.", resources: "Familie."),
                                                        Assessment.schema, assessment.id, "text")
            assessment.assessedOn = clock.day(0.2)
            batch.assessments.append(assessment)
            batch.audit.append(clock.entry(.assessmentRecorded, "case", fileID, at: 0.2))
        }
        for domain in domains where reached >= .goalAgreement {
            let goal = Goal()
            goal.id = UUID()
            goal.caseFileID = fileID
            goal.lifeDomain = domain
            goal.sealedDescription = try cipher.seal("Generiertes Ziel im Handlungsfeld \(domain.germanName).", Goal.schema, goal.id, "description")
            goal.agreedOn = clock.day(0.4)
            goal.status = isClosed ? (GoalStatus.allCases.randomElement(using: &random) ?? .reached) : .open
            batch.goals.append(goal)
            batch.audit.append(clock.entry(.goalAdded, "case", fileID, at: 0.4))
            for step in 0..<2 {
                let action = CaseAction()
                action.id = UUID()
                action.caseFileID = fileID
                action.goalID = goal.id
                action.sealedText = try cipher.sealJSON(CaseDesk.ActionText(what: "Unterlagen zusammenstellen", who: step == 0 ? "Klient*in" : "Case Management"),
                                                        CaseAction.schema, action.id, "text")
                let due = 0.4 + Double.random(in: 0.05...0.9, using: &random) * 0.6
                action.dueOn = clock.day(due)
                action.status = isClosed || due < 0.8 ? .done : .open
                batch.actions.append(action)
                batch.audit.append(clock.entry(.actionAdded, "case", fileID, at: 0.4))
            }
        }
        if reached >= .serviceLinking, let provider = district.providerIDs.randomElement(using: &random) {
            let disclosure = consent(.disclosure, of: fileID, on: clock.day(0.6))
            disclosure.recipientProviderID = provider
            disclosure.sealedPurpose = try cipher.seal("Abstimmung der Hilfen", Consent.schema, disclosure.id, "purpose")
            batch.consents.append(disclosure)
            let referral = Referral()
            referral.id = UUID()
            referral.districtID = district.id
            referral.municipalityID = municipality
            referral.caseFileID = fileID
            referral.providerID = provider
            referral.lifeDomain = domains[0]
            referral.sealedReason = try cipher.seal("Generierte Verweisung.", Referral.schema, referral.id, "reason")
            referral.handoverItems = [.contactData]
            referral.consentID = disclosure.id
            referral.status = ReferralStatus.allCases.randomElement(using: &random) ?? .handedOver
            referral.referredOn = clock.day(0.6)
            batch.referrals.append(referral)
            batch.audit.append(clock.entry(.referralCreated, "referral", referral.id, at: 0.6))
            if Int.random(in: 0..<5, using: &random) == 0 {
                let conference = CaseConference()
                conference.id = UUID()
                conference.districtID = district.id
                conference.caseFileID = fileID
                conference.level = .municipal
                conference.heldOn = clock.day(0.65)
                conference.calledBy = district.caseManagerID
                conference.participantProviderIDs = [provider]
                conference.consentIDs = [disclosure.id].compactMap { $0 }
                conference.sealedMinutes = try cipher.seal("Generiertes Protokoll.", CaseConference.schema, conference.id, "minutes")
                batch.conferences.append(conference)
                batch.audit.append(clock.entry(.conferenceRecorded, "conference", conference.id, at: 0.65))
            }
        }
        if reached >= .monitoring {
            let review = Review()
            review.id = UUID()
            review.caseFileID = fileID
            review.dueOn = isClosed ? clock.day(0.9) : day(today.addingTimeInterval(Double(Int.random(in: -20...60, using: &random)) * 86_400))
            review.leadsToReassessment = false
            batch.reviews.append(review)
            batch.audit.append(clock.entry(.reviewScheduled, "case", fileID, at: 0.8))
        }
        // About one contact every six weeks while the case runs, at most ten; every third opens the case page.
        for number in 0..<max(1, min(10, lastDay / 40)) {
            let at = Double.random(in: 0...1, using: &random)
            let contact = CaseContact()
            contact.id = UUID()
            contact.caseFileID = fileID
            contact.contactOn = clock.day(at)
            contact.kind = ContactKind.allCases.randomElement(using: &random) ?? .inPerson
            contact.minutes = [15, 30, 45, 60, 90].randomElement(using: &random) ?? 30
            contact.interpreterUsed = identity.interpreterNeeded
            contact.sealedNote = try cipher.seal("Generierter Kontakt.", CaseContact.schema, contact.id, "note")
            batch.contacts.append(contact)
            batch.audit.append(clock.entry(.contactLogged, "case", fileID, at: at))
            if number % 3 == 0 { batch.audit.append(clock.entry(.caseRead, "case", fileID, at: at)) }
        }
        if Int.random(in: 0..<20, using: &random) == 0 {
            let finding = Finding()
            finding.id = UUID()
            finding.districtID = district.id
            finding.municipalityID = municipality
            finding.caseFileID = fileID
            finding.category = FindingCategory.allCases.randomElement(using: &random) ?? .missingService
            finding.lifeDomain = domains[0]
            finding.legalDomains = [membership.legalDomain]
            finding.level = FindingLevel.allCases.randomElement(using: &random) ?? .district
            finding.details = "Generierte Erkenntnis: ein Angebot fehlt im Handlungsfeld \(domains[0].germanName)."
            finding.reportedBy = district.caseManagerID
            finding.reportedOn = clock.day(0.3)
            batch.findings.append(finding)
            batch.audit.append(clock.entry(.findingReported, "finding", finding.id, at: 0.3))
        }
        if isClosed { close(file, from: reached, reason: ClosureReason.allCases.randomElement(using: &random) ?? .goalsReached, clock: clock, into: &batch) }
    }

    /// A brief contact on a day in the past years (no personal data).
    func writeBriefContact(daysAgo: Int, into batch: inout VolumeBatch, using random: inout some RandomNumberGenerator) {
        let contact = BriefContact()
        contact.id = UUID()
        contact.districtID = district.id
        contact.municipalityID = district.municipalityIDs.randomElement(using: &random) ?? district.municipalityIDs[0]
        contact.contactOn = day(today.addingTimeInterval(Double(-daysAgo) * 86_400))
        contact.accessChannel = AccessChannel.allCases.randomElement(using: &random) ?? .walkIn
        contact.lifeDomains = [LifeDomain.allCases.randomElement(using: &random) ?? .language]
        contact.outcome = .informationGiven
        contact.recordedBy = district.caseManagerID
        batch.briefContacts.append(contact)
        let clock = VolumeClock(opened: today.addingTimeInterval(Double(-daysAgo) * 86_400), span: 0, district: district)
        batch.audit.append(clock.entry(.briefContactRecorded, "briefContact", contact.id, at: 0))
    }

    /// How far an open case has come after so many days (most cases move on within weeks).
    static func phaseReached(daysOpen: Int, random: inout some RandomNumberGenerator) -> Phase {
        let pace = Int.random(in: 7...40, using: &random)
        switch daysOpen / pace {
        case 0: return .intake
        case 1: return .assessment
        case 2: return .goalAgreement
        case 3...4: return .serviceLinking
        default: return .monitoring
        }
    }

    private func close(_ file: CaseFile, from phase: Phase, reason: ClosureReason, clock: VolumeClock, into batch: inout VolumeBatch) {
        file.closedOn = clock.day(1)
        file.closedFrom = phase
        file.closureReason = reason
        file.goalAttainment = phase >= .goalAgreement ? .mostly : .notApplicable
        batch.phaseEvents.append(self.phase(.closed, of: file.id ?? UUID(), at: clock.date(1)))
        batch.audit.append(clock.entry(.caseClosed, "case", file.id, at: 1))
    }

    private func phase(_ phase: Phase, of fileID: UUID, at date: Date) -> PhaseEvent {
        let event = PhaseEvent()
        event.id = UUID()
        event.caseFileID = fileID
        event.phase = phase
        event.enteredAt = date
        return event
    }

    private func consent(_ kind: ConsentKind, of fileID: UUID, on day: String) -> Consent {
        let consent = Consent()
        consent.id = UUID()
        consent.districtID = district.id
        consent.caseFileID = fileID
        consent.kind = kind
        consent.status = .given
        consent.method = .signedForm
        consent.givenOn = day
        consent.recordedBy = district.caseManagerID
        return consent
    }

    /// The same tokens case work stores (`BlindIndex.clientTokens`), so search finds generated clients.
    private func searchTokens(_ identity: ClientIdentity, clientID: UUID) -> [ClientSearchToken] {
        blindIndex.clientTokens(name: identity.fullName, birthDate: identity.birthDate, districtID: district.id).map { kind, value in
            let token = ClientSearchToken()
            token.districtID = district.id
            token.clientID = clientID
            token.kind = kind
            token.token = value
            return token
        }
    }
}

/// The days of one case: a fraction of its life (0 = opened, 1 = last day) becomes a date, and an
/// audit entry at that moment.
struct VolumeClock {
    let opened: Date
    let span: Int
    let district: VolumeDistrict

    func date(_ fraction: Double) -> Date { opened.addingTimeInterval(Double(span) * fraction * 86_400 + 9 * 3_600) }
    func day(_ fraction: Double) -> String { GermanFormat.isoDay(date(fraction)) }

    func entry(_ action: AuditAction, _ type: String, _ id: UUID?, at fraction: Double) -> AuditRecord {
        AuditRecord(sequence: 0, occurredAtMilliseconds: Int64(date(fraction).timeIntervalSince1970 * 1000), districtID: district.id,
                    actorID: district.caseManagerID, clientAddress: "Datengenerator", requestID: "generate", action: action.rawValue,
                    objectType: type, objectID: id?.uuidString, outcome: AuditOutcome.allowed.rawValue, previousHash: "", hash: "")
    }
}
