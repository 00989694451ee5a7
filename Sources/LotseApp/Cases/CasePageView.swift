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
    let inIntake: Bool
    let mayChangePhase: Bool
    let base: String
    let openReviews: [CaseDetail.ReviewView]
    let heldReviews: [CaseDetail.ReviewView]
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
    let printLanguages: [ConsentForms.Language]

    init(_ detail: CaseDetail, languages: [ConsentForms.Language]) {
        self.detail = detail
        isClosed = detail.phase.code == Phase.closed.rawValue
        needsConsent = !detail.hasConsent
        needsClient = detail.hasConsent && detail.client == nil
        mayWork = !isClosed && detail.hasConsent && detail.client != nil
        inIntake = detail.phase.code == Phase.intake.rawValue
        mayChangePhase = !isClosed && !detail.nextPhases.isEmpty
        base = "/cases/\(detail.id.uuidString)"
        openReviews = detail.reviews.filter { $0.heldOn == nil }
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
        printLanguages = languages
    }
}

/// `#day("2026-11-24")` → "24.11.2026": stored days in the German form, in every template.
struct GermanDayTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let text = ctx.parameters.first?.string, !text.isEmpty else { return .string("") }
        guard let date = GermanFormat.day(text) else { return .string(text) }
        return .string(GermanFormat.date(date))
    }
}
