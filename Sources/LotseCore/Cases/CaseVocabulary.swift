/// The fixed vocabularies of case work (DESIGN.md §2, seed 003 sections 8.2 and 8.3). Raw values
/// are the codes stored and used in the API; `germanName` is what case managers read.

/// How a person reached the case management. Ebene 1: the person comes; Ebene 2: an agency
/// reports a complex case.
public enum AccessChannel: String, Vocabulary {
    // Ebene 1
    case officeHours, walkIn, registrationOffice, flyer, recommendation, otherSelf
    // Ebene 2, internal agencies of the district and the municipalities
    case jobcenter, socialWelfareOffice, youthOffice, immigrationOffice, otherInternal
    // Ebene 2, external agencies
    case counsellingService, volunteerGroup, otherExternal

    public enum Level: Int, Sendable { case one = 1, two = 2 }

    public var level: Level {
        switch self {
        case .officeHours, .walkIn, .registrationOffice, .flyer, .recommendation, .otherSelf: .one
        default: .two
        }
    }

    /// Ebene 2 names the reporting party (the agency, never a private person).
    public var needsReferringParty: Bool { level == .two }

    public var germanName: String {
        switch self {
        case .officeHours: "Sprechstunde"
        case .walkIn: "ohne Termin vorbeigekommen"
        case .registrationOffice: "über das Einwohnermeldeamt"
        case .flyer: "Flyer / Öffentlichkeitsarbeit"
        case .recommendation: "Empfehlung von Bekannten"
        case .otherSelf: "sonstiger eigener Weg"
        case .jobcenter: "gemeldet vom Jobcenter"
        case .socialWelfareOffice: "gemeldet vom Sozialamt"
        case .youthOffice: "gemeldet vom Jugendamt"
        case .immigrationOffice: "gemeldet von der Ausländerbehörde"
        case .otherInternal: "gemeldet von einer anderen internen Stelle"
        case .counsellingService: "gemeldet von einer Beratungsstelle"
        case .volunteerGroup: "gemeldet von einer Ehrenamtsgruppe"
        case .otherExternal: "gemeldet von einer anderen externen Stelle"
        }
    }

    public var levelName: String { level == .one ? "Ebene 1" : "Ebene 2" }
}

/// What a brief contact ended with.
public enum BriefContactOutcome: String, Vocabulary {
    case informationGiven, referredOn, appointmentMade, caseOpened

    public var germanName: String {
        switch self {
        case .informationGiven: "Information gegeben"
        case .referredOn: "an eine Stelle verwiesen"
        case .appointmentMade: "Termin vereinbart"
        case .caseOpened: "Fall eröffnet"
        }
    }
}

/// The four ends of an intake (seed 003, 8.3).
public enum IntakeOutcome: String, Vocabulary {
    case informationOnly, settledDirectly, referral, caseManagement

    public var germanName: String {
        switch self {
        case .informationOnly: "nur Information, registriert"
        case .settledDirectly: "direkt erledigt"
        case .referral: "Verweisberatung an eine Stelle mit eigenem Case Management"
        case .caseManagement: "rechtskreisübergreifendes Case Management (Prozessbegleitung)"
        }
    }
}

public enum Priority: String, Vocabulary {
    case high, medium, low

    public var germanName: String {
        switch self {
        case .high: "hoch"
        case .medium: "mittel"
        case .low: "niedrig"
        }
    }
}

public enum GoalStatus: String, Vocabulary {
    case open, reached, partlyReached, notReached, dropped

    public var germanName: String {
        switch self {
        case .open: "offen"
        case .reached: "erreicht"
        case .partlyReached: "teilweise erreicht"
        case .notReached: "nicht erreicht"
        case .dropped: "verworfen"
        }
    }
}

public enum ActionStatus: String, Vocabulary {
    case open, done, dropped

    public var germanName: String {
        switch self {
        case .open: "offen"
        case .done: "erledigt"
        case .dropped: "entfallen"
        }
    }
}

public enum ContactKind: String, Vocabulary {
    case inPerson, phone, video, outreach, accompaniedAppointment

    public var germanName: String {
        switch self {
        case .inPerson: "persönlich"
        case .phone: "telefonisch"
        case .video: "Video"
        case .outreach: "aufsuchend"
        case .accompaniedAppointment: "Begleitung zu einem Termin"
        }
    }
}

public enum ReferralStatus: String, Vocabulary {
    case planned, handedOver, accepted, declined, completed

