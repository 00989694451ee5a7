import Foundation
import LotseCore
import Vapor

/// The page before a step that cannot be undone (publish, regenerate, open a case, erase):
/// what it concerns ("check your answers"), what will happen, and one button that does it.
/// Rendered by `platform/confirm.leaf`; the step itself stays a POST to the same address.
struct ConfirmPage: Encodable {
    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Change: Encodable {
        let subject: String
        let effect: String
        let isLoss: Bool
    }

    var intro: [String] = []
    var facts: [Fact] = []
    var consequencesHeading = "Was dann geschieht"
    var consequences: [String] = []
    /// A table of what changes (sections of a report, for instance), with its caption.
    var changesCaption = ""
    var changes: [Change] = []
    let action: String
    let submit: String
    let cancel: String
    /// A warning button and frame where the step destroys or freezes something.
    var isWarning = false

    var hasFacts: Bool { !facts.isEmpty }
    var hasChanges: Bool { !changes.isEmpty }

    enum CodingKeys: String, CodingKey {
        case intro, facts, consequencesHeading, consequences, changesCaption, changes, action, submit, cancel, isWarning, hasFacts, hasChanges
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(intro, forKey: .intro)
        try c.encode(facts, forKey: .facts)
        try c.encode(consequencesHeading, forKey: .consequencesHeading)
        try c.encode(consequences, forKey: .consequences)
        try c.encode(changesCaption, forKey: .changesCaption)
        try c.encode(changes, forKey: .changes)
        try c.encode(action, forKey: .action)
        try c.encode(submit, forKey: .submit)
        try c.encode(cancel, forKey: .cancel)
        try c.encode(isWarning, forKey: .isWarning)
        try c.encode(hasFacts, forKey: .hasFacts)
        try c.encode(hasChanges, forKey: .hasChanges)
    }
}

extension Request {
    func confirm(_ page: ConfirmPage, title: String, breadcrumbs: [LayoutContext.Crumb]) async throws -> Response {
        try await render("platform/confirm", title: title, content: page, breadcrumbs: breadcrumbs)
    }
}
