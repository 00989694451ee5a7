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

/// Issue 15, part 5: the record of processing activities is written from the district's settings.
@Suite struct ProcessingRecordTests {
    @Test func theRecordNamesTheDistrictsOwnPeriodsRecipientsAndOfficers() {
        let notice = PrivacyNotice(districtName: "Kreis Höxter", closedCaseMonths: 48, firstContactMonths: 3)
        let record = ProcessingRecord(.init(districtName: "Kreis Höxter", dataProtectionOfficers: ["Dana Schutz"], retention: notice,
                                            smallNumberThreshold: 7, recipientsByKind: [(kind: "Beratungsstelle", names: ["Caritas", "Diakonie"])],
                                            municipalities: ["Brakel", "Höxter"]))
        #expect(record.controller == "Kreis Höxter, Kommunales Integrationsmanagement (KIM)")
        #expect(record.dataProtectionOfficers == ["Dana Schutz"])
        let cases = record.activities[0]
        #expect(cases.specialCategories && cases.retention.contains("48 Monate") && cases.retention.contains("3 Monaten"))
        #expect(cases.recipients.contains("Beratungsstelle: Caritas, Diakonie"))
        #expect(record.activities.contains { $0.dataCategories.contains("unter 7") })
        #expect(record.measures.contains { $0.contains("48 bzw. 3 Monaten") })
        let empty = ProcessingRecord(.init(districtName: "Kreis X", dataProtectionOfficers: [], retention: notice, smallNumberThreshold: 5,
                                           recipientsByKind: [], municipalities: []))
        #expect(empty.activities[0].recipients == "Keine Stelle ist im Angebotsverzeichnis erfasst.")
        #expect(notice.sections(recipients: []).first { $0.heading == "Empfänger" }?.text == "Bisher hat keine Stelle Angaben aus Ihrem Fall erhalten.")
    }
}
