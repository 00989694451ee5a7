import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 1: nothing irreversible on one click. Regenerating a report shows what it
/// replaces and keeps the old text as a version that can be restored; publishing, opening a case
/// from a brief contact and confirming an erasure each have a page first; the messages afterwards
/// say what happened to what.
@Suite struct ConfirmBeforeIrreversibleTests {
    @Test func regeneratingShowsWhatItReplacesAndKeepsTheOldTextRestorable() async throws {
        try await withLotse { context in
            let f = context.fixture
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            let period = ReportingPeriod.containing(context.caseDesk().today, kind: .schoolYear)
            let generated = try await coordinator.post(SiteURL.reports.path, [("period", period.key)])
            let location = try #require(generated.headers.first(name: .location))
            #expect(location.hasSuffix("?hinweis=bericht-erzeugt"))
            let reportPath = String(location.split(separator: "?")[0])
            let fresh = try await coordinator.get(location).body.string
            #expect(fresh.contains("ist aus den Daten erzeugt. Prüfen und ergänzen Sie ihn"))
            let report = try #require(try await AnnualReport.query(on: context.app.db).filter(\.$districtID == f.districtA).first())
            let written = report.text

            // The coordination writes a section of its own and changes the title.
            let handWritten = written + "\n\n## Ausblick\n\nVon Hand geschrieben: Was wir 2028 vorhaben.\n"
            let edited = try await coordinator.post(reportPath + "/edit", [("title", "Unser Bericht"), ("text", handWritten)])
            #expect(edited.headers.first(name: .location)?.hasSuffix("hinweis=bericht-bearbeitet") == true)
            let afterEdit = try await coordinator.get(try #require(edited.headers.first(name: .location))).body.string
            #expect(afterEdit.contains("Ihre Änderungen an „Unser Bericht“ sind gespeichert. Der Text davor steht unter „Frühere Fassungen“."))
            #expect(afterEdit.contains("Frühere Fassungen") && afterEdit.contains("vor einer Bearbeitung"))
            // Saving the same text again keeps no empty version.
            _ = try await coordinator.post(reportPath + "/edit", [("title", "Unser Bericht"), ("text", handWritten)])
            #expect(try await AnnualReportVersion.query(on: context.app.db).count() == 1)

            // The page before regenerating names the section that would be lost; looking changes nothing.
            let confirm = try await coordinator.get(reportPath + "/regenerate")
            #expect(confirm.status == .ok)
            let page = confirm.body.string
            #expect(page.contains("Bericht neu aus den Daten erzeugen?") && page.contains("<th scope=\"row\">Ausblick</th><td><strong>entfällt (steht nur in Ihrem Text)</strong>"))
            #expect(page.contains("bleibt gleich") && page.contains("Jetzt neu aus den Daten erzeugen"))
            #expect(try await AnnualReport.find(report.id, on: context.app.db)?.text == handWritten)

            let regenerated = try await coordinator.post(reportPath + "/regenerate")
            #expect(regenerated.headers.first(name: .location)?.hasSuffix("hinweis=bericht-neu-erzeugt") == true)
            let afterRegeneration = try #require(try await AnnualReport.find(report.id, on: context.app.db))
            #expect(!afterRegeneration.text.contains("Von Hand geschrieben") && afterRegeneration.title != "Unser Bericht")
            let kept = try #require(try await AnnualReportVersion.query(on: context.app.db).filter(\.$cause == .regenerated).first())
            #expect(kept.text == handWritten && kept.title == "Unser Bericht")

            // The hand-written text comes back, and the regenerated one is kept in turn.
            let versionPage = try await coordinator.get(reportPath + "/versions/\(try kept.requireID())").body.string
            #expect(versionPage.contains("Von Hand geschrieben") && versionPage.contains("Diese Fassung wiederherstellen"))
            let restored = try await coordinator.post(reportPath + "/versions/\(try kept.requireID())/restore")
            #expect(restored.headers.first(name: .location)?.hasSuffix("hinweis=fassung-wiederhergestellt") == true)
            let back = try #require(try await AnnualReport.find(report.id, on: context.app.db))
            #expect(back.text == handWritten && back.title == "Unser Bericht")
            #expect(try await AnnualReportVersion.query(on: context.app.db).count() == 3)
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.reportRestored.rawValue).count() == 1)

            // Publishing: first the page to check, then frozen; nothing can be restored any more.
            let check = try await coordinator.get(reportPath + "/publish").body.string
            #expect(check.contains("Bericht veröffentlichen?") && check.contains("<dt>Titel</dt><dd>Unser Bericht</dd>") && check.contains("Ausblick"))
            #expect(check.contains("Danach ist der Bericht unveränderlich"))
            #expect(try await AnnualReport.find(report.id, on: context.app.db)?.status == .draft, "looking publishes nothing")
            let published = try await coordinator.post(reportPath + "/publish")
            let publishedPage = try await coordinator.get(try #require(published.headers.first(name: .location))).body.string
            #expect(publishedPage.contains("„Unser Bericht“ ist veröffentlicht und kann nicht mehr geändert werden."))
            #expect(try await coordinator.post(reportPath + "/versions/\(try kept.requireID())/restore").status == .conflict)
            #expect(try await coordinator.get(reportPath + "/publish").status == .conflict)
            #expect(try await coordinator.get(reportPath + "/regenerate").status == .conflict)
            let frozenVersion = try await coordinator.get(reportPath + "/versions/\(try kept.requireID())").body.string
            #expect(frozenVersion.contains("wiederherstellen lässt sich nichts mehr") && !frozenVersion.contains("Diese Fassung wiederherstellen"))
        }
    }

