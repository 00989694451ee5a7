import Foundation

/// The parts of a case page, each a section with its own anchor. The page lists them at the top;
/// a saved step returns to its part (issue 18, part 3), and a due item links to the item's part.
enum CaseSection: String, CaseIterable, Encodable, Sendable {
    case phases = "phasen"
    case client = "person"
    case consents = "erklaerungen"
    case assessment = "einschaetzung"
    case goals = "ziele"
    case reviews = "wiedervorlagen"
    case contacts = "kontakte"
    case preChecks = "vorpruefungen"
    case referrals = "verweisungen"
    case conferences = "konferenzen"
    case findings = "erkenntnisse"
    case closure = "abschluss"
    case rights = "rechte"

    var heading: String {
        switch self {
        case .phases: "Phasen"
        case .client: "Klient*in"
        case .consents: "Einverständnis und Schweigepflichtentbindungen"
        case .assessment: "Falleinschätzung"
        case .goals: "Zielvereinbarung und Maßnahmen"
        case .reviews: "Monitoring: Wiedervorlagen"
        case .contacts: "Kontakte"
        case .preChecks: "Vorprüfungen für Aufenthaltsrecht und Einbürgerung"
        case .referrals: "Verweisungen"
        case .conferences: "Fallkonferenzen"
        case .findings: "Erkenntnisse für die Steuerung"
        case .closure: "Abschluss"
        case .rights: "Rechte der Person (Datenschutz)"
        }
    }
}

extension CaseStepAddress {
    /// The part of the case page a saved step returns to.
    var section: CaseSection {
        switch self {
        case .consent, .disclosure: .consents
        case .clientEdit, .legalDomain, .household: .client
        case .intake, .phase, .reopen: .phases
        case .assessment: .assessment
        case .goal, .goalStatus, .action, .actionStatus: .goals
        case .review, .reviewRecord: .reviews
        case .contact: .contacts
        case .referralUpdate: .referrals
        case .conference, .conferenceMinutes, .districtConference, .helpPlan, .helpPlanReview: .conferences
        case .finding: .findings
        case .close: .closure
        case .erasure, .restriction, .restrictionLift, .accessRequest, .accessFulfil: .rights
        case .preCheck, .preCheckAnswers, .preCheckHandover: .preChecks
        }
    }
}

extension SiteURL {
    /// The case page at one of its parts: the fragment scrolls there, `teil` tells the page to
    /// show the message about the save in that part.
    static func casePart(_ caseID: UUID, _ section: CaseSection) -> String {
        SiteURL.caseFile(.value(caseID)).path + "?teil=" + section.rawValue + "#" + section.rawValue
    }
}
