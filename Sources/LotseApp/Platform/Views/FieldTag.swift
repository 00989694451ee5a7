import LeafKit

/// Every form field of Lotse, written once: `#field(name, label, source, spec)` or
/// `#field(name, label, source, spec, hint)`.
///
/// - `source` is what was entered (text fields), `"on"`/`true` (a single checkbox), or the options
///   `[{value, label, selected}]` of a choice (select, radios, checkboxes).
/// - `spec` names the kind and its details in words: `text`, `date`, `password`, `file`, `textarea`,
///   `select`, `radios`, `checkboxes` or `checkbox`; then `short` (narrow input), `narrow` (narrow
///   box in a wide form), `bare` (no box: label and control only, for a one-line filter bar),
///   `noblank` (a select without empty first option), `value=…` (a checkbox's value, default `on`), `rows=N`,
///   `autocomplete=…`, `numeric`, `nospellcheck`, `nocapitalize`, `accept=…`; the marker after the
///   label in round brackets, e.g. `(Pflichtangabe)`; a select's empty first option in square
///   brackets, e.g. `[alle]` (default „– bitte wählen –“).
///
/// The tag writes the label (or legend), marker, hint, the field's error message from the page's
/// `fieldErrors` and ties the input to hint and message (`aria-describedby`, `aria-invalid`), so no
/// template repeats the markup of an accessible field. Repeated rows pass a computed name
/// (`row.prefix + "what"`).
struct FieldTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let p = ctx.parameters
        guard p.count >= 4, let name = p[0].string, !name.isEmpty, let label = p[1].string, let specText = p[3].string else {
            throw LeafError(.unknownError("#field braucht Name, Beschriftung, Inhalt und Art: #field(name, label, source, spec[, hint])."))
        }
        let spec = FieldSpec(specText)
        let hint = p.count > 4 ? (p[4].string ?? "") : ""
        let message = ctx.data["fieldErrors"]?.dictionary?[name]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let field = RenderedField(name: name, label: label, source: p[2], spec: spec, hint: hint, message: message)
        return .string(try field.html())
    }
}

/// The words of a field's spec.
struct FieldSpec {
    var kind = ""
    var words: Set<String> = []
    var settings: [String: String] = [:]
    var marker: String?
    var emptyOption = "– bitte wählen –"

    init(_ text: String) {
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "(" || $0 == "[" }) {
            let close: Character = rest[open] == "(" ? ")" : "]"
            guard let end = rest[open...].firstIndex(of: close) else { break }
            let inner = String(rest[rest.index(after: open)..<end])
            if close == ")" { marker = "(\(inner))" } else { emptyOption = inner }
            rest = rest[..<open] + rest[rest.index(after: end)...]
        }
        for word in rest.split(separator: " ").map(String.init) {
            if let equals = word.firstIndex(of: "=") {
                settings[String(word[..<equals])] = String(word[word.index(after: equals)...])
            } else if kind.isEmpty {
                kind = word
            } else {
                words.insert(word)
            }
        }
    }
}

/// One field's markup.
struct RenderedField {
    let name: String
    let label: String
    let source: LeafData
    let spec: FieldSpec
    let hint: String
    let message: String?

    static let words: Set<String> = ["short", "narrow", "bare", "noblank", "numeric", "nospellcheck", "nocapitalize"]
    static let settings: Set<String> = ["rows", "autocomplete", "accept", "value"]

    func html() throws -> String {
        // A misspelt word would quietly change nothing: it stops the page instead, so a test finds it.
        let unknown = spec.words.subtracting(Self.words).union(Set(spec.settings.keys).subtracting(Self.settings))
        guard unknown.isEmpty else { throw LeafError(.unknownError("#field kennt „\(unknown.sorted().joined(separator: " "))“ nicht (Feld \(name)).")) }
        return switch spec.kind {
        case "text", "date", "password", "file": boxed(input())
        case "textarea": boxed(textarea())
        case "select": boxed(select())
        case "radios": grouped("radios", "radio", type: "radio")
        case "checkboxes": grouped("checkbox-grid", "checkbox", type: "checkbox")
        case "checkbox": checkbox()
        default: throw LeafError(.unknownError("#field kennt die Art „\(spec.kind)“ nicht (Feld \(name))."))
        }
    }

