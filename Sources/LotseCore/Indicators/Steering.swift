/// The vocabularies of steering (DESIGN.md §2, seeds 001 section 7 and 004): bodies that meet and
/// the decisions they take.
public enum BodyKind: String, Vocabulary {
    case steeringGroup, planningConference, workingGroup, qualityCircle, roundTable, other

    public var germanName: String {
        switch self {
        case .steeringGroup: "Lenkungsgruppe / Steuerungsgruppe"
        case .planningConference: "Planungskonferenz"
        case .workingGroup: "Arbeitsgruppe / Projektgruppe"
        case .qualityCircle: "Qualitätszirkel mit der Wohlfahrtspflege"
        case .roundTable: "Runder Tisch / Arbeitskreis"
        case .other: "anderes Gremium"
        }
    }
}

public enum DecisionKind: String, Vocabulary {
    case setUpWorkingGroup, exchangeMeeting, task, forwardToState, closeTopic

    public var germanName: String {
        switch self {
        case .setUpWorkingGroup: "Arbeitsgruppe einrichten"
        case .exchangeMeeting: "Austauschtreffen durchführen"
        case .task: "Auftrag mit Verantwortlichen"
        case .forwardToState: "an das Land weiterleiten"
        case .closeTopic: "Thema mit Begründung schließen"
        }
    }
}

public enum DecisionStatus: String, Vocabulary {
    case open, inProgress, done, dropped

    public var germanName: String {
        switch self {
        case .open: "offen"
        case .inProgress: "in Arbeit"
        case .done: "erledigt"
        case .dropped: "entfallen"
        }
    }

    public var isOpen: Bool { self == .open || self == .inProgress }

    /// A decision is overdue when it is still open after its due day (days as YYYY-MM-DD).
    public static func isOverdue(_ status: DecisionStatus, dueOn: String, today: String) -> Bool {
        status.isOpen && !dueOn.isEmpty && dueOn < today
    }
}

/// A case management's answer to "do you see the same?".
public enum SeesSame: String, Vocabulary {
    case yes, partly, no

    public var germanName: String {
        switch self {
        case .yes: "ja, das sehen wir auch"
        case .partly: "teilweise"
        case .no: "nein, bei uns nicht"
        }
    }
}
