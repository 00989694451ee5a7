import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct DirectoryTransferTests {
    static let header = DirectoryTransfer.header.joined(separator: ";")

    @Test func aBrokenFileIsRejectedRowByRowAndTheCorrectedOneImported() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.users[.coordinator]!)
            func send(_ text: String) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: token)
                headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
                return try await context.app.testing().sendRequest(.POST, "/api/v1/directory/import", headers: headers, body: ByteBuffer(string: text))
            }
            let broken = """
            \(Self.header)
            Sprachschule Ost;Sprachkursträger;05251 1;ost@schule.example;https://schule.example;Hauptstr. 1;Altdorf;Integrationskurs;;Sprache;AufenthG;Erwachsene;Deutsch;Altdorf;Schule;Mo–Fr;mit Termin;01.01.2026;
            ;Zauberschule;;keine-mail;schule.example;;Atlantis;Kurs;;Fliegen;;;;Altdorf;;;irgendwie;31.02.2026;
            Elterncafé;Ehrenamtliche Initiative;;;;;Neustadt;Treff;;Familie und Kinder;;;;Neustadt;;;ohne Termin;01.06.2026;01.01.2026
            """
            let rejected = try await send(broken)
            #expect(rejected.status == .unprocessableEntity)
            let body = try #require(try api.json(rejected) as? [String: Any])
            let rows = try #require(body["rows"] as? [[String: Any]])
            #expect(rows.map { $0["line"] as? Int } == [3, 4])
            let reasons = (rows[0]["reasons"] as? [String] ?? []).joined(separator: " | ")
            for expected in ["Der Name fehlt", "„Zauberschule“ ist unbekannt", "keine E-Mail-Adresse", "https://", "„Atlantis“ gibt es", "„Fliegen“ ist unbekannt",
                             "„irgendwie“ ist unbekannt", "kein Datum"] {
                #expect(reasons.contains(expected), "\(expected) fehlt in \(reasons)")
            }
            #expect((rows[1]["reasons"] as? [String])?.contains("Gültig bis: Das Ende liegt vor dem Beginn.") == true)
            #expect(try await Provider.query(on: context.app.db).count() == 0, "nothing imported while a row is broken")

            let corrected = """
            \(Self.header)
            Sprachschule Ost;Sprachkursträger;+49 5251 1;ost@schule.example;https://schule.example;Hauptstr. 1;Altdorf;Integrationskurs;;Sprache;AufenthG;Erwachsene;Deutsch;Altdorf;Schule;Mo–Fr;mit Termin;01.01.2026;
            Elterncafé;volunteerInitiative;;;;;Neustadt;Treff;;familyAndChildren;;;;Neustadt;;;walkIn;01.01.2026;01.06.2026
            Elterncafé;Ehrenamtliche Initiative;;;;;Neustadt;;;;;;;;;;;;
            """
            let accepted = try await send(corrected)
            #expect(accepted.status == .ok)
            let summary = try #require(try api.json(accepted) as? [String: Int])
            #expect(summary == ["providersCreated": 2, "providersUpdated": 0, "servicesCreated": 2, "servicesUpdated": 0])
            let course = try #require(try await Service.query(on: context.app.db).filter(\.$name == "Integrationskurs").first())
            #expect(course.lifeDomains == [.language] && course.legalDomains == [.aufenthg] && course.municipalityIDs == [context.fixture.municipalityA1])
        }
    }

    @Test func theExportReimportsToTheSameDirectory() async throws {
        try await withLotse { context in
            let f = context.fixture
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            try await coordinator.post(SiteURL.providers.path, [("name", "=Formel GmbH"), ("kind", "counsellingService"), ("phone", "+49 5251 0"),
                                                                ("municipalities", f.municipalityA1.uuidString), ("municipalities", f.municipalityA2.uuidString)])
            let provider = try #require(try await Provider.query(on: context.app.db).first())
            try await coordinator.post(SiteURL.services.path, [("providerId", try provider.requireID().uuidString), ("name", "Beratung; mit \"Zitat\""),
                                                               ("details", "Zeile 1"), ("lifeDomains", "work"), ("lifeDomains", "housing"), ("legalDomains", "sgb2"),
                                                               ("targetGroups", "refugees"), ("languages", "Deutsch, Dari"), ("accessMode", "appointment"),
                                                               ("municipalities", f.municipalityA2.uuidString), ("validFrom", "2026-03-01")])
            try await coordinator.post(SiteURL.providers.path, [("name", "Ohne Angebot e. V."), ("kind", "other"), ("municipalities", f.municipalityA1.uuidString)])
            let export = try await coordinator.get(SiteURL.directoryExport.path)
            let text = export.body.string
            #expect(text.contains("'=Formel GmbH") && text.contains("'+49 5251 0"), "formulas are defused")
            let before = try await snapshot(context)

            try await coordinator.get(SiteURL.directoryImport.path)
            let boundary = "lotse-grenze"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(coordinator.csrf ?? "")\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"angebote.csv\"\r\nContent-Type: text/csv\r\n\r\n\(text)\r\n--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.replaceOrAdd(name: .cookie, value: coordinator.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let imported = try await context.app.testing().sendRequest(.POST, SiteURL.directoryImport.path, headers: headers, body: ByteBuffer(string: body))
            #expect(imported.status == .ok)
            #expect(imported.body.string.contains("Träger: 0 angelegt, 2 aktualisiert. Angebote: 0 angelegt, 1 aktualisiert."))
            #expect(try await snapshot(context) == before)

            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            #expect(try await cm.get(SiteURL.directoryImport.path).status == .forbidden)
        }
    }

    /// Everything the directory holds, without ids and check dates.
    func snapshot(_ context: TestContext) async throws -> [String] {
        let providers = try await Provider.query(on: context.app.db).sort(\.$name).all().map {
            [$0.name, $0.kind.rawValue, $0.phone, $0.email, $0.website, $0.address, $0.municipalityIDs.map(\.uuidString).sorted().joined(), String($0.isActive)].joined(separator: "|")
        }
        let services = try await Service.query(on: context.app.db).sort(\.$name).all().map {
            [$0.name, $0.details, $0.lifeDomains.map(\.rawValue).joined(), $0.legalDomains.map(\.rawValue).joined(), $0.targetGroups.map(\.rawValue).joined(), $0.languages.joined(),
             $0.municipalityIDs.map(\.uuidString).sorted().joined(), $0.location, $0.openingTimes, $0.accessMode.rawValue,
             $0.validFrom ?? "", $0.validTo ?? ""].joined(separator: "|")
        }
        return providers + services
    }
}
