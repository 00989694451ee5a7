import Foundation
import LeafKit
import LotseCore

/// The case page: the case, and which of its steps are open right now.
struct CasePageView: Encodable {
    let detail: CaseDetail
    let isClosed: Bool
    /// No valid Einverständniserklärung: the case holds only what a brief contact holds.
    let needsConsent: Bool
    let needsClient: Bool
    let mayWork: Bool
    /// Assessments, goals, reviews and contacts are shown once a client is recorded; the links to
    /// change them only where `mayWork`.
    let showsWork: Bool
    let inIntake: Bool
    let mayChangePhase: Bool
    /// Restricted (Art. 18 GDPR): readable, but no step that changes or passes on is offered.
    let isRestricted: Bool
    let activeRestriction: CaseDetail.RestrictionView?
    let hasRestrictions: Bool
    let hasCorrections: Bool
    let accessRequests: [Linked<CaseDetail.AccessRequestView>]
    let hasAccessRequests: Bool
    let hasOpenAccessRequest: Bool
    let preChecks: [Merged<CaseDetail.PreCheckView, PreCheckParts>]
    let hasPreChecks: Bool
    let links: Links
    let consents: [Merged<CaseDetail.ConsentView, ConsentLinks>]
    let goals: [Merged<CaseDetail.GoalView, GoalParts>]
    let looseActions: [Linked<CaseDetail.ActionView>]
    let openReviews: [Linked<CaseDetail.ReviewView>]
    let heldReviews: [CaseDetail.ReviewView]
    let referrals: [Linked<CaseDetail.ReferralView>]
    let conferences: [Merged<CaseDetail.ConferenceView, ConferenceLinks>]
    let hasGoals: Bool
    let hasOpenReviews: Bool
    let hasHeldReviews: Bool
    let hasAssessments: Bool
    let hasContacts: Bool
    let hasReferrals: Bool
    let hasConferences: Bool
    let hasFindings: Bool
    let hasLooseActions: Bool
    let hasConsents: Bool
    /// Where the case stands and what is next, at the top; the parts as in-page links.
    let summary: CaseSummaryView
    /// Each part's anchor and heading, by the part's name in code (`#(content.parts.goals.id)`),
    /// and in the part just saved the message about it.
    let parts: [String: CaseSummaryView.SectionLink]

    /// A printable form in one language.
    struct Printable: Encodable {
        let code: String
        let label: String
        let href: SiteURL
    }

    /// Every step the page links to, each at its address below the case.
    struct Links: Encodable {
        let consent, disclosure, clientEdit, legalDomain, household, intake, phase, assessment: SiteURL
        let goal, action, review, contact, conference, close, reopen, finding, erasure: SiteURL
        let restriction, restrictionLift, accessRequest, accessExport, preCheck: SiteURL
        let client: SiteURL
        let referral: SiteURL
        let consentForms: [Printable]

        init(_ id: UUID, languages: [ConsentForms.Language]) {
            func step(_ address: CaseStepAddress) -> SiteURL { .caseStep(.value(id), address) }
            (consent, disclosure, clientEdit, legalDomain) = (step(.consent), step(.disclosure), step(.clientEdit), step(.legalDomain))
            (household, intake, phase, assessment) = (step(.household), step(.intake), step(.phase), step(.assessment))
            (goal, action, review, contact) = (step(.goal), step(.action), step(.review), step(.contact))
            (conference, close, reopen, finding, erasure) = (step(.conference), step(.close), step(.reopen), step(.finding), step(.erasure))
            (restriction, restrictionLift, accessRequest) = (step(.restriction), step(.restrictionLift), step(.accessRequest))
            accessExport = .caseAccessExport(.value(id))
            preCheck = step(.preCheck)
            client = .caseClient(.value(id))
            referral = .caseReferral(.value(id))
            consentForms = languages.map { Printable(code: $0.code, label: $0.label, href: .caseConsentForm(.value(id), language: .value($0.code))) }
        }
    }

    /// A conference's minutes, and its help plan's form or review (issue 19, part 6).
    struct ConferenceLinks: Encodable {
        let href: SiteURL
        let helpPlanHref: SiteURL
        let reviewHref: SiteURL?
    }

    /// A consent's withdrawal and its printable form in each language.
    struct ConsentLinks: Encodable {
        let withdraw: SiteURL
        let forms: [Printable]
    }

    /// A pre-check's addresses (answers, handover) and its handovers to an office.
    struct PreCheckParts: Encodable {
        let href: SiteURL
        let handover: SiteURL
        let handovers: [CaseDetail.HandoverView]
        let hasHandovers: Bool
    }

