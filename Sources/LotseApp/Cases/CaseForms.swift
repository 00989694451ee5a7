import Foundation
import LotseCore
import Vapor

/// What every form page of a case shows: where it goes, what was entered (kept on errors), the
/// choices, and a few things particular to one form.
struct CaseFormPage: Encodable {
    struct DuplicateView: Encodable {
        let clientId: String
        let name: String
        let birthDate: String
        let municipality: String
        let caseNumbers: String
    }

    struct GoalField: Encodable {
        let value: String
        let label: String
        let text: String
    }

    struct ActionRow: Encodable {
        let number: Int
        let prefix: String
        let what: String
        let who: String
        let dueOn: String
        let goals: [FormOption]
        let error: String?
    }

    var action = ""
    var cancel = ""
    var intro: [String] = []
    var values: [String: String] = [:]
    var options: [String: [FormOption]] = [:]
    var printLink = ""
    var printLinkEnglish = ""
    var duplicates: [DuplicateView] = []
    var hasDuplicates: Bool { !duplicates.isEmpty }
    var linkAction = ""
    var goals: [GoalField] = []
    var actionRows: [ActionRow] = []
    var consequences: [String] = []

    enum CodingKeys: String, CodingKey {
        case action, cancel, intro, values, options, printLink, printLinkEnglish, duplicates, hasDuplicates, linkAction, goals, actionRows, consequences
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(cancel, forKey: .cancel)
        try c.encode(intro, forKey: .intro)
        try c.encode(values, forKey: .values)
        try c.encode(options, forKey: .options)
        try c.encode(printLink, forKey: .printLink)
        try c.encode(printLinkEnglish, forKey: .printLinkEnglish)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(hasDuplicates, forKey: .hasDuplicates)
        try c.encode(linkAction, forKey: .linkAction)
        try c.encode(goals, forKey: .goals)
        try c.encode(actionRows, forKey: .actionRows)
        try c.encode(consequences, forKey: .consequences)
    }

    /// Every entered value echoed back: text fields by name, choices through `options`.
    mutating func keep(_ fields: FormFields) {
        for (name, list) in fields.values where name != "_csrf" { values[name] = list.first ?? "" }
    }

    mutating func choose<V: Vocabulary>(_ name: String, _ type: V.Type, from fields: FormFields, only: [V]? = nil) {
        let chosen = Set(fields.all(name))
        options[name] = (only ?? Array(V.allCases)).map { FormOption(value: $0.rawValue, label: $0.germanName, selected: chosen.contains($0.rawValue)) }
    }

    mutating func choose(_ name: String, _ choices: [(id: UUID, label: String)], from fields: FormFields) {
        let chosen = Set(fields.all(name))
        options[name] = choices.map { FormOption(value: $0.id.uuidString, label: $0.label, selected: chosen.contains($0.id.uuidString)) }
    }
}

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
    /// object as "key-subkey" and a list of objects under "actions" as "action1-…", "action2-…".
    init(json: Data) throws {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: json) else {
            throw PublicError(status: .badRequest, reason: "Der Inhalt muss ein JSON-Objekt sein.")
        }
        var values: [String: [String]] = [:]
        for (key, value) in object {
            switch value {
            case .array(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
                for (index, item) in items.enumerated() {
                    guard case .object(let fields) = item else { continue }
                    for (subkey, subvalue) in fields { values["action\(index + 1)-\(subkey)"] = subvalue.text.map { [$0] } ?? [] }
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
