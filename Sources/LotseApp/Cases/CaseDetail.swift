import Fluent
import Foundation
import LotseCore
import Vapor

/// Everything about one case, opened for its case manager: the page and the API both read this.
struct CaseDetail: Encodable, Sendable {
    struct PhaseTime: Encodable, Sendable {
        let phase: Coded
        let days: Int
    }

    struct ConsentView: Encodable, Sendable {
        let id: UUID
        let kind: Coded
        let status: Coded
        let method: Coded?
        let givenOn: String
        let recipientId: UUID?
        let recipient: String?
        let purpose: String?
        let validFrom: String?
        let validUntil: String?
        let withdrawnOn: String?
        let isValidToday: Bool
        /// Who recorded it (a colleague's name, for the file).
        let recordedBy: String
    }

    struct LegalDomainView: Encodable, Sendable {
        let legalDomain: Coded
        let beganOn: String
        let endedOn: String?
        let previous: Coded?
    }

    struct ClientView: Encodable, Sendable {
        let id: UUID
        let identity: ClientIdentity
        let gender: Coded?
        let legalDomains: [LegalDomainView]
        let household: [HouseholdMember]
    }

    struct HouseholdMember: Encodable, Sendable {
        let name: String
        let caseNumbers: [String]
    }

    struct AssessmentView: Encodable, Sendable {
        let lifeDomain: Coded
        let priority: Coded
        let situation: String
        let needs: String
        let resources: String
        let assessedOn: String
    }

    struct ActionView: Encodable, Sendable {
        let id: UUID
        let goalId: UUID?
        let fromConference: Bool
        let what: String
        let who: String
        let dueOn: String
        let status: Coded
        let isOverdue: Bool
    }

    struct GoalView: Encodable, Sendable {
        let id: UUID
        let lifeDomain: Coded
        let description: String
        let agreedOn: String
        let status: Coded
        let actions: [ActionView]
        var hasActions: Bool { !actions.isEmpty }

