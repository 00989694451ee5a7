import Foundation

/// Findings, topics and decision papers carry no personal data (DESIGN.md §4.7). A person still
/// types the text, so the form looks for what usually gives a person away and warns before saving.
/// A heuristic: it cannot prove the absence of personal data, only catch the common slips.
public enum PersonalDataWarning: String, Sendable, CaseIterable {
    case dateOfBirth, address, name, contact

    public var message: String {
        switch self {
        case .dateOfBirth: "Der Text scheint ein Datum zu enthalten, etwa ein Geburtsdatum."
        case .address: "Der Text scheint eine Anschrift zu enthalten."
        case .name: "Der Text scheint einen Personennamen zu enthalten (z. B. „Frau …“, „Herr …“)."
        case .contact: "Der Text scheint eine Telefonnummer oder E-Mail-Adresse zu enthalten."
        }
    }

    /// The warnings that apply to `text`, in a fixed order.
    public static func check(_ text: String) -> [PersonalDataWarning] {
        var found: [PersonalDataWarning] = []
        if matches(text, #"\b\d{1,2}\.\s?\d{1,2}\.\s?(19|20)?\d{2}\b"#) || matches(text, #"\b(19|20)\d{2}-\d{2}-\d{2}\b"#)
            || matches(text, #"(?i)\b(geb\.|geboren)"#) {
            found.append(.dateOfBirth)
        }
        if matches(text, #"(?i)\b[\p{L}-]+(straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d+"#) || matches(text, #"\b\d{5}\s+\p{Lu}\p{Ll}+"#) {
            found.append(.address)
        }
        if matches(text, #"\b(Frau|Herr|Herrn|Familie|Fam\.)\s+\p{Lu}\p{Ll}+"#) {
            found.append(.name)
        }
        if matches(text, #"[\w.+-]+@[\w-]+\.[\w.]+"#) || matches(text, #"(\+|\b0)\d[\d /-]{6,}\d"#) {
            found.append(.contact)
        }
        return found
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
