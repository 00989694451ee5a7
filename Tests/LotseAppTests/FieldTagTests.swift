import Foundation
import LeafKit
import Testing
@testable import LotseApp

/// Every form field is drawn by `#field` (`FieldTag`): its markup, its error state and its ties to
/// hint and message are written once, and no template writes a field of its own.
@Suite struct FieldTagTests {
    private func html(_ name: String, _ label: String, _ source: LeafData, _ spec: String, hint: String = "", error: String? = nil) throws -> String {
        try RenderedField(name: name, label: label, source: source, spec: FieldSpec(spec), hint: hint, message: error).html()
    }

    @Test func theSpecNamesKindDetailsMarkerAndEmptyChoice() {
        let spec = FieldSpec("select narrow noblank [– alle –] (mindestens eine) rows=3")
        #expect(spec.kind == "select")
        #expect(spec.words == ["narrow", "noblank"])
        #expect(spec.marker == "(mindestens eine)")
        #expect(spec.emptyOption == "– alle –")
        #expect(spec.settings["rows"] == "3")
        #expect(FieldSpec("text").marker == nil && FieldSpec("text").emptyOption == "– bitte wählen –")
    }

    @Test func everyCharacterThatEndsATextOrAnAttributeIsEscapedAndNothingElse() {
        #expect(FieldErrorTags.escaped(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(FieldErrorTags.escaped("Müller-Lüdenscheidt, Straße 3 😀") == "Müller-Lüdenscheidt, Straße 3 😀")
        #expect(FieldErrorTags.escaped("") == "" && FieldErrorTags.escaped("&&") == "&amp;&amp;")
    }

    @Test func aTextFieldCarriesLabelMarkerHintMessageAndWhatWasEnteredEscaped() throws {
        let field = try html("name", "Name", .string("MBE <Nord>"), "text short (Pflichtangabe)", hint: "Wie im Handelsregister.", error: "Bitte kürzer.")
        #expect(field.contains(#"<div class="field field-error">"#))
        #expect(field.contains(#"<label for="name">Name <span class="marker">(Pflichtangabe)</span></label>"#))
        #expect(field.contains(#"<p class="hint" id="name-hint">Wie im Handelsregister.</p>"#))
        #expect(field.contains(#"<p class="error-message" id="name-error"><span class="visually-hidden">Fehler:</span> Bitte kürzer.</p>"#))
        #expect(field.contains(#"<input id="name" name="name" type="text" class="input-short" value="MBE &lt;Nord&gt;" aria-describedby="name-hint name-error" aria-invalid="true">"#))
        let fine = try html("name", "Name", .string(""), "text")
        #expect(!fine.contains("aria-") && !fine.contains("marker") && fine.contains(#"<div class="field">"#))
    }

    @Test func choicesKeepWhatWasChosen() throws {
        let options: LeafData = .array([
            .dictionary(["value": "a", "label": "Erste", "selected": false]),
            .dictionary(["value": "b", "label": "Zweite", "selected": true]),
        ])
        let select = try html("kind", "Art", options, "select narrow [– alle –]")
        #expect(select.contains(#"<div class="field form-narrow">"#))
        #expect(select.contains(#"<select id="kind" name="kind"><option value="">– alle –</option><option value="a">Erste</option><option value="b" selected>Zweite</option></select>"#))
        #expect(!(try html("kind", "Art", options, "select noblank")).contains(#"<option value="">"#))
        // A group is a fieldset named by its legend; the message is tied to it, not marked invalid.
        let radios = try html("kind", "Art", options, "radios (Pflichtangabe)", error: "Bitte wählen.")
        #expect(radios.contains(#"<fieldset class="field field-error" id="kind" aria-describedby="kind-error">"#))
        #expect(radios.contains(#"<legend>Art <span class="marker">(Pflichtangabe)</span></legend>"#))
        #expect(radios.contains(#"<div class="radio"><input type="radio" id="kind-b" name="kind" value="b" checked><label for="kind-b">Zweite</label></div>"#))
        let boxes = try html("kind", "Art", options, "checkboxes")
        #expect(boxes.contains(#"<div class="checkbox-grid"><div class="checkbox"><input type="checkbox" id="kind-a" name="kind" value="a">"#))
    }

    @Test func aCheckboxAPasswordAndABareFilter() throws {
        #expect(try html("closed", "Abgeschlossene einbeziehen", .bool(true), "checkbox bare value=1")
            == #"<div class="checkbox"><input type="checkbox" id="closed" name="closed" value="1" checked><label for="closed">Abgeschlossene einbeziehen</label></div>"#)
        #expect(try html("ok", "Geprüft", .string(""), "checkbox").contains(#"value="on"><label for="ok">"#))
        // A password is never written back into the page.
        let password = try html("password", "Passwort", .string("geheim"), "password autocomplete=new-password")
        #expect(!password.contains("geheim") && password.contains(#"autocomplete="new-password""#))
        #expect(try html("period", "Zeitraum", .array([]), "select bare noblank") == "<label for=\"period\">Zeitraum</label>\n<select id=\"period\" name=\"period\"></select>")
        #expect(throws: LeafError.self) { try html("x", "X", .string(""), "slider") }
        #expect(throws: LeafError.self) { try html("x", "X", .string(""), "text shrot") }
        #expect(throws: LeafError.self) { try html("x", "X", .string(""), "textarea row=3") }
    }

    /// Controls outside `#field` are only those that are no form field of their own: hidden values,
    /// and the few compound choices listed here with their reason.
    @Test func noTemplateWritesAFieldOfItsOwn() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Views")
        let compound: Set<String> = [
            "identity/user-form.leaf",      // each role with its own scope and municipalities
            "cases/referral-form.leaf",     // each service shows its provider and whether consent exists
            "programme/milestones.leaf",    // a grid: one choice per cell, labelled by row and column
            "topics/findings.leaf",         // a choice in each table row, labelled by its finding
        ]
        var found: [String] = []
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "leaf" {
            let name = String(file.path.dropFirst(views.path.count + 1))
            guard !compound.contains(name) else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let controls = text.components(separatedBy: "<input").dropFirst().filter { !$0.hasPrefix(#" type="hidden""#) }.count
                + text.components(separatedBy: "<select").count - 1 + text.components(separatedBy: "<textarea").count - 1
            if controls > 0 { found.append(name) }
        }
        #expect(files.count > 60)
        #expect(found.isEmpty, "Felder ohne #field: \(found)")
    }
}