        enum CodingKeys: String, CodingKey { case id, lifeDomain, description, agreedOn, status, actions, hasActions }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(lifeDomain, forKey: .lifeDomain)
            try c.encode(description, forKey: .description)
            try c.encode(agreedOn, forKey: .agreedOn)
            try c.encode(status, forKey: .status)
            try c.encode(actions, forKey: .actions)
            try c.encode(hasActions, forKey: .hasActions)
        }
    }

    struct ReviewView: Encodable, Sendable {
        let id: UUID
        let dueOn: String
        let heldOn: String?
        let note: String
        let progress: [GoalProgress]
        let leadsToReassessment: Bool
        let isOverdue: Bool
    }

    struct GoalProgress: Encodable, Sendable {
        let goal: String
        let text: String
    }

    struct ContactView: Encodable, Sendable {
        let contactOn: String
        let kind: Coded
        let minutes: Int
        let interpreterUsed: Bool
        let note: String
    }

    struct ReferralView: Encodable, Sendable {
        let id: UUID
        let providerId: UUID
        let provider: String
        let service: String?
        let lifeDomain: Coded
        let reason: String
        let handoverItems: [Coded]
        let status: Coded
        let feedback: String
        let referredOn: String
        let reliedOnConsent: Bool
        let hasHandover: Bool
    }

    struct ConferenceView: Encodable, Sendable {
        let id: UUID
        let level: Coded
        let heldOn: String
        let participants: [String]
        let minutes: String
        let hasMinutes: Bool
        /// The help plan the conference agreed (issue 19, part 6), if any.
        let helpPlan: HelpPlanView?
        /// A district-level conference without a plan yet: one can be recorded.
        let mayAgreeHelpPlan: Bool
    }

    struct HelpPlanView: Encodable, Sendable {
        struct Action: Encodable, Sendable {
            let text: String
            let provider: String
            let dueOn: String?
        }

        let id: UUID
        let agreedOn: String
        let goals: String
        let acceptedBy: [String]
        let actions: [Action]
        /// The next review; nil once the plan has ended.
        let dueOn: String?
        let isDue: Bool
        let lastReviewedOn: String?
        let reviewNote: String
    }

    struct FindingView: Encodable, Sendable {
        let category: Coded
        let lifeDomain: Coded
        let level: Coded
        let description: String
        let reportedOn: String
    }

    /// A restriction of processing (Art. 18 GDPR), active until `liftedOn`.
    struct RestrictionView: Encodable, Sendable {
        let restrictedOn: String
        let reason: String
        let restrictedBy: String
        let liftedOn: String?
        let liftReason: String?
        let liftedBy: String?
        let isActive: Bool
    }

    /// A correction of the person's data (Art. 16 GDPR): what each changed field said before.
    struct CorrectionView: Encodable, Sendable {
        let correctedOn: String
        let correctedBy: String
        let changes: [FieldChange]
    }

    /// A request for access (Art. 15 GDPR) with its deadline.
    struct AccessRequestView: Encodable, Sendable {
        let id: UUID
        let receivedOn: String
        let deadline: String
        let fulfilledOn: String?
        let delivery: Coded?
        let isOpen: Bool
        let isOverdue: Bool
    }

    /// A pre-check against one checklist version (Baustein 3), with what is still missing.
    struct PreCheckView: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let position: Int
            let title: String
            let legalSource: String
            let status: Coded
            let note: String
            let reviewOn: String?
        }

        let id: UUID
        let procedure: Coded
        let checklistId: UUID
        let checklist: String
        let version: Int
        let startedOn: String
        let items: [Item]
        let met: Int
        let missing: Int
        let unclear: Int
        let nextReview: String?
    }

    /// A pre-check handed over to an office, with the office's feedback (Baustein 3).
    struct HandoverView: Encodable, Sendable {
        struct Event: Encodable, Sendable {
            let status: Coded
            let happenedOn: String
            let note: String
        }

        let id: UUID
        let preCheckId: UUID?
        let officeId: UUID
        let office: String
        let procedure: Coded
        let handedOverOn: String
        let status: Coded
        let statusOn: String
        /// The waiver no longer holds: the office sees no content any more.
        let disclosureStopped: Bool
        let events: [Event]
    }

    /// One change of phase, with the reason where one was given (re-assessment, reopening).
    struct PhaseStepView: Encodable, Sendable {
        let phase: Coded
        let enteredOn: String
        let reason: String
    }

    struct ClosureView: Encodable, Sendable {
        let reason: Coded?
        let goalAttainment: Coded?
        let evaluation: String
        let closedOn: String?
    }

    let id: UUID
    let number: String
    let municipalityId: UUID
    let municipality: String
    let accessChannel: Coded?
    let accessLevel: String
    let referringParty: String
    let lifeDomains: [Coded]
    let phase: Coded
    let phaseTimes: [PhaseTime]
    let nextPhases: [Coded]
    let intakeOutcome: Coded?
    let openedOn: String
    let hasConsent: Bool
    let consents: [ConsentView]
    let client: ClientView?
    let assessments: [AssessmentView]
    let goals: [GoalView]
    let looseActions: [ActionView]
    let reviews: [ReviewView]
    let contacts: [ContactView]
    let referrals: [ReferralView]
    let conferences: [ConferenceView]
    let findings: [FindingView]
    let closure: ClosureView?
    let restrictions: [RestrictionView]
    let corrections: [CorrectionView]
    let accessRequests: [AccessRequestView]
    let phaseHistory: [PhaseStepView]
    let preChecks: [PreCheckView]
    let handovers: [HandoverView]
    var isRestricted: Bool { restrictions.contains(where: \.isActive) }
}

