import Foundation
import LotseCore

/// The top of a case page (issue 18, part 3): where the case stands and the one next step, so
/// the case manager does not scroll through every part to find out. Built from `CaseDetail`,
/// which the page already holds; the next step is decided by the pure `CaseNextStep`.
struct CaseSummaryView: Encodable {
    struct Waiver: Encodable {
        let recipient: String
        let validity: String
    }

    struct SectionLink: Encodable {
        let id: String
        let label: String
        var notice: String? = nil
        var href: String { "#" + id }

        enum CodingKeys: String, CodingKey { case id, label, href, notice }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encode(href, forKey: .href)
            try c.encodeIfPresent(notice, forKey: .notice)
        }
    }

    struct NextStep: Encodable {
        let label: String
        let href: String?
    }

    let phase: String
    let daysInPhase: Int
    let nextReview: String?
    let nextReviewIsOverdue: Bool
    let overdueActions: Int
    let consent: String
    let hasConsent: Bool
    let waivers: [Waiver]
    let hasWaivers: Bool
    let openReferrals: Int
    let next: NextStep?
    let sections: [SectionLink]
    let goalsLink = "#" + CaseSection.goals.rawValue
    let referralsLink = "#" + CaseSection.referrals.rawValue
    let reviewsLink = "#" + CaseSection.reviews.rawValue

    init(_ detail: CaseDetail, links: CasePageView.Links, today: String) {
        let id = detail.id
        let currentPhase = Phase(rawValue: detail.phase.code) ?? .intake
        phase = detail.phase.name
        daysInPhase = detail.phaseHistory.last.map { GermanFormat.days(from: $0.enteredOn, to: today) } ?? 0
        let actions = (detail.goals.flatMap(\.actions) + detail.looseActions).filter { $0.status.code == ActionStatus.open.rawValue }
        let openReviews = detail.reviews.filter { $0.heldOn == nil }
        let first = openReviews.min { $0.dueOn < $1.dueOn }
        nextReview = first?.dueOn
        nextReviewIsOverdue = first.map { $0.dueOn < today } ?? false
        overdueActions = actions.filter(\.isOverdue).count
        let caseManagement = detail.consents.last { $0.kind.code == ConsentKind.caseManagement.rawValue && $0.isValidToday }
        hasConsent = caseManagement != nil
        consent = caseManagement.map { "erteilt am \(GermanFormat.germanDay($0.givenOn))" } ?? "fehlt"
        waivers = detail.consents.filter { $0.kind.code == ConsentKind.disclosure.rawValue && $0.isValidToday }.map { waiver in
            Waiver(recipient: waiver.recipient ?? "–", validity: waiver.validUntil.map { "bis \(GermanFormat.germanDay($0))" } ?? "bis auf Widerruf")
        }
        hasWaivers = !waivers.isEmpty
        let finished: Set<String> = [ReferralStatus.completed.rawValue, ReferralStatus.declined.rawValue]
        openReferrals = detail.referrals.filter { !finished.contains($0.status.code) }.count

        var facts = CaseNextStep.Facts(phase: currentPhase, today: today)
        facts.isRestricted = detail.isRestricted
        facts.hasConsent = detail.hasConsent
        facts.hasClient = detail.client != nil
        facts.intakeOutcome = detail.intakeOutcome.flatMap { IntakeOutcome(rawValue: $0.code) }
        (facts.assessments, facts.goals, facts.referrals) = (detail.assessments.count, detail.goals.count, detail.referrals.count)
        facts.openReviews = openReviews.map { ($0.id, $0.dueOn) }
        facts.openActions = actions.map { ($0.id, $0.what, $0.dueOn) }
        func step(_ address: CaseStepAddress) -> String { SiteURL.caseStep(.value(id), address).path }
        next = switch CaseNextStep.decide(facts) {
        case .recordConsent: NextStep(label: "Einverständniserklärung erfassen", href: links.consent.path)
        case .recordClient: NextStep(label: "Klient*in erfassen", href: links.client.path)
        case .recordIntake: NextStep(label: "Ergebnis des Erstgesprächs festhalten", href: links.intake.path)
        case .closeAfterIntake: NextStep(label: "Fall abschließen: Das Erstgespräch hat kein Case Management ergeben", href: links.close.path)
        case .recordReview(let review, let dueOn):
            NextStep(label: "Überprüfung festhalten (Wiedervorlage vom \(GermanFormat.germanDay(dueOn)))", href: step(.reviewRecord(.value(review))))
        case .updateAction(let action, let what, let dueOn):
            NextStep(label: "Stand der Maßnahme „\(what)“ festhalten (fällig seit \(GermanFormat.germanDay(dueOn)))", href: step(.actionStatus(.value(action))))
        case .assess: NextStep(label: "Falleinschätzung erfassen", href: links.assessment.path)
        case .agreeGoal: NextStep(label: "Ziel vereinbaren", href: links.goal.path)
        case .makeReferral: NextStep(label: "Verweisung anlegen", href: links.referral.path)
        case .moveOn(let target): NextStep(label: "In die Phase „\(target.germanName)“ wechseln", href: links.phase.path)
        case .planReview: NextStep(label: "Wiedervorlage planen", href: links.review.path)
        case .waitForReview(let dueOn): NextStep(label: "Nichts fällig. Nächste Wiedervorlage am \(GermanFormat.germanDay(dueOn)).", href: nil)
        case .none: nil
        }
        let shown: Set<CaseSection> = detail.client == nil ? [.phases, .client, .consents, .referrals, .conferences, .findings] : Set(CaseSection.allCases)
        sections = CaseSection.allCases.filter { shown.contains($0) && ($0 != .closure || detail.closure != nil) }
            .map { SectionLink(id: $0.rawValue, label: $0.heading) }
    }
}
