/// Texts a district keeps for its annual report (issue 19, part 7), as seed 000 writes them: the
/// organisational unit KIM belongs to, the programme's Grundsatzziel in the district's words, its
/// rule for setting up working groups, and the signature block (place and author; the month is
/// the report's). Empty texts are left out of the report.
public enum StandingText: String, Vocabulary {
    case organisationalUnit, principalGoal, workingGroupRule, signaturePlace, signatureAuthor

    public var germanName: String {
        switch self {
        case .organisationalUnit: "Organisatorische Anbindung"
        case .principalGoal: "Grundsatzziel"
        case .workingGroupRule: "Regel für das Einrichten von Arbeitsgruppen"
        case .signaturePlace: "Ort der Unterschrift"
        case .signatureAuthor: "Verfasser*in"
        }
    }

    public var hint: String {
        switch self {
        case .organisationalUnit: "z. B. „Im Bildungs- und Integrationszentrum wurde das Sachgebiet „Kommunales Integrationsmanagement“ eingerichtet …“"
        case .principalGoal: "z. B. „Das Grundsatzziel des Landesprogramms ist es, … die Teilhabe- und Integrationschancen … zu verbessern.“"
        case .workingGroupRule: "z. B. „Themenspezifische Arbeitsgruppen sollen eingerichtet werden, wenn die Fallarbeit einen Bedarf aufzeigt und die Lenkungsgruppe … beschließt.“"
        case .signaturePlace: "z. B. Paderborn"
        case .signatureAuthor: "Name der Person, die den Bericht unterzeichnet"
        }
    }

    /// Short texts are a line; the others a paragraph.
    public var maximumLength: Int { self == .signaturePlace || self == .signatureAuthor ? 120 : 4000 }
}

/// Sentences of the report's comparison with the previous period (seed 000, Ziel 2: "Im
/// Vergleich zum Vorjahr konnte zusätzlich in … das Case Management starten").
public enum PeriodComparison {
    /// "A", "A und B", "A, B und C".
    public static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " und " + last
    }

    public static func lines(period: String, previous: String, activeNow: [String], activeBefore: [String], refilled: [String], vacant: [String],
                             meetings: (now: Int, before: Int), topics: (now: Int, before: Int), steeringBody: String) -> [String] {
        let started = activeNow.filter { !activeBefore.contains($0) }
        let stopped = activeBefore.filter { !activeNow.contains($0) }
        var lines = ["Case Management war im \(period) in \(activeNow.count) Kommunen aktiv, im \(previous) in \(activeBefore.count)."]
        if !started.isEmpty { lines.append("Im Vergleich zum Vorjahr konnte zusätzlich in \(list(started)) das Case Management starten.") }
        if !stopped.isEmpty { lines.append("Nicht mehr aktiv war das Case Management in \(list(stopped)).") }
        if !refilled.isEmpty { lines.append("Wieder besetzt wurden Stellen in \(list(refilled)).") }
        if !vacant.isEmpty { lines.append("Am Ende des Zeitraums unbesetzt waren Stellen in \(list(vacant)).") }
        lines.append("Sitzungen \(steeringBody): \(meetings.now) (\(previous): \(meetings.before)); Themen aus der Fallarbeit: \(topics.now) (\(previous): \(topics.before)).")
        return lines
    }
}
