import Foundation

/// Where a pre-check handed over to an office stands (issue 16, part 4), as the office reports it
/// back: received, documents asked for, application filed, and how it ended.
public enum HandoverStatus: String, Vocabulary {
    case handedOver, received, documentsRequested, applicationFiled, granted, refused, withdrawn

    public var germanName: String {
        switch self {
        case .handedOver: "übergeben"
        case .received: "eingegangen"
        case .documentsRequested: "Unterlagen angefordert"
        case .applicationFiled: "Antrag gestellt"
        case .granted: "erteilt / eingebürgert"
        case .refused: "abgelehnt"
        case .withdrawn: "zurückgenommen"
        }
    }

    /// The procedure has ended: nothing follows.
    public var isFinal: Bool { [.granted, .refused, .withdrawn].contains(self) }

    /// What an office may report: everything but the handover itself, which the case manager makes.
    public static let feedback: [HandoverStatus] = allCases.filter { $0 != .handedOver }
}

public enum HandoverRules {
    public enum FeedbackProblem: Error, Sendable, Equatable {
        /// The procedure already ended with `status`.
        case alreadyFinal(HandoverStatus)
        /// Only the case manager hands over.
        case notFeedback
        /// The day lies before the handover or after today.
        case dayBeforeHandover(String)
        case dayInFuture

        public var message: String {
            switch self {
            case .alreadyFinal(let status):
                "Das Verfahren ist bereits abgeschlossen („\(status.germanName)“). Eine weitere Rückmeldung ist nicht möglich."
            case .notFeedback:
                "Bitte wählen Sie eine Rückmeldung aus der Liste."
            case .dayBeforeHandover(let day):
                "Der Tag der Rückmeldung kann nicht vor der Übergabe am \(GermanFormat.germanDay(day)) liegen."
            case .dayInFuture:
                "Der Tag der Rückmeldung kann nicht in der Zukunft liegen."
            }
        }
    }

    /// May the office report `next` on `day` for a handover made on `handedOverOn` that stands at
    /// `current`? Steps may repeat (documents asked for twice) and need not come in order, as
    /// offices work differently; only an ended procedure takes nothing more.
    public static func checkFeedback(current: HandoverStatus, next: HandoverStatus, day: String, handedOverOn: String,
                                     today: String) -> FeedbackProblem? {
        if current.isFinal { return .alreadyFinal(current) }
        if next == .handedOver { return .notFeedback }
        if day < handedOverOn { return .dayBeforeHandover(handedOverOn) }
        if day > today { return .dayInFuture }
        return nil
    }

    /// The outcome figures of a set of handovers by their current status: what steering sees.
    public struct Outcomes: Sendable, Equatable {
        public var handedOver = 0
        public var open = 0
        public var granted = 0
        public var refused = 0
        public var withdrawn = 0

        public init() {}

        public mutating func count(_ status: HandoverStatus) {
            handedOver += 1
            switch status {
            case .granted: granted += 1
            case .refused: refused += 1
            case .withdrawn: withdrawn += 1
            default: open += 1
            }
        }
    }

    public static func outcomes(_ statuses: [HandoverStatus]) -> Outcomes {
        var outcomes = Outcomes()
        for status in statuses { outcomes.count(status) }
        return outcomes
    }
}
