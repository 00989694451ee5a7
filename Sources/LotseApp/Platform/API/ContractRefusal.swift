import Foundation

/// A request body or parameter that `openapi.yaml` does not allow, told in German with the field's
/// name (as a dotted path for nested fields). Nothing of such a request is stored.
struct ContractRefusal: Error, Sendable {
    let field: String
    let message: String

    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let names = (keys + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.reduce("") { $0.isEmpty || $1.hasPrefix("[") ? $0 + $1 : $0 + "." + $1 }
        }
        switch error {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath, key)
            message = "Das Pflichtfeld „\(field)“ fehlt. Es wurde nichts gespeichert."
        case .typeMismatch(_, let context):
            field = path(context.codingPath)
            message = field.isEmpty
                ? "Der Inhalt der Anfrage hat nicht die erwartete Form (siehe /api/v1/openapi.yaml). Es wurde nichts gespeichert."
                : "Das Feld „\(field)“ hat den falschen Typ. Es wurde nichts gespeichert."
        case .valueNotFound(_, let context):
            field = path(context.codingPath)
            message = "Das Feld „\(field)“ darf nicht leer (null) sein. Es wurde nichts gespeichert."
        case .dataCorrupted(let context):
            field = path(context.codingPath)
            if context.debugDescription.hasPrefix("Additional properties are disabled") {
                message = "Das Feld „\(field)“ ist unbekannt (vielleicht ein Tippfehler). Es wurde nichts gespeichert."
            } else if field.isEmpty {
                message = "Der Inhalt der Anfrage ist kein gültiges JSON. Es wurde nichts gespeichert."
            } else {
                message = "Das Feld „\(field)“ hat einen ungültigen Wert (siehe die erlaubten Werte in /api/v1/openapi.yaml). Es wurde nichts gespeichert."
            }
        @unknown default:
            field = ""
            message = Self.message(for: 400)
        }
    }

    /// Refusals by the generated server that carry no field (a query parameter of the wrong type,
    /// a missing body, a content type the operation does not take).
    static func message(for status: Int) -> String {
        switch status {
        case 406: "Die Antwort gibt es nicht in dem verlangten Format (Accept)."
        case 415: "Dieses Datenformat wird hier nicht angenommen. Bitte senden Sie application/json."
        default: "Die Anfrage passt nicht zur Schnittstellenbeschreibung (/api/v1/openapi.yaml): ein Parameter hat einen ungültigen Wert oder der Inhalt fehlt. Es wurde nichts gespeichert."
        }
    }
}