    public var germanName: String {
        switch self {
        case .planned: "geplant"
        case .handedOver: "übergeben"
        case .accepted: "angenommen"
        case .declined: "abgelehnt"
        case .completed: "abgeschlossen"
        }
    }

    /// From "handed over" on, data has gone to the recipient: that needs a valid disclosure consent.
    public var passesData: Bool { self != .planned }
}

/// What may be passed on in a handover (the checklist of a referral).
public enum HandoverItem: String, Vocabulary {
    case contactData, residenceStatus, documents, assessment, healthInformation, goalAgreement

    public var germanName: String {
        switch self {
        case .contactData: "Name und Kontaktdaten"
        case .residenceStatus: "Aufenthaltsstatus"
        case .documents: "Bescheide und Unterlagen"
        case .assessment: "Falleinschätzung"
        case .healthInformation: "Angaben zur Gesundheit"
        case .goalAgreement: "Zielvereinbarung"
        }
    }
}

public enum ConferenceLevel: String, Vocabulary {
    case municipal, district

    public var germanName: String {
        switch self {
        case .municipal: "kommunale Fallkonferenz"
        case .district: "Fallkonferenz auf Kreisebene"
        }
    }
}

public enum ClosureReason: String, Vocabulary {
    case goalsReached, handedOver, clientEnded, movedAway, noContact, intakeCompleted, other

    public var germanName: String {
        switch self {
        case .goalsReached: "Ziele erreicht"
        case .handedOver: "an eine Stelle mit eigenem Case Management übergeben"
        case .clientEnded: "von der Klient*in beendet"
        case .movedAway: "verzogen"
        case .noContact: "kein Kontakt mehr"
        case .intakeCompleted: "mit dem Erstgespräch erledigt"
        case .other: "anderer Grund"
        }
    }
}

public enum GoalAttainment: String, Vocabulary {
    case full, mostly, partly, none, notApplicable

    public var germanName: String {
        switch self {
        case .full: "vollständig"
        case .mostly: "überwiegend"
        case .partly: "teilweise"
        case .none: "nicht"
        case .notApplicable: "keine Ziele vereinbart"
        }
    }
}

public enum Gender: String, Vocabulary {
    case female, male, diverse, unspecified

    public var germanName: String {
        switch self {
        case .female: "weiblich"
        case .male: "männlich"
        case .diverse: "divers"
        case .unspecified: "keine Angabe"
        }
    }
}

public enum ConsentKind: String, Vocabulary {
    case caseManagement, disclosure

    public var germanName: String {
        switch self {
        case .caseManagement: "Einverständniserklärung"
        case .disclosure: "Schweigepflichtentbindung"
        }
    }
}

public enum ConsentStatus: String, Vocabulary {
    case given, refused, withdrawn

    public var germanName: String {
        switch self {
        case .given: "erteilt"
        case .refused: "verweigert"
        case .withdrawn: "widerrufen"
        }
    }
}

public enum ConsentMethod: String, Vocabulary {
    case signedForm, oralWithWitness, electronic

    public var germanName: String {
        switch self {
        case .signedForm: "unterschriebenes Formular"
        case .oralWithWitness: "mündlich, mit Zeugin / Zeuge dokumentiert"
        case .electronic: "elektronisch"
        }
    }
}

/// The kinds of gaps and barriers in the support system a case can reveal (seed 001).
public enum FindingCategory: String, Vocabulary {
    case missingService, interfaceProblem, unclearResponsibility, legalSituation, discretion, accessBarrier

    public var germanName: String {
        switch self {
        case .missingService: "fehlendes Angebot"
        case .interfaceProblem: "Schnittstellenproblem zwischen Rechtskreisen"
        case .unclearResponsibility: "unklare Zuständigkeit"
        case .legalSituation: "Rechtslage"
        case .discretion: "Umgang mit Ermessen"
        case .accessBarrier: "Zugangshürde (z. B. Sprache)"
        }
    }
}

public enum FindingLevel: String, Vocabulary {
    case municipality, district, state

    public var germanName: String {
        switch self {
        case .municipality: "Kommune"
        case .district: "Kreis"
        case .state: "Land"
        }
    }
}

/// How the answer to an access request (Art. 15 GDPR) reached the person.
public enum AccessDelivery: String, Vocabulary {
    case inPerson, post, electronic

    public var germanName: String {
        switch self {
        case .inPerson: "persönlich übergeben"
        case .post: "per Post"
        case .electronic: "elektronisch"
        }
    }
}