    private var hintID: String? { hint.isEmpty ? nil : "\(name)-hint" }
    /// The box's classes: narrow inside a wide form, marked when its value was refused.
    private var boxClass: String { "field" + (spec.words.contains("narrow") ? " form-narrow" : "") + (message == nil ? "" : " field-error") }
    private var markerHTML: String { spec.marker.map { " <span class=\"marker\">\(e($0))</span>" } ?? "" }
    private var hintHTML: String { hintID.map { "<p class=\"hint\" id=\"\(e($0))\">\(e(hint))</p>" } ?? "" }
    private var errorHTML: String { FieldErrorTags.messageHTML(field: name, message: message) }

    private func describedBy(invalid: Bool = true) -> String {
        FieldErrorTags.describedByHTML(field: name, hintID: hintID, message: message, invalid: invalid)
    }

    private var text: String { source.string ?? "" }
    private var options: [(value: String, label: String, selected: Bool)] {
        (source.array ?? []).map {
            let option = $0.dictionary ?? [:]
            return (option["value"]?.string ?? "", option["label"]?.string ?? "", option["selected"]?.bool ?? false)
        }
    }

    private func boxed(_ control: String) -> String {
        if spec.words.contains("bare") { return "<label for=\"\(e(name))\">\(e(label))</label>\n\(control)" }
        return "<div class=\"\(boxClass)\">\n<label for=\"\(e(name))\">\(e(label))\(markerHTML)</label>\n\(hintHTML)\(errorHTML)\n\(control)\n</div>"
    }

    private func input() -> String {
        var attributes = " type=\"\(spec.kind)\""
        if spec.words.contains("short") { attributes += " class=\"input-short\"" }
        if spec.words.contains("numeric") { attributes += " inputmode=\"numeric\"" }
        if let value = spec.settings["autocomplete"] { attributes += " autocomplete=\"\(e(value))\"" }
        if spec.words.contains("nocapitalize") { attributes += " autocapitalize=\"none\"" }
        if spec.words.contains("nospellcheck") { attributes += " spellcheck=\"false\"" }
        if let value = spec.settings["accept"] { attributes += " accept=\"\(e(value))\"" }
        // A password or file is never written back into the page.
        if spec.kind != "password" && spec.kind != "file" { attributes += " value=\"\(e(text))\"" }
        return "<input id=\"\(e(name))\" name=\"\(e(name))\"\(attributes)\(describedBy())>"
    }

    private func textarea() -> String {
        "<textarea id=\"\(e(name))\" name=\"\(e(name))\" rows=\"\(e(spec.settings["rows"] ?? "4"))\"\(describedBy())>\(e(text))</textarea>"
    }

    private func select() -> String {
        let choices = options.map { option -> String in
            "<option value=\"\(e(option.value))\"\(option.selected ? " selected" : "")>\(e(option.label))</option>"
        }.joined()
        let blank = spec.words.contains("noblank") ? "" : "<option value=\"\">\(e(spec.emptyOption))</option>"
        return "<select id=\"\(e(name))\" name=\"\(e(name))\"\(describedBy())>\(blank)\(choices)</select>"
    }

    private func grouped(_ listClass: String, _ itemClass: String, type: String) -> String {
        // Typed closures: an untyped string here is taken for SQLKit's interpolated SQL, which also has `joined()`.
        let items = options.map { option -> String in
            let id = e("\(name)-\(option.value)")
            return "<div class=\"\(itemClass)\"><input type=\"\(type)\" id=\"\(id)\" name=\"\(e(name))\" value=\"\(e(option.value))\"\(option.selected ? " checked" : "")><label for=\"\(id)\">\(e(option.label))</label></div>"
        }.joined()
        return "<fieldset class=\"\(boxClass)\" id=\"\(e(name))\"\(describedBy(invalid: false))>\n<legend>\(e(label))\(markerHTML)</legend>\n\(hintHTML)\(errorHTML)\n<div class=\"\(listClass)\">\(items)</div>\n</fieldset>"
    }

    private func checkbox() -> String {
        let value = spec.settings["value"] ?? "on"
        let checked = source.bool == true || source.string == value || source.string == "true"
        let control = "<div class=\"checkbox\"><input type=\"checkbox\" id=\"\(e(name))\" name=\"\(e(name))\" value=\"\(e(value))\"\(checked ? " checked" : "")\(describedBy())><label for=\"\(e(name))\">\(e(label))</label></div>"
        if spec.words.contains("bare") { return control }
        return "<div class=\"\(boxClass)\">\n\(hintHTML)\(errorHTML)\n\(control)\n</div>"
    }

    private func e(_ text: String) -> String { FieldErrorTags.escaped(text) }
}
