import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, parts 1 and 2: the district's immigration and naturalisation offices, each responsible
/// for its municipalities (one office of a kind per municipality), staffed by people of the office
/// role; their checklists of requirements, kept by their own staff in versions with validity, read
/// by case management and the coordination as information, not legal advice.
@Suite struct OfficeTests {
    @Test func theAdministrationSetsUpOfficesWithOneOfficeOfAKindPerMunicipality() async throws {
        try await withLotse { context in
            let f = context.fixture
            let officer = f.users[.immigrationOffice]!
            let admin = context.browser()
            try await admin.signIn(f.users[.admin]!)
            #expect(try await admin.get(SiteURL.newOffice.path).status == .ok)
            let empty = try await admin.post(SiteURL.offices.path, [("name", "Ausländerbehörde Kreis"), ("status", "active")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Bitte wählen Sie die Kommunen"))
            #expect(empty.body.string.contains("Ausländerbehörde Kreis"), "what was typed is kept")
            let created = try await admin.post(SiteURL.offices.path, [("name", "Ausländerbehörde Kreis"), ("kinds", "residence"), ("kinds", "naturalisation"),
                                                                      ("municipalities", f.municipalityA2.uuidString), ("status", "active")])
            #expect(created.status == .seeOther)

            // A second office for the same town and kind is refused, naming the first; another town is fine.
            let api = context.api()
            let adminToken = try await api.token(for: f.users[.admin]!)
            let clash = try await api.post("/offices", token: adminToken, ["name": "Stadt", "kinds": ["residence"], "municipalityIds": [f.municipalityA2.uuidString]],
                                           .unprocessableEntity)
            #expect("\(clash)".contains("schon „Ausländerbehörde Kreis“ zuständig"))
            let stadt = try await api.post("/offices", token: adminToken, ["name": "Ausländerbehörde Stadt", "kinds": ["residence", "naturalisation"],
                                                                           "municipalityIds": [f.municipalityA1.uuidString], "memberIds": [officer.id.uuidString]], .created)
            #expect(stadt["memberIds"] as? [String] == [officer.id.uuidString] && stadt["municipalities"] as? [String] != nil)
            let stadtID = try #require(stadt["id"] as? String)
            let renamed = try await api.request(.PATCH, "/api/v1/offices/\(stadtID)", token: adminToken, json: ["name": "ABH Stadt"])
            let renamedBody = try api.json(renamed) as? [String: Any]
            #expect(renamed.status == .ok && renamedBody?["memberIds"] as? [String] == [officer.id.uuidString], "a field left out keeps its value")
            // Only people of the office role can be staff.
            _ = try await api.post("/offices", token: adminToken, ["name": "X", "kinds": ["naturalisation"], "municipalityIds": [f.municipalityA2.uuidString],
                                                                   "memberIds": [f.caseManager.id.uuidString]], .unprocessableEntity)

            let office = try #require(try await OfficeService.office(of: officer.id, on: context.app.db))
            #expect(office.name == "ABH Stadt")
            let all = try await OfficeService.offices(districtID: f.districtA, on: context.app.db).map(\.jurisdiction)
            #expect(OfficeJurisdiction.responsible(for: f.municipalityA1, kind: .naturalisation, among: all)?.name == "ABH Stadt")
            let page = try await admin.get(SiteURL.offices.path)
            #expect(page.status == .ok && page.body.string.contains("ABH Stadt") && page.body.string.contains("Ausländerbehörde Kreis"))
            let actions = try await AuditEntry.query(on: context.app.db).all().map(\.action)
            #expect(actions.filter { $0 == AuditAction.officeCreated.rawValue }.count == 2 && actions.contains(AuditAction.officeChanged.rawValue))
        }
    }

    @Test func anOfficeKeepsItsChecklistsInVersionsAndCaseManagementReadsThem() async throws {
        try await withLotse { context in
            let f = context.fixture
            let officer = f.users[.immigrationOffice]!
            let scope = AccessScope.operatorCommand(.administerOrganisation, districtID: f.districtA)
            let audit = context.app.audit(requestID: "test")
            let own = try await OfficeService.save(.init(name: "ABH Stadt", kinds: [.residence], municipalityIDs: [f.municipalityA1], memberIDs: [officer.id]),
                                                   id: nil, scope, audit: audit, on: context.app.db)
            let other = try await OfficeService.save(.init(name: "EBH Kreis", kinds: [.naturalisation], municipalityIDs: [f.municipalityA1, f.municipalityA2]),
                                                     id: nil, scope, audit: audit, on: context.app.db)
            let api = context.api()
            let token = try await api.token(for: officer)
            let items: [[String: Any]] = [["title": "Sechs Jahre Voraufenthalt", "legalSource": "§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG",
                                           "explanation": "Seit sechs Jahren in Deutschland.", "documents": "Meldebescheinigung"],
                                          ["title": "Deutsch A2", "legalSource": "§ 25b Abs. 1 Satz 2 Nr. 4 AufenthG", "explanation": "", "documents": "Zertifikat"]]
            // The procedure must fit the office; an empty list and a missing day are refused.
            _ = try await api.post("/offices/\(try own.requireID())/checklists", token: token,
                                   ["procedure": "naturalisation", "title": "Einbürgerung", "validFrom": "2024-01-01", "items": items], .unprocessableEntity)
            let refused = try await api.post("/offices/\(try own.requireID())/checklists", token: token,
                                             ["procedure": "sustainableIntegration", "title": "§ 25b", "validFrom": "", "items": []], .unprocessableEntity)
            #expect("\(refused)".contains("mindestens eine Voraussetzung") && "\(refused)".contains("ab dem die Checkliste gilt"))
            let first = try await api.post("/offices/\(try own.requireID())/checklists", token: token,
                                           ["procedure": "sustainableIntegration", "title": "Nachhaltige Integration (§ 25b)", "validFrom": "2024-01-01", "items": items], .created)
            #expect((first["items"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Sechs Jahre Voraufenthalt", "Deutsch A2"])
            let firstID = try #require(first["id"] as? String)
            // Not for another office.
            _ = try await api.post("/offices/\(try other.requireID())/checklists", token: token,
                                   ["procedure": "naturalisation", "title": "Einbürgerung", "validFrom": "2024-01-01", "items": items], .notFound)

            // A change of law: the new version starts later, the old one ends the day before.
            _ = try await api.post("/checklists/\(firstID)/versions", token: token, ["title": "§ 25b", "validFrom": "2024-01-01", "items": items], .unprocessableEntity)
            let second = try await api.post("/checklists/\(firstID)/versions", token: token,
                                            ["title": "Nachhaltige Integration (§ 25b), neu", "validFrom": "2025-03-01", "items": [items[0]]], .created)
            #expect(second["version"] as? Int == 2 && second["seriesId"] as? String == first["seriesId"] as? String)
            let old = try #require(try api.json(try await api.request(.GET, "/api/v1/checklists/\(firstID)", token: token)) as? [String: Any])
            #expect(old["validUntil"] as? String == "2025-02-28" && (old["items"] as? [Any])?.count == 2, "the old version keeps its items")

            // Case management reads the current version, with the notice that it is no legal advice; it cannot change it.
            let managerToken = try await api.token(for: f.caseManager)
            let current = try #require(try api.json(try await api.request(.GET, "/api/v1/checklists", token: managerToken)) as? [[String: Any]])
            #expect(current.count == 1 && current[0]["version"] as? Int == 2)
            let manager = context.browser()
            try await manager.signIn(f.caseManager)
            let page = try await manager.get(SiteURL.checklist(.value(try #require(UUID(uuidString: firstID)))).path)
            #expect(page.status == .ok && page.body.string.contains("keine Rechtsberatung") && page.body.string.contains("Fassung 2"))
            #expect(!page.body.string.contains("Neue Fassung anlegen"))
            #expect(try await api.request(.POST, "/api/v1/checklists/\(firstID)/versions", token: managerToken,
                                          json: ["title": "x", "validFrom": "2026-01-01", "items": items]).status == .forbidden)
            let list = try await manager.get(SiteURL.offices.path)
            #expect(list.status == .ok && list.body.string.contains("Nachhaltige Integration (§ 25b), neu") && !list.body.string.contains("Checkliste anlegen"))

            // The office's own staff keep it in the browser: the form keeps what was typed on an error.
            let browser = context.browser()
            try await browser.signIn(officer)
            let form = SiteURL.newChecklist(.value(try own.requireID())).path
            #expect(try await browser.get(form).status == .ok)
            let typed = try await browser.post(form, [("procedure", "youthResidence"), ("title", "§ 25a"), ("validFrom", "2024-01-01"), ("item1-legalSource", "§ 25a AufenthG")])
            #expect(typed.status == .unprocessableEntity && typed.body.string.contains("Bitte geben Sie die Voraussetzung in Zeile 1 ein."))
            #expect(typed.body.string.contains("§ 25a AufenthG"))
            let saved = try await browser.post(form, [("procedure", "youthResidence"), ("title", "§ 25a"), ("validFrom", "2024-01-01"), ("item1-title", "Schulbesuch")])
            #expect(saved.status == .seeOther)
            #expect(try await browser.get(SiteURL.checklistVersion(.value(try #require(UUID(uuidString: firstID)))).path).status == .ok)
            let actions = try await AuditEntry.query(on: context.app.db).all().map(\.action)
            #expect(actions.filter { $0 == AuditAction.checklistCreated.rawValue }.count == 2 && actions.contains(AuditAction.checklistVersioned.rawValue))
        }
    }
}
