import Foundation

/// The phases of a case after Reis (seed 003, 8.3).
public enum Phase: String, Vocabulary, Comparable {
    case intake, assessment, goalAgreement, serviceLinking, monitoring, closed

    public var germanName: String {
        switch self {
        case .intake: "Erstgespräch"
        case .assessment: "Falleinschätzung"
        case .goalAgreement: "Zielvereinbarung"
        case .serviceLinking: "Leistungssteuerung"
        case .monitoring: "Monitoring"
        case .closed: "Abgeschlossen"
        }
    }

    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Every phase of an open case. Queries ask `phase IN (these)` rather than `phase <> closed`:
    /// an index on the phase then skips the closed cases, which are most of a district's after a
    /// few years (issue 17: the count of the case list fell from 0.42 to 0.12 ms at a Kreis's size).
    public static let open: [Phase] = allCases.filter { $0 != .closed }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.order < rhs.order }
}

/// Why a requested phase change is not possible, in words for the case manager.
public enum PhaseChangeProblem: Error, Equatable, Sendable {
    case notAllowed(from: Phase, to: Phase)
    case intakeOutcomeMissing
    case intakeOutcomeIsNotCaseManagement(IntakeOutcome)
    case consentMissing

    public var message: String {
        switch self {
        case .notAllowed(let from, let to):
            "Ein Fall kann nicht von „\(from.germanName)“ nach „\(to.germanName)“ wechseln."
        case .intakeOutcomeMissing:
            "Bitte halten Sie zuerst das Ergebnis des Erstgesprächs fest."
        case .intakeOutcomeIsNotCaseManagement(let outcome):
            "Das Erstgespräch endete mit „\(outcome.germanName)“. Eine Falleinschätzung folgt nur bei Aufnahme ins Case Management."
        case .consentMissing:
            "Ohne erteilte Einverständniserklärung kann der Fall nicht über das Erstgespräch hinaus geführt werden."
        }
    }
}

/// The allowed moves between phases. Forward one step at a time; re-assessment from monitoring
/// back to assessment; closing from every open phase; reopening a closed case (with a reason)
/// returns to intake when it ended there and to assessment otherwise.
public enum PhaseMachine {
    static let forward: [Phase: Set<Phase>] = [
        .intake: [.assessment, .closed],
        .assessment: [.goalAgreement, .closed],
        .goalAgreement: [.serviceLinking, .closed],
        .serviceLinking: [.monitoring, .closed],
        .monitoring: [.assessment, .closed],
        .closed: [],
    ]

    /// The phases a case in `phase` may move to next (reopening is separate, it needs a reason).
    public static func next(from phase: Phase) -> [Phase] {
        Phase.allCases.filter { forward[phase, default: []].contains($0) }
    }

    /// Checks a move. Leaving intake for assessment needs the intake outcome "case management"
    /// and a given case-management consent; closing from intake needs any intake outcome.
    public static func check(from: Phase, to: Phase, intakeOutcome: IntakeOutcome?, hasConsent: Bool) -> PhaseChangeProblem? {
        guard forward[from, default: []].contains(to) else { return .notAllowed(from: from, to: to) }
        if from == .intake {
            guard let intakeOutcome else { return .intakeOutcomeMissing }
            if to == .assessment && intakeOutcome != .caseManagement { return .intakeOutcomeIsNotCaseManagement(intakeOutcome) }
        }
        if to != .closed && to > .intake && !hasConsent { return .consentMissing }
        return nil
    }

    /// The move the intake result makes by itself: "case management" with a given consent leaves
    /// the intake for the assessment (the only way on that the rule allows); every other result, or
    /// a missing consent, keeps the case in the intake until it is closed or the consent comes.
    public static func afterIntake(in phase: Phase, outcome: IntakeOutcome?, hasConsent: Bool) -> Phase? {
        guard phase == .intake, outcome == .caseManagement, hasConsent else { return nil }
        return .assessment
    }

    /// Where a reopened case resumes: `closedFrom` is the phase it was in before closing.
    public static func reopenTarget(closedFrom: Phase) -> Phase {
        closedFrom == .intake ? .intake : .assessment
    }
}

/// One entry of a case's phase history.
public struct PhaseEntry: Sendable, Equatable {
    public let phase: Phase
    public let enteredAt: Date

    public init(phase: Phase, enteredAt: Date) {
        self.phase = phase
        self.enteredAt = enteredAt
    }
}

/// How long a case has spent in each phase, from its history: what the case page shows.
public enum PhaseDurations {
    /// Whole days per phase (summed over re-assessment rounds), in the order phases were first reached.
    public static func days(history: [PhaseEntry], now: Date) -> [(phase: Phase, days: Int)] {
        let sorted = history.sorted { $0.enteredAt < $1.enteredAt }
        var totals: [Phase: TimeInterval] = [:]
        var order: [Phase] = []
        for (index, entry) in sorted.enumerated() {
            let end = index + 1 < sorted.count ? sorted[index + 1].enteredAt : now
            if totals[entry.phase] == nil { order.append(entry.phase) }
            totals[entry.phase, default: 0] += entry.phase == .closed ? 0 : max(0, end.timeIntervalSince(entry.enteredAt))
        }
        return order.map { ($0, Int(totals[$0, default: 0] / 86_400)) }
    }
}
