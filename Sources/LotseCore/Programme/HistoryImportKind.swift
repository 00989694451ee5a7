/// What a district that kept KIM in spreadsheets brings into Lotse (issue 19, part 8): posts with
/// their dated history, bodies with members, past meetings with decisions, and findings of its
/// cases with their days. Each is one CSV file with these columns; nothing is taken over while a
/// row is wrong.
public enum HistoryImportKind: String, Vocabulary {
    case positions, bodies, meetings, findings

    public var germanName: String {
        switch self {
        case .positions: "Stellen mit ihrem Verlauf"
        case .bodies: "Gremien mit ihren Mitgliedern"
        case .meetings: "Sitzungen mit ihren Beschlüssen"
        case .findings: "Erkenntnisse aus Fällen mit ihrem Tag"
        }
    }

    public var header: [String] {
        switch self {
        case .positions: ["Stelle", "Baustein", "Anstellungsträger", "Kommunen", "Region", "Förderung ab", "Förderung bis", "Stand ab", "Stand", "VZÄ", "Bemerkung"]
        case .bodies: ["Gremium", "Art", "Kommune", "Auftrag", "Altersgruppen", "Mitglied", "Organisation", "Funktion"]
        case .meetings: ["Gremium", "Datum", "Ort", "Beschluss", "Art des Beschlusses", "Verantwortlich", "Bis", "Stand"]
        case .findings: ["Fall", "Tag", "Art", "Handlungsfeld", "Rechtskreise", "Ebene", "Beschreibung"]
        }
    }

    /// How the rows belong together, for the page.
    public var explanation: String {
        switch self {
        case .positions: "Eine Zeile je Stand einer Stelle, in der Reihenfolge der Tage. Die erste Zeile einer Stelle legt sie an (Baustein, Anstellungsträger, "
            + "Kommunen oder Region, Förderung, VZÄ); die weiteren halten Stand und, wenn er sich ändert, den neuen Umfang fest."
        case .bodies: "Eine Zeile je Mitglied. Die erste Zeile eines Gremiums legt es an (Art, Kommune, Auftrag, Altersgruppen); ein Gremium gleichen Namens wird ergänzt."
        case .meetings: "Eine Zeile je Beschluss; eine Sitzung ohne Beschluss hat eine Zeile ohne Beschluss. Das Gremium muss es schon geben."
        case .findings: "Eine Zeile je Erkenntnis, zu einem Fall Ihrer Kommunen (Fallnummer). Die Beschreibung darf niemanden nennen."
        }
    }
}
