/// The fixed vocabularies of the support system (DESIGN.md §2): life domains (Handlungsfelder),
/// legal domains (Rechtskreise), kinds of providers, target groups and ways in. Raw values are
/// the codes stored and used in the API and CSV files; `germanName` is what people read.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {
    var germanName: String { get }
}

extension Vocabulary {
    /// Accepts the code or the German name, ignoring case, or the start of exactly one German
    /// name ("Erwachsene" for "Erwachsene (ab 27)"): what a person types into a CSV file.
    public init?(codeOrName text: String) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !folded.isEmpty else { return nil }
        if let exact = Self.allCases.first(where: { $0.rawValue.lowercased() == folded || $0.germanName.lowercased() == folded }) {
            self = exact
            return
        }
        let prefixed = Self.allCases.filter { $0.germanName.lowercased().hasPrefix(folded) }
        guard prefixed.count == 1, let only = prefixed.first else { return nil }
        self = only
    }
}

public enum LifeDomain: String, Vocabulary {
    case language, education, vocationalTraining, work, housing, health, residence, naturalisation
    case familyAndChildren, moneyAndBenefits, socialParticipation

    public var germanName: String {
        switch self {
        case .language: "Sprache"
        case .education: "Bildung"
        case .vocationalTraining: "Ausbildung"
        case .work: "Arbeit"
        case .housing: "Wohnen"
        case .health: "Gesundheit"
        case .residence: "Aufenthalt"
        case .naturalisation: "Einbürgerung"
        case .familyAndChildren: "Familie und Kinder"
        case .moneyAndBenefits: "Geld und Leistungen"
        case .socialParticipation: "Gesellschaftliche Teilhabe"
        }
    }
}

public enum LegalDomain: String, Vocabulary {
    case sgb2, sgb3, sgb8, sgb12, asylblg, aufenthg, stag

    public var germanName: String {
        switch self {
        case .sgb2: "SGB II"
        case .sgb3: "SGB III"
        case .sgb8: "SGB VIII"
        case .sgb12: "SGB XII"
        case .asylblg: "AsylbLG"
        case .aufenthg: "AufenthG"
        case .stag: "StAG"
        }
    }
}

public enum ProviderKind: String, Vocabulary {
    case authority, jobcenter, welfareOrganisation, counsellingService, languageCourseProvider
    case educationalInstitution, volunteerInitiative, migrantOrganisation, healthService, other

    public var germanName: String {
        switch self {
        case .authority: "Behörde / Amt"
        case .jobcenter: "Jobcenter"
        case .welfareOrganisation: "Wohlfahrtsverband"
        case .counsellingService: "Beratungsstelle"
        case .languageCourseProvider: "Sprachkursträger"
        case .educationalInstitution: "Bildungseinrichtung"
        case .volunteerInitiative: "Ehrenamtliche Initiative"
        case .migrantOrganisation: "Migrantenorganisation"
        case .healthService: "Gesundheitsdienst"
        case .other: "Sonstige"
        }
    }
}

public enum TargetGroup: String, Vocabulary {
    case youngPeople, adults, refugees, families, women, seniors, everyone

    public var germanName: String {
        switch self {
        case .youngPeople: "Junge Menschen (12–27)"
        case .adults: "Erwachsene (ab 27)"
        case .refugees: "Geflüchtete"
        case .families: "Familien"
        case .women: "Frauen"
        case .seniors: "Ältere Menschen"
        case .everyone: "Alle"
        }
    }
}

public enum AccessMode: String, Vocabulary {
    case walkIn, appointment, referralNeeded

    public var germanName: String {
        switch self {
        case .walkIn: "offene Sprechzeit, ohne Termin"
        case .appointment: "mit Termin"
        case .referralNeeded: "nur mit Überweisung / Zuweisung"
        }
    }
}

/// A code read back from storage that Lotse does not know: a defect of the data or of a migration.
/// It is reported (the request fails with 500 and the log names the type), never replaced by a
/// default that would show something else than what was stored.
public struct UnknownStoredCode: Error, CustomStringConvertible {
    public let type: String
    public let code: String

    public init(type: String, code: String) {
        self.type = type
        self.code = code
    }

    public var description: String { "unknown stored code of \(type)" }
}

extension RawRepresentable where RawValue == String {
    /// The value of a code read from the database; an unknown code throws `UnknownStoredCode`.
    public static func stored(_ code: String) throws -> Self {
        guard let value = Self(rawValue: code) else { throw UnknownStoredCode(type: String(describing: Self.self), code: code) }
        return value
    }
}
