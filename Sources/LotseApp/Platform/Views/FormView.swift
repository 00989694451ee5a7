import Foundation
import LotseCore

/// A form described as data, rendered by the one template `form.leaf`: each field knows its kind,
/// label, hint and what was entered (kept after an error). Used where a form is a plain list of
/// fields; forms with their own arrangement place the same `#field` tag themselves (`FieldTag`).
struct FormView: Encodable {
    struct Field: Encodable {
        enum Kind: String, Encodable { case text, short, date, textarea, select, radios, checkboxes }

        let kind: Kind
        let name: String
        let label: String
        let hint: String
        let required: Bool
        var value: String
        var options: [FormOption]

        /// How `#field` draws it (see `FieldTag`).
        var spec: String {
            let shape = switch kind {
            case .text: "text"
            case .short: "text short"
            case .date: "date short"
            case .textarea: "textarea rows=6"
            case .select: "select"
            case .radios: "radios"
            case .checkboxes: "checkboxes"
            }
            return shape + (required ? " (Pflichtangabe)" : " (optional)")
        }

        enum CodingKeys: String, CodingKey { case name, label, hint, spec, source }

        /// `source` is what `#field` fills in: the text entered, or the options of a choice.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(label, forKey: .label)
            try c.encode(hint, forKey: .hint)
            try c.encode(spec, forKey: .spec)
            if kind == .select || kind == .radios || kind == .checkboxes {
                try c.encode(options, forKey: .source)
            } else {
                try c.encode(value, forKey: .source)
            }
        }
    }

    let action: String
    let cancel: String
    let submit: String
    var intro: [String] = []
    var fields: [Field] = []

    init(action: String, cancel: String, submit: String, intro: [String] = []) {
        self.action = action
        self.cancel = cancel
        self.submit = submit
        self.intro = intro
    }

    mutating func add(_ kind: Field.Kind, _ name: String, _ label: String, hint: String = "", required: Bool = false, options: [FormOption] = []) {
        fields.append(Field(kind: kind, name: name, label: label, hint: hint, required: required, value: "", options: options))
    }

    /// `named` gives the district's word for a value where it has one (`DistrictWords`).
    mutating func add<V: Vocabulary>(_ kind: Field.Kind, _ name: String, _ label: String, _ type: V.Type, hint: String = "", required: Bool = true,
                                     named: (V) -> String = { $0.germanName }) {
        add(kind, name, label, hint: hint, required: required, options: V.allCases.map { FormOption(value: $0.rawValue, label: named($0), selected: false) })
    }

    /// Fills in what was entered (or stored); the messages of a failed check come from the page's
    /// field errors through `FieldErrorTags`.
    func filled(with fields: FormFields) -> FormView {
        var copy = self
        copy.fields = self.fields.map { field in
            var field = field
            field.value = fields.text(field.name)
            let chosen = Set(fields.all(field.name))
            field.options = field.options.map { FormOption(value: $0.value, label: $0.label, selected: chosen.contains($0.value)) }
            return field
        }
        return copy
    }
}