    /// A goal's own address, and its actions with theirs.
    struct GoalParts: Encodable {
        let href: SiteURL
        let actions: [Linked<CaseDetail.ActionView>]
    }

    init(_ detail: CaseDetail, languages: [ConsentForms.Language], today: String, partNotice: (CaseSection, String)? = nil) {
        parts = Dictionary(uniqueKeysWithValues: CaseSection.allCases.map { section in
            ("\(section)", CaseSummaryView.SectionLink(id: section.rawValue, label: section.heading, notice: partNotice?.0 == section ? partNotice?.1 : nil))
        })
        self.detail = detail
        isClosed = detail.phase.code == Phase.closed.rawValue
        needsConsent = !detail.hasConsent
        needsClient = detail.hasConsent && detail.client == nil
        isRestricted = detail.isRestricted
        activeRestriction = detail.restrictions.first(where: \.isActive)
        hasRestrictions = !detail.restrictions.isEmpty
        hasCorrections = !detail.corrections.isEmpty
        hasAccessRequests = !detail.accessRequests.isEmpty
        hasOpenAccessRequest = detail.accessRequests.contains(where: \.isOpen)
        showsWork = detail.hasConsent && detail.client != nil
        mayWork = showsWork && !isClosed && !isRestricted
        inIntake = detail.phase.code == Phase.intake.rawValue && !isRestricted
        mayChangePhase = !isClosed && !detail.nextPhases.isEmpty && !isRestricted
        let id = detail.id
        func step(_ address: CaseStepAddress) -> SiteURL { .caseStep(.value(id), address) }
        func linked(_ action: CaseDetail.ActionView) -> Linked<CaseDetail.ActionView> { Linked(action, step(.actionStatus(.value(action.id)))) }
        links = Links(id, languages: languages)
        accessRequests = detail.accessRequests.map { Linked($0, step(.accessFulfil(.value($0.id)))) }
        preChecks = detail.preChecks.map { check in
            let handovers = detail.handovers.filter { $0.preCheckId == check.id }
            return Merged(check, PreCheckParts(href: step(.preCheckAnswers(.value(check.id))), handover: step(.preCheckHandover(.value(check.id))),
                                               handovers: handovers, hasHandovers: !handovers.isEmpty))
        }
        hasPreChecks = !detail.preChecks.isEmpty
        consents = detail.consents.map { consent in
            Merged(consent, ConsentLinks(
                withdraw: .caseConsentWithdrawal(.value(id), consent: .value(consent.id)),
                forms: languages.map { Printable(code: $0.code, label: $0.label,
                                                 href: .caseDisclosureForm(.value(id), consent: .value(consent.id), language: .value($0.code))) }))
        }
        goals = detail.goals.map { Merged($0, GoalParts(href: step(.goalStatus(.value($0.id))), actions: $0.actions.map(linked))) }
        looseActions = detail.looseActions.map(linked)
        openReviews = detail.reviews.filter { $0.heldOn == nil }.map { Linked($0, step(.reviewRecord(.value($0.id)))) }
        referrals = detail.referrals.map { Linked($0, step(.referralUpdate(.value($0.id)))) }
        conferences = detail.conferences.map { conference in
            Merged(conference, ConferenceLinks(href: step(.conferenceMinutes(.value(conference.id))), helpPlanHref: step(.helpPlan(.value(conference.id))),
                                               reviewHref: conference.helpPlan.map { step(.helpPlanReview(.value($0.id))) }))
        }
        heldReviews = detail.reviews.filter { $0.heldOn != nil }
        hasGoals = !detail.goals.isEmpty
        hasOpenReviews = !openReviews.isEmpty
        hasHeldReviews = !heldReviews.isEmpty
        hasAssessments = !detail.assessments.isEmpty
        hasContacts = !detail.contacts.isEmpty
        hasReferrals = !detail.referrals.isEmpty
        hasConferences = !detail.conferences.isEmpty
        hasFindings = !detail.findings.isEmpty
        hasLooseActions = !detail.looseActions.isEmpty
        hasConsents = !detail.consents.isEmpty
        summary = CaseSummaryView(detail, links: links, today: today)
    }
}

/// `#day("2026-11-24")` → "24.11.2026": stored days in the German form, in every template.
struct GermanDayTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let text = ctx.parameters.first?.string, !text.isEmpty else { return .string("") }
        return .string(GermanFormat.germanDay(text))
    }
}
