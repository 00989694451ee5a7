import Foundation
import LotseCore
import Vapor

extension Request {
    /// The JSON body of an API request as form fields (empty without a body).
    func jsonFields() throws -> FormFields {
        guard let body = body.data else { return FormFields() }
        return try FormFields(json: Data(buffer: body))
    }
}

extension FormFields {
    func choice<V: Vocabulary>(_ name: String, _ type: V.Type) -> V? { V(rawValue: text(name)) }

    func choices<V: Vocabulary>(_ name: String, _ type: V.Type) -> [V] { all(name).compactMap(V.init(rawValue:)) }

    func uuid(_ name: String) -> UUID? { UUID(uuidString: text(name)) }

    func uuids(_ name: String) -> [UUID] { all(name).compactMap(UUID.init(uuidString:)) }

    func flag(_ name: String) -> Bool { ["on", "true", "1", "yes"].contains(text(name).lowercased()) }

    /// A comma-separated text field, or (from the API) a list of values.
    func list(_ name: String) -> [String] {
        all(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A JSON object of the API read as form fields, so the browser and the API share one set of
    /// checks: strings and numbers as text, true as "on", lists as repeated values, a nested
    /// object as "key-subkey" and a list of objects as numbered rows of the key's singular:
    /// "actions" as "action1-…", "action2-…", "items" as "item1-…".
    init(json: Data) throws {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: json) else {
            throw PublicError(status: .badRequest, reason: "Der Inhalt muss ein JSON-Objekt sein.")
        }
        var values: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
                let row = key.hasSuffix("s") ? String(key.dropLast()) : key
                for (index, item) in items.enumerated() {
                    guard case .object(let fields) = item else { continue }
                    for (subkey, subvalue) in fields { values["\(row)\(index + 1)-\(subkey)"] = subvalue.text.map { [$0] } ?? [] }
                }
            case .array(let items):
                values[key] = items.compactMap(\.text)
            case .object(let nested):
                for (subkey, subvalue) in nested { values["\(key)-\(subkey)"] = subvalue.text.map { [$0] } ?? [] }
            default:
                values[key] = value.text.map { [$0] } ?? []
            }
        }
        self.init(values: values)
    }
}

/// Any JSON value, decoded strictly (a number is never taken for a Boolean).
enum JSONValue: Decodable {
    case string(String), bool(Bool), number(Double), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let list = try? container.decode([JSONValue].self) { self = .array(list) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// As a form field: text as it is, whole numbers without ".0", true as "on"; false and null as nothing.
    var text: String? {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "on" : nil
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        default: nil
        }
    }
}