extension CaseDesk {
    /// Opens the whole case. Reading it is a read of personal data and is audited. For an access
    /// export (`forExport`) every assessment is shown, not only the latest per life domain, and the
    /// client is left out: the export names the person once, without the other people of the household.
    func detail(_ caseID: UUID, forExport: Bool = false) async throws -> CaseDetail {
        try await detail(try await caseFile(caseID), forExport: forExport)
    }

    /// The case page of a case file already read (and checked for scope) by `caseFile(_:)`.
    func detail(_ file: CaseFile, forExport: Bool = false) async throws -> CaseDetail {
        let id = try file.requireID()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        let consents = try await consents(of: file)
        let facts = Self.facts(consents)
        let providerIDs = Set(consents.compactMap(\.recipientProviderID))
        let referrals = try await Referral.query(on: db).filter(\.$caseFileID == id).sort(\.$createdAt).all()
        let words = try await words()
        let conferences = try await CaseConference.query(on: db).filter(\.$caseFileID == id).sort(\.$heldOn).all()
        let plans = try await HelpPlan.query(on: db).filter(\.$caseFileID == id).all()
        let planItems = plans.isEmpty ? [] : try await HelpPlanItem.query(on: db).filter(\.$planID ~~ plans.compactMap(\.id)).sort(\.$position).all()
        let allProviderIDs = providerIDs.union(referrals.map(\.providerID)).union(conferences.flatMap(\.participantProviderIDs)).union(planItems.map(\.providerID))
        let providers = allProviderIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Provider.query(on: db)
            .filter(\.$id ~~ Array(allProviderIDs)).all().compactMap { p in p.id.map { ($0, p.name) } })
        let serviceIDs = referrals.compactMap(\.serviceID)
        let services = serviceIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Service.query(on: db)
            .filter(\.$id ~~ serviceIDs).all().compactMap { s in s.id.map { ($0, s.name) } })
        let cipher: ClientCipher? = file.clientID == nil ? nil : try await cipher(for: file)
        func open(_ sealed: String?, _ table: String, _ rowID: UUID?, _ field: String) throws -> String {
            guard let cipher else { return "" }
            return try cipher.open(sealed, table, rowID, field)
        }

        // Help plans by their conference (issue 19, part 6).
        var planViews: [UUID: CaseDetail.HelpPlanView] = [:]
        for plan in plans {
            let actions = try planItems.filter { $0.planID == plan.id }.map { item in
                CaseDetail.HelpPlanView.Action(text: try open(item.sealedAction, HelpPlanItem.schema, item.id, "action"),
                                               provider: providers[item.providerID] ?? "", dueOn: item.dueOn)
            }
            planViews[plan.conferenceID] = CaseDetail.HelpPlanView(
                id: try plan.requireID(), agreedOn: plan.agreedOn, goals: try open(plan.sealedGoals, HelpPlan.schema, plan.id, "goals"),
                acceptedBy: plan.acceptedProviderIDs.map { providers[$0] ?? "" }, actions: actions,
                dueOn: plan.dueOn, isDue: plan.dueOn.map { $0 <= today } ?? false, lastReviewedOn: plan.lastReviewedOn,
                reviewNote: try open(plan.sealedReviewNote, HelpPlan.schema, plan.id, "reviewNote"))
        }

        var client: CaseDetail.ClientView?
        if !forExport, let clientID = file.clientID, let cipher, let record = try await Client.find(clientID, on: db) {
            let identity = try identity(of: record, cipher: cipher)
            let memberships = try await LegalDomainMembership.query(on: db).filter(\.$clientID == clientID).sort(\.$beganOn).all()
            let housemates = try await Client.query(on: db).filter(\.$householdID == record.householdID).filter(\.$id != clientID).all()
            // The household in three reads, not two for each member (issue 17): the members in scope,
            // their keys in one batch (an erased member has none), their cases.
            let mates = try await clientsInScope(housemates.compactMap(\.id))
            let mateIDs = mates.compactMap(\.id)
            let mateCiphers = try await vault.ciphers(for: mateIDs)
            let mateCases = mateIDs.isEmpty ? [] : try await CaseFile.query(on: db).filter(\.$clientID ~~ mateIDs).all()
            let household: [CaseDetail.HouseholdMember] = mates.map { mate in
                let name = mate.id.flatMap { mateCiphers[$0] }.flatMap { try? self.identity(of: mate, cipher: $0) }?.fullName
                return .init(name: name ?? "(gelöscht)", caseNumbers: mateCases.filter { $0.clientID == mate.id }.map(\.number))
            }
            client = .init(id: clientID, identity: identity, gender: try Coded(Gender.self, identity.gender),
                           legalDomains: memberships.map { m in
                               .init(legalDomain: Coded(m.legalDomain), beganOn: m.beganOn, endedOn: m.endedOn, previous: m.previousLegalDomain.map(Coded.init))
                           }, household: household)
        }

        let assessments = try await Assessment.query(on: db).filter(\.$caseFileID == id).sort(\.$createdAt, .descending).all()
        var latest: [CaseDetail.AssessmentView] = []
        var seen: Set<LifeDomain> = []
        for assessment in assessments where forExport || !seen.contains(assessment.lifeDomain) {
            seen.insert(assessment.lifeDomain)
            let text = try cipher?.openJSON(AssessmentText.self, assessment.sealedText, Assessment.schema, assessment.id, "text") ?? AssessmentText()
            latest.append(.init(lifeDomain: Coded(assessment.lifeDomain),
                                priority: Coded(assessment.priority),
                                situation: text.situation, needs: text.needs, resources: text.resources, assessedOn: assessment.assessedOn))
        }

        let actions = try await CaseAction.query(on: db).filter(\.$caseFileID == id).sort(\.$dueOn).all().map { action in
            let text = try cipher?.openJSON(ActionText.self, action.sealedText, CaseAction.schema, action.id, "text") ?? ActionText()
            return CaseDetail.ActionView(id: try action.requireID(), goalId: action.goalID, fromConference: action.conferenceID != nil,
                                         what: text.what, who: text.who, dueOn: action.dueOn,
                                         status: Coded(action.status),
                                         isOverdue: action.status == .open && action.dueOn < today)
        }
        let goalRecords = try await Goal.query(on: db).filter(\.$caseFileID == id).sort(\.$createdAt).all()
        let goals = try goalRecords.map { goal in
            CaseDetail.GoalView(id: try goal.requireID(), lifeDomain: Coded(goal.lifeDomain),
                                description: try open(goal.sealedDescription, Goal.schema, goal.id, "description"), agreedOn: goal.agreedOn,
                                status: Coded(goal.status), actions: actions.filter { $0.goalId == goal.id })
        }
        let goalNames = Dictionary(uniqueKeysWithValues: goals.map { ($0.id.uuidString, $0.description) })

        let reviews = try await Review.query(on: db).filter(\.$caseFileID == id).sort(\.$dueOn).all().map { review in
            let progress = try cipher?.openJSON([String: String].self, review.sealedProgress, Review.schema, review.id, "progress") ?? [:]
            return CaseDetail.ReviewView(
                id: try review.requireID(), dueOn: review.dueOn, heldOn: review.heldOn, note: progress[""] ?? "",
                progress: progress.filter { !$0.key.isEmpty && !$0.value.isEmpty }.sorted { $0.key < $1.key }
                    .map { .init(goal: goalNames[$0.key] ?? "Ziel", text: $0.value) },
                leadsToReassessment: review.leadsToReassessment, isOverdue: review.heldOn == nil && review.dueOn < today)
        }
        let contacts = try await CaseContact.query(on: db).filter(\.$caseFileID == id).sort(\.$contactOn, .descending).all().map { contact in
            CaseDetail.ContactView(contactOn: contact.contactOn, kind: Coded(contact.kind),
                                   minutes: contact.minutes, interpreterUsed: contact.interpreterUsed,
                                   note: try open(contact.sealedNote, CaseContact.schema, contact.id, "note"))
        }
        let findings = try await Finding.query(on: db).filter(\.$caseFileID == id).sort(\.$createdAt).all().map { finding in
            CaseDetail.FindingView(category: Coded(finding.category),
                                   lifeDomain: Coded(finding.lifeDomain),
                                   level: Coded(finding.level),
                                   description: finding.details, reportedOn: finding.reportedOn)
        }
        let restrictionRows = try await CaseRestriction.query(on: db).filter(\.$caseFileID == id).all()
        var correctionRows: [ClientCorrection] = []
        if let clientID = file.clientID { correctionRows = try await ClientCorrection.query(on: db).filter(\.$clientID == clientID).all() }
        let recorders = try await userNames(consents.map(\.recordedBy) + restrictionRows.flatMap { [$0.restrictedBy] + ($0.liftedBy.map { [$0] } ?? []) }
                                                + correctionRows.map(\.correctedBy))
        let phase = file.phase
        let events = try await PhaseEvent.query(on: db).filter(\.$caseFileID == id).sort(\.$enteredAt).all()
        let history = events.map { event in PhaseEntry(phase: event.phase, enteredAt: event.enteredAt) }
        let channel = file.accessChannel
        let detail = CaseDetail(
            id: id, number: file.number, municipalityId: file.municipalityID, municipality: towns[file.municipalityID] ?? "",
            accessChannel: Coded(channel), accessLevel: channel.levelName, referringParty: try await referringParty(of: file, clientCipher: cipher),
            lifeDomains: file.lifeDomains.map(Coded.init), phase: Coded(phase),
            phaseTimes: PhaseDurations.days(history: history, now: now).map { .init(phase: Coded($0.phase), days: $0.days) },
            nextPhases: PhaseMachine.next(from: phase).filter { $0 != .closed }.map(Coded.init),
            intakeOutcome: file.intakeOutcome.map(Coded.init), openedOn: file.openedOn,
            hasConsent: ConsentRules.hasCaseManagementConsent(facts, on: today),
            consents: try consents.map { consent in
                let fact = Self.facts([consent]).first
                return CaseDetail.ConsentView(
                    id: try consent.requireID(), kind: Coded(consent.kind),
                    status: Coded(consent.status), method: Coded(consent.method),
                    givenOn: consent.givenOn, recipientId: consent.recipientProviderID,
                    recipient: consent.recipientProviderID.flatMap { providers[$0] },
                    purpose: consent.sealedPurpose == nil ? nil : try open(consent.sealedPurpose, Consent.schema, consent.id, "purpose"),
                    validFrom: consent.validFrom, validUntil: consent.validUntil, withdrawnOn: consent.withdrawnOn,
                    isValidToday: fact.map { ConsentRules.isValid($0, on: today) } ?? false,
                    recordedBy: recorders[consent.recordedBy] ?? "")
            },
            client: client, assessments: latest, goals: goals, looseActions: actions.filter { $0.goalId == nil }, reviews: reviews,
            contacts: contacts,
            referrals: try referrals.map { referral in
                CaseDetail.ReferralView(
                    id: try referral.requireID(), providerId: referral.providerID, provider: providers[referral.providerID] ?? "",
                    service: referral.serviceID.flatMap { services[$0] }, lifeDomain: Coded(referral.lifeDomain),
                    reason: try open(referral.sealedReason, Referral.schema, referral.id, "reason"),
                    handoverItems: referral.handoverItems.map(Coded.init),
                    status: Coded(referral.status),
                    feedback: try open(referral.sealedFeedback, Referral.schema, referral.id, "feedback"),
                    referredOn: referral.referredOn, reliedOnConsent: referral.consentID != nil,
                    hasHandover: !referral.handoverItems.isEmpty)
            },
            conferences: try conferences.map { conference in
                let minutes = try open(conference.sealedMinutes, CaseConference.schema, conference.id, "minutes")
                return CaseDetail.ConferenceView(
                    id: try conference.requireID(), level: Coded(conference.level, name: words.name(conference.level)),
                    heldOn: conference.heldOn, participants: conference.participantProviderIDs.map { providers[$0] ?? "" },
                    minutes: minutes, hasMinutes: !minutes.isEmpty,
                    helpPlan: conference.id.flatMap { planViews[$0] },
                    mayAgreeHelpPlan: conference.level == .district && conference.id.flatMap { planViews[$0] } == nil)
            },
            findings: findings,
            closure: phase == .closed ? .init(reason: file.closureReason.map(Coded.init),
                                              goalAttainment: file.goalAttainment.map(Coded.init),
                                              evaluation: try open(file.sealedEvaluation, CaseFile.schema, file.id, "evaluation"),
                                              closedOn: file.closedOn) : nil,
            restrictions: try Self.restrictionViews(restrictionRows, cipher: cipher, names: recorders),
            corrections: try Self.correctionViews(correctionRows, cipher: cipher, names: recorders),
            accessRequests: Self.accessRequestViews(try await AccessRequest.query(on: db).filter(\.$caseFileID == id).all(), today: today),
            phaseHistory: try events.map { event in
                CaseDetail.PhaseStepView(phase: Coded(event.phase), enteredOn: GermanFormat.isoDay(event.enteredAt),
                                         reason: try open(event.sealedReason, PhaseEvent.schema, event.id, "reason"))
            },
            preChecks: try await preCheckViews(id, cipher: cipher),
            handovers: try await handoverViews(id, cipher: cipher, consents: facts))
        try await record(.caseRead, "case", id)
        return detail
    }
}

