/// The vocabularies of running the programme (seed 001 §6.1 and §9, seed 003 §11, seed 000):
/// the three building blocks (Bausteine) and what is planned, staffed and reported in them.
public enum BuildingBlock: String, Vocabulary {
    case coordination, caseManagement, immigrationOffice

    /// Lotse's name ("Baustein 2: Case Management"); pages and reports use the district's words.
    public var germanName: String { DistrictWords.standard.blockName(self) }

    /// The title after the number, as Paderborn's concept names it.
    public var title: String {
        switch self {
        case .coordination: "Koordinierung und Assistenz"
        case .caseManagement: "Case Management"
        case .immigrationOffice: "Ausländer- und Einbürgerungsbehörden"
        }
    }

    public var number: Int {
        switch self {
        case .coordination: 1
        case .caseManagement: 2
        case .immigrationOffice: 3
        }
    }
}

/// Who employs the holder of a position (Anstellungsträger).
public enum Employer: String, Vocabulary {
    case district, municipality, welfareOrganisation

    public var germanName: String {
        switch self {
        case .district: "Kreis"
        case .municipality: "kreisangehörige Kommune"
        case .welfareOrganisation: "Wohlfahrtsverband"
        }
    }
}

public enum PositionStatus: String, Vocabulary {
    case planned, advertised, filled, vacant

    public var germanName: String {
        switch self {
        case .planned: "geplant"
        case .advertised: "ausgeschrieben"
        case .filled: "besetzt"
        case .vacant: "unbesetzt"
        }
    }
}

/// What a district agrees with a municipality: the cooperation, the forwarding of funds for
/// positions the municipality employs, and the local (sozialräumliche) case-management concept.
public enum AgreementKind: String, Vocabulary {
    case cooperation, forwarding, localConcept

    public var germanName: String {
        switch self {
        case .cooperation: "Kooperationsvereinbarung"
        case .forwarding: "Weiterleitungsvertrag"
        case .localConcept: "sozialräumliches Case-Management-Konzept"
        }
    }
}

public enum AgreementStatus: String, Vocabulary {
    case planned, inPreparation, inForce, ended

    public var germanName: String {
        switch self {
        case .planned: "geplant"
        case .inPreparation: "in Abstimmung"
        case .inForce: "abgeschlossen, gilt"
        case .ended: "beendet"
        }
    }
}

/// A cell of the milestone grid: "Umsetzung: ja / bei Bedarf / nein" (seed 001 §9).
public enum MilestonePlanning: String, Vocabulary {
    case yes, ifNeeded, no

    public var germanName: String {
        switch self {
        case .yes: "ja"
        case .ifNeeded: "bei Bedarf"
        case .no: "nein"
        }
    }
}

public enum MilestoneStatus: String, Vocabulary {
    case open, inProgress, done, dropped

    public var germanName: String {
        switch self {
        case .open: "offen"
        case .inProgress: "in Arbeit"
        case .done: "erledigt"
        case .dropped: "entfallen"
        }
    }
}

public enum ReportingPeriodKind: String, Vocabulary {
    case schoolYear, calendarYear

    public var germanName: String {
        switch self {
        case .schoolYear: "Schuljahr (1. August bis 31. Juli)"
        case .calendarYear: "Kalenderjahr"
        }
    }
}

public enum GoalVerdict: String, Vocabulary {
    case reached, partlyReached, notReached

    public var germanName: String {
        switch self {
        case .reached: "erreicht"
        case .partlyReached: "teilweise erreicht"
        case .notReached: "nicht erreicht"
        }
    }
}

public enum ReportStatus: String, Vocabulary {
    case draft, published

    public var germanName: String {
        switch self {
        case .draft: "Entwurf"
        case .published: "veröffentlicht"
        }
    }
}

/// Why an earlier text of a report draft was kept: it is the text as it was just before that step.
public enum ReportVersionCause: String, Vocabulary {
    case edited, regenerated, restored

    public var germanName: String {
        switch self {
        case .edited: "vor einer Bearbeitung"
        case .regenerated: "vor dem Neuerzeugen aus den Daten"
        case .restored: "vor dem Wiederherstellen einer früheren Fassung"
        }
    }
}

/// What Lotse can measure for an annual goal from the data it holds.
public enum GoalMeasure: String, Vocabulary {
    case steeringMeetings, topicsFromCaseWork, planningConferencesPerMeeting, caseManagementEverywhere
    case workingGroupsFromCaseWork, conceptsEverywhere
    /// Baustein 3 (issue 16, part 7): the offices' backlog and the naturalisation campaign.
    case backlogOverSixMonthsAtMost, campaignEvents

    public var germanName: String {
        switch self {
        case .steeringMeetings: "Sitzungen der Lenkungsgruppe (mindestens N)"
        case .topicsFromCaseWork: "Themen aus der Fallarbeit in der Lenkungsgruppe (mindestens N)"
        case .planningConferencesPerMeeting: "Planungskonferenzen vor jeder Sitzung der Lenkungsgruppe (mindestens N)"
        case .caseManagementEverywhere: "Case Management in allen kreisangehörigen Kommunen aktiv"
        case .workingGroupsFromCaseWork: "Arbeitsgruppen aus der Fallarbeit eingerichtet (mindestens N)"
        case .conceptsEverywhere: "sozialräumliche Konzepte in allen Kommunen mit aktivem Case Management"
        case .backlogOverSixMonthsAtMost: "Anträge älter als sechs Monate am Ende des Zeitraums (höchstens N)"
        case .campaignEvents: "Veranstaltungen der Einbürgerungskampagne (mindestens N)"
        }
    }

    /// "All municipalities" needs no number; the others do.
    public var needsTarget: Bool { self != .caseManagementEverywhere && self != .conceptsEverywhere }

    /// The numbers a goal may name: counts of meetings and topics are small; a backlog is counted
    /// in applications, and "none left older than six months" is a goal too.
    public var targets: ClosedRange<Int> { self == .backlogOverSixMonthsAtMost ? 0...100_000 : 1...100 }
}