    @Test func theAPIListsShowsAndRestoresEarlierTexts() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let period = ReportingPeriod.containing(context.caseDesk().today, kind: .schoolYear)
            let generated = try await api.request(.POST, "/api/v1/programme/reports", token: token, json: ["period": period.key])
            #expect(generated.status == .created)
            let reportID = try #require((try api.json(generated) as? [String: Any])?["id"] as? String)
            let base = "/api/v1/programme/reports/\(reportID)"
            #expect((try api.json(try await api.request(.GET, base + "/versions", token: token)) as? [Any])?.isEmpty == true)
            #expect(try await api.request(.PATCH, base, token: token, json: ["text": "Nur noch ein Satz."]).status == .ok)
            let versions = try #require(try api.json(try await api.request(.GET, base + "/versions", token: token)) as? [[String: Any]])
            #expect(versions.count == 1 && (versions[0]["cause"] as? [String: Any])?["code"] as? String == "edited")
            let versionID = try #require(versions[0]["id"] as? String)
            let one = try #require(try api.json(try await api.request(.GET, base + "/versions/\(versionID)", token: token)) as? [String: Any])
            #expect((one["text"] as? String)?.contains("Nur noch ein Satz.") == false && (one["savedBy"] as? String)?.contains(f.users[.coordinator]!.canary) == true)
            let restored = try await api.request(.POST, base + "/versions/\(versionID)/restore", token: token)
            #expect(restored.status == .ok)
            #expect((try api.json(restored) as? [String: Any])?["text"] as? String == one["text"] as? String)
            #expect(try await api.request(.GET, base + "/versions/\(UUID())", token: token).status == .notFound)
            #expect(try await api.request(.POST, base + "/versions/\(UUID())/restore", token: token).status == .notFound)
            #expect(try await api.request(.GET, "/api/v1/programme/reports/\(UUID())/versions", token: token).status == .notFound)
            #expect(try await api.request(.POST, base + "/publish", token: token).status == .ok)
            #expect(try await api.request(.POST, base + "/versions/\(versionID)/restore", token: token).status == .conflict)
            // Another district's coordination sees neither the report nor its versions.
            let other = try await Fixture.makeUser(context.app, username: "koordination.b", districtID: f.districtB, grants: [RoleGrant(role: .coordinator, scope: .district)])
            let otherToken = try await api.token(for: other)
            #expect(try await api.request(.GET, base + "/versions", token: otherToken).status == .notFound)
            #expect(try await api.request(.GET, base + "/versions/\(versionID)", token: otherToken).status == .notFound)
        }
    }

    @Test func openingACaseFromABriefContactHasAPageFirstAndClosingNamesTheCase() async throws {
        try await withLotse { context in
            let f = context.fixture
            let caseManager = context.browser()
            try await caseManager.signIn(f.caseManager)
            let recorded = try await caseManager.post(SiteURL.newBriefContact.path, [("municipalityId", f.municipalityA1.uuidString), ("contactOn", context.caseDesk().today),
                                                                                     ("accessChannel", "walkIn"), ("lifeDomains", "work"), ("outcome", "appointmentMade")])
            let list = try await caseManager.get(try #require(recorded.headers.first(name: .location))).body.string
            #expect(list.contains("Der Kurzkontakt ist erfasst und zählt in der Statistik."))
            let contact = try #require(try await BriefContact.query(on: context.app.db).filter(\.$districtID == f.districtA).first())
            let path = "/brief-contacts/\(try contact.requireID())/case"
            #expect(list.contains("href=\"\(path)\"") && !list.contains("action=\"\(path)\""), "the list links to the page, it opens nothing")
            let confirm = try await caseManager.get(path).body.string
            #expect(confirm.contains("Fall aus dem Kurzkontakt eröffnen?") && confirm.contains("lässt sich nicht zurück in einen Kurzkontakt verwandeln"))
            #expect(try await CaseFile.query(on: context.app.db).count() == 0, "looking opens no case")
            let opened = try await caseManager.post(path)
            let casePage = try await caseManager.get(try #require(opened.headers.first(name: .location))).body.string
            let file = try #require(try await CaseFile.query(on: context.app.db).first())
            #expect(casePage.contains("Fall \(file.number) ist aus dem Kurzkontakt eröffnet."))
            // Once it is a case, the address leads to the case.
            #expect(try await caseManager.get(path).headers.first(name: .location) == SiteURL.caseFile(.value(try file.requireID())).path)

            // Closing says which case was closed.
            let desk = context.caseDesk()
            try await desk.recordIntake(.informationOnly, caseID: try file.requireID())
            let closed = try await caseManager.post("/cases/\(try file.requireID())/close", [("reason", "intakeCompleted"), ("goalAttainment", "notApplicable")])
            let closedPage = try await caseManager.get(try #require(closed.headers.first(name: .location))).body.string
            #expect(closedPage.contains("Fall \(file.number) ist abgeschlossen."))
        }
    }
}
