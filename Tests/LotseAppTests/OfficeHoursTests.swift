import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct OfficeHoursTests {
    @Test func aCaseManagerPublishesOfficeHoursForTheirMunicipalityOnly() async throws {
        try await withLotse { context in
            let f = context.fixture
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let form = try await cm.get("/office-hours/new").body.string
            #expect(form.contains("Altdorf") && !form.contains("Neustadt"), "only the own municipality is offered")
            let missing = try await cm.post(SiteURL.officeHours.path, [("municipalityId", f.municipalityA1.uuidString)])
            #expect(missing.body.string.contains("den Ort der Sprechstunde") && missing.body.string.contains("Tage und Uhrzeiten"))
            let foreign = try await cm.post(SiteURL.officeHours.path, [("municipalityId", f.municipalityA2.uuidString), ("place", "Rathaus"), ("times", "montags")])
            #expect(foreign.body.string.contains("nur Sprechstunden Ihrer eigenen Kommunen"))
            let saved = try await cm.post(SiteURL.officeHours.path, [("municipalityId", f.municipalityA1.uuidString), ("place", "Rathaus Altdorf, Zimmer 3"),
                                                            ("times", "dienstags 9–12 Uhr"), ("languages", "Deutsch, Arabisch"), ("contact", "05251 000-111")])
            #expect(saved.headers.first(name: .location) == "/office-hours?hinweis=angelegt")
            let list = try await cm.get(SiteURL.officeHours.path).body.string
            #expect(list.contains("Rathaus Altdorf, Zimmer 3") && list.contains("href=\"/kommunen/altdorf/de\""))
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == "officeHours.created").count() == 1)
        }
    }

    @Test func thePublicPageShowsOfficeHoursAndServicesInEveryLanguage() async throws {
        try await withLotse { context in
            let f = context.fixture
            let hours = OfficeHours()
            (hours.districtID, hours.municipalityID, hours.place, hours.times, hours.languages, hours.contact, hours.isActive) =
                (f.districtA, f.municipalityA1, "Rathaus Altdorf", "dienstags 9–12 Uhr", ["Deutsch"], "05251 000-111", true)
            try await hours.create(on: context.app.db)
            _ = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let anonymous = try context.app.testing()
            // Readable addresses (issue 18, part 6); the first addresses by id lead there for good.
            let places = try await PublicPlaces.load(on: context.app.db)
            let slug = try #require(places.slug(of: f.municipalityA1))
            #expect(slug == "altdorf")
            let former = try await anonymous.sendRequest(.GET, "/public/\(f.municipalityA1)/ar")
            #expect(former.status == .movedPermanently && former.headers.first(name: .location) == "/kommunen/altdorf/ar")
            #expect(try await anonymous.sendRequest(.GET, "/kommunen/altdorf").headers.first(name: .location) == "/kommunen/altdorf/de")
            let index = try await anonymous.sendRequest(.GET, "/kommunen").body.string
            #expect(index.contains("href=\"/kommunen/altdorf/de\">Altdorf</a>") && index.contains("href=\"/kommunen/altdorf/ar\""))
            #expect(try await anonymous.sendRequest(.GET, "/kommunen/gibt-es-nicht/de").status == .notFound)
            let expected: [String: (String, String)] = [
                "de": ("Integrationsmanagement in Altdorf", "dir=\"ltr\""), "en": ("Integration management in Altdorf", "dir=\"ltr\""),
                "ar": ("إدارة الاندماج في Altdorf", "dir=\"rtl\""), "uk": ("Інтеграційний менеджмент у Altdorf", "dir=\"ltr\""),
                "tr": ("Altdorf belediyesinde entegrasyon yönetimi", "dir=\"ltr\""),
            ]
            for (code, (title, direction)) in expected {
                let page = try await anonymous.sendRequest(.GET, "/kommunen/altdorf/\(code)")
                #expect(page.status == .ok, "\(code)")
                let body = page.body.string
                #expect(body.contains("lang=\"\(code)\"") && body.contains(direction) && body.contains(title), "\(code)")
                #expect(body.contains("Rathaus Altdorf") && body.contains("05251 000-111") && body.contains("Angebot "))
                #expect(!body.contains(f.admin.canary) && !body.contains(f.caseManager.username))
                // The leaflet's foot: its address (as a QR code too) and the day; German data marked German.
                #expect(body.contains("/kommunen/altdorf/\(code)</a>") && body.contains("class=\"qr-code\"") && body.contains(GermanFormat.date(context.clock.now)))
                #expect(body.contains("<dd lang=\"de\" dir=\"ltr\">05251 000-111</dd>"))
            }
            #expect(try await anonymous.sendRequest(.GET, "/kommunen/altdorf/xx").status == .notFound)
            #expect(try await anonymous.sendRequest(.GET, SiteURL.publicPageIn(.value(UUID()), language: .value("de")).path).status == .notFound)
            let other = try await anonymous.sendRequest(.GET, try await PublicPlaces.load(on: context.app.db).address(of: f.municipalityA2) ?? "").body.string
            #expect(!other.contains("Rathaus Altdorf") && other.contains("keine offene Sprechstunde"))
        }
    }

    @Test func aDistrictCorrectsAndAddsTranslationsWithFilesOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-translations-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(#"{"title": "Integration management in {municipality} (corrected)"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/en.json"))
        try Data(#"{"languageName": "فارسی", "dir": "rtl", "title": "مدیریت ادغام در {municipality}"}"#.utf8).write(to: URL(fileURLWithPath: folder + "/fa.json"))
        let translations = Translations.load(shipped: "Resources/Translations", overrides: folder)
        #expect(translations.language("en")?.texts["title"] == "Integration management in {municipality} (corrected)")
        #expect(translations.language("en")?.texts["intro"]?.hasPrefix("Are you new") == true, "other keys stay")
        let farsi = try #require(translations.language("fa"))
        #expect(farsi.isRightToLeft && farsi.texts["intro"] == translations.language("de")?.texts["intro"], "gaps fall back to German")
        #expect(translations.codes.first == "de" && translations.codes.count == 6)
    }
}
