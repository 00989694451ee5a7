import Testing
@testable import LotseCore

/// Issue 15, part 3: a correction names exactly the fields it changed, with the old and new value.
@Suite struct RectificationTests {
    @Test func onlyChangedFieldsAreKeptInTheirOrder() {
        let before = [("Familienname", "Yilmaz"), ("Vornamen", "Mehmet"), ("Telefon", ""), ("Anschrift", "Am Markt 1")]
        let after = [("Familienname", "Yıldırım"), ("Vornamen", "Mehmet"), ("Telefon", "05251 1234"), ("Anschrift", "Am Markt 1")]
        #expect(Rectification.changes(before: before, after: after) == [
            FieldChange(field: "Familienname", before: "Yilmaz", after: "Yıldırım"),
            FieldChange(field: "Telefon", before: "", after: "05251 1234"),
        ])
    }

    @Test func noChangeIsNoCorrectionAndMissingFieldsCountAsEmpty() {
        #expect(Rectification.changes(before: [("E-Mail", "a@b.de")], after: [("E-Mail", "a@b.de")]).isEmpty)
        #expect(Rectification.changes(before: [("E-Mail", "a@b.de")], after: []) == [FieldChange(field: "E-Mail", before: "a@b.de", after: "")])
        #expect(Rectification.changes(before: [], after: [("E-Mail", "a@b.de"), ("Telefon", "")]) == [FieldChange(field: "E-Mail", before: "", after: "a@b.de")])
    }
}
