import Vapor

/// Input that cannot be accepted, with a German message per field. The browser shows these in an
/// error summary and at each field; the API returns them as `fields`.
struct ValidationFailure: Error, Sendable {
    struct FieldError: Sendable, Encodable {
        let field: String
        let message: String

        /// The link target in the error summary: the field's id.
        var href: String { "#" + field }

        enum CodingKeys: String, CodingKey { case field, message, href }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(field, forKey: .field)
            try container.encode(message, forKey: .message)
            try container.encode(href, forKey: .href)
        }
    }

    var errors: [FieldError] = []

    var isEmpty: Bool { errors.isEmpty }

    mutating func add(_ field: String, _ message: String) {
        if !errors.contains(where: { $0.field == field }) { errors.append(FieldError(field: field, message: message)) }
    }

    var summary: String {
        errors.count == 1 ? errors[0].message : "Bitte prüfen Sie Ihre Eingaben: \(errors.count) Angaben sind noch nicht in Ordnung."
    }

    var fieldMessages: [String: String] {
        Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    func message(for field: String) -> String? { fieldMessages[field] }

    func throwIfAny() throws {
        if !errors.isEmpty { throw self }
    }

    /// After the checks: the values they vouched for, typed and present. Throws the collected
    /// messages if there are any; a value missing without a message is a defect of Lotse (500).
    func checked<each Value>(_ value: repeat (each Value)?) throws -> (repeat each Value) {
        try throwIfAny()
        return (repeat try Self.present(each value))
    }

    private static func present<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw Abort(.internalServerError, reason: "validated value missing") }
        return value
    }
}

/// Plain checks the forms and the API share.
enum Check {
    static func name(_ value: String, field: String, label: String, into failure: inout ValidationFailure) {
        if value.isEmpty {
            failure.add(field, isClause(label) ? "Bitte geben Sie an, \(label)." : "Bitte geben Sie \(label) ein.")
        } else if value.count > 120 {
            failure.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) darf höchstens 120 Zeichen lang sein.")
        }
    }
}