/// What a coordinator sees of a case (DESIGN.md §4.1): number, municipality, phases, life domains,
/// dates. No name, no contact data, no birth date, no free text.
struct CasePseudonym: Encodable, Sendable {
    struct PhaseStep: Encodable, Sendable {
        let phase: Coded
        let enteredOn: String
    }

    struct ConferenceDate: Encodable, Sendable {
        let level: Coded
        let heldOn: String
    }

    let id: UUID
    let number: String
    let municipality: String
    let phase: Coded
    let lifeDomains: [Coded]
    let openedOn: String
    let closedOn: String?
    let phaseHistory: [PhaseStep]
    let conferences: [ConferenceDate]
}

extension CaseDesk {
    /// The reporting agency: under the client's key, or the case's own while no client is recorded.
    func referringParty(of file: CaseFile, clientCipher: ClientCipher?) async throws -> String {
        guard let sealed = file.sealedReferringParty else { return "" }
        let cipher = if let clientCipher { clientCipher } else { try await vault.cipher(for: try file.requireID()) }
        return try cipher.open(sealed, CaseFile.schema, file.id, "referringParty")
    }

    func pseudonym(_ caseID: UUID) async throws -> CasePseudonym {
        let file = try await caseFile(caseID)
        let id = try file.requireID()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        let history = try await PhaseEvent.query(on: db).filter(\.$caseFileID == id).sort(\.$enteredAt).all()
        let conferences = try await CaseConference.query(on: db).filter(\.$caseFileID == id).sort(\.$heldOn).all()
        try await record(.casePseudonymRead, "case", id)
        let words = try await words()
        return CasePseudonym(
            id: id, number: file.number, municipality: towns[file.municipalityID] ?? "", phase: Coded(file.phase),
            lifeDomains: file.lifeDomains.map(Coded.init), openedOn: file.openedOn, closedOn: file.closedOn,
            phaseHistory: history.map { event in .init(phase: Coded(event.phase), enteredOn: GermanFormat.isoDay(event.enteredAt)) },
            conferences: conferences.map { c in .init(level: Coded(c.level, name: words.name(c.level)), heldOn: c.heldOn) })
    }
}
