import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The error state of a field is written once (`FieldErrorTags`); every form shows it the same way:
/// the field's box marked, the message under the label with its id, the input described by its
/// hint and its message and marked invalid, the fields without an error untouched.
@Suite struct FormErrorMarkupTests {
    @Test func aFailedFormMarksEachWrongFieldAndOnlyThose() async throws {
        try await withLotse { context in
            let f = context.fixture
            let coordinator = context.browser()
            try await coordinator.signIn(try #require(f.users[.coordinator]))
            try await coordinator.get(SiteURL.newProvider.path)
            let page = try await coordinator.post(SiteURL.providers.path, [("name", "MBE <Nord>"), ("email", "kein-mail")]).body.string

            // The kind is missing: box, message with its id, select described by it and invalid.
            #expect(page.contains(#"<div class="field form-narrow field-error">"#))
            #expect(page.contains(#"<p class="error-message" id="kind-error"><span class="visually-hidden">Fehler:</span> Bitte wählen Sie die Art"#))
            #expect(page.contains(#"<select id="kind" name="kind" aria-describedby="kind-error" aria-invalid="true">"#))
            #expect(page.contains(#"aria-describedby="email-error" aria-invalid="true""#))
            // The name was fine: no message, not invalid; what was typed is kept, escaped.
            #expect(!page.contains("id=\"name-error\""))
            #expect(page.contains(#"<input id="name" name="name" type="text" value="MBE &lt;Nord&gt;">"#))
            // The summary at the top links to each wrong field.
            #expect(page.contains("href=\"#kind\""))
        }
    }

    @Test func aHintStaysTiedToItsFieldWithAndWithoutAnError() async throws {
        try await withLotse { context in
            let coordinator = context.browser()
            try await coordinator.signIn(try #require(context.fixture.users[.coordinator]))
            let empty = try await coordinator.get(SiteURL.newTopic.path).body.string
            #expect(empty.contains(#"<textarea id="statement" name="statement" rows="4" aria-describedby="statement-hint">"#))
            let failed = try await coordinator.post(SiteURL.newTopic.path, [("title", ""), ("statement", ""), ("priority", "medium")]).body.string
            #expect(failed.contains(#"aria-describedby="statement-hint statement-error" aria-invalid="true""#))
            #expect(failed.contains(#"id="statement-error""#) && failed.contains(#"id="title-error""#))
        }
    }
}
