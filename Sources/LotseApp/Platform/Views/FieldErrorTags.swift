import LeafKit
import LotseCore

/// The accessible error state of a form field, written once for every form. `#field` (`FieldTag`)
/// uses it for every ordinary field; the tags below serve the few compound fields that arrange
/// their own controls (a user's roles with their scopes, services with their consent mark). Each tag reads the
/// page's `fieldErrors` (set by `Request.render(…, failure:)`) for the field it names:
///
/// - `<div class="field#errorClass("name")">` marks the field's box,
/// - `#fieldError("name")` writes the message, announced as "Fehler:",
/// - `<input …#describedBy("name")>` or `#describedBy("name", "name-hint")` ties the input to its
///   hint and message and marks it invalid.
///
/// Without an error for that field each writes nothing (or only the hint's id).
enum FieldErrorTags {
    static func register(in tags: inout [String: any LeafTag]) {
        tags["errorClass"] = ErrorClass()
        tags["fieldError"] = FieldError()
        tags["describedBy"] = DescribedBy()
    }

    static func message(_ ctx: LeafContext) throws -> (field: String, message: String?) {
        guard let field = ctx.parameters.first?.string, !field.isEmpty else {
            throw LeafError(.unknownError("Ein Feld-Tag braucht den Namen des Felds."))
        }
        let message = ctx.data["fieldErrors"]?.dictionary?[field]?.string
        return (field, message.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// HTML-escaped in one pass, as the report's documents are. Five NSString replacings for every
    /// label, hint and option of every form stood out in the profile of the case list (issue 17).
    static func escaped(_ text: String) -> String { ReportDocument.escape(text) }

    struct ErrorClass: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            .string(try FieldErrorTags.message(ctx).message == nil ? "" : " field-error")
        }
    }

    /// The message of a refused field, announced as "Fehler:".
    static func messageHTML(field: String, message: String?) -> String {
        guard let message else { return "" }
        return "<p class=\"error-message\" id=\"\(escaped(field))-error\"><span class=\"visually-hidden\">Fehler:</span> \(escaped(message))</p>"
    }

    /// Ties a control to its hint and message; a refused control is marked invalid (not a fieldset).
    static func describedByHTML(field: String, hintID: String?, message: String?, invalid: Bool = true) -> String {
        let ids = [hintID, message == nil ? nil : field + "-error"].compactMap { $0 }
        guard !ids.isEmpty else { return "" }
        return " aria-describedby=\"\(escaped(ids.joined(separator: " ")))\"" + (invalid && message != nil ? " aria-invalid=\"true\"" : "")
    }

    struct FieldError: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let (field, message) = try FieldErrorTags.message(ctx)
            return .string(FieldErrorTags.messageHTML(field: field, message: message))
        }
    }

    struct DescribedBy: UnsafeUnescapedLeafTag {
        func render(_ ctx: LeafContext) throws -> LeafData {
            let (field, message) = try FieldErrorTags.message(ctx)
            let hint = ctx.parameters.dropFirst().first?.string.flatMap { $0.isEmpty ? nil : $0 }
            return .string(FieldErrorTags.describedByHTML(field: field, hintID: hint, message: message))
        }
    }
}
