import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct DirectoryWebTests {
    @Test func aCoordinatorEntersAProviderAndAServiceAndEveryoneFindsThem() async throws {
        try await withLotse { context in
            let f = context.fixture
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            try await coordinator.get("/directory/providers/new")
            let invalid = try await coordinator.post(SiteURL.providers.path, [("name", "MBE Nord"), ("email", "kein-mail"), ("website", "mbe.example")])
            #expect(invalid.status == .unprocessableEntity)
            for message in ["Bitte wählen Sie die Art", "E-Mail-Adresse", "https://", "mindestens eine Kommune"] {
                #expect(invalid.body.string.contains(message), "\(message)")
            }
            #expect(invalid.body.string.contains("value=\"MBE Nord\""))
            let created = try await coordinator.post(SiteURL.providers.path, [
                ("name", "MBE Nord"), ("kind", "welfareOrganisation"), ("email", "mbe@nord.example"),
                ("municipalities", f.municipalityA1.uuidString), ("municipalities", f.municipalityA2.uuidString),
            ])
            #expect(created.status == .seeOther)
            let provider = try #require(try await Provider.query(on: context.app.db).filter(\.$name == "MBE Nord").first())
            #expect(provider.districtID == f.districtA)

            try await coordinator.get("/directory/services/new?traeger=\(try provider.requireID())")
            let missing = try await coordinator.post(SiteURL.services.path, [("providerId", try provider.requireID().uuidString), ("name", "Migrationsberatung")])
            #expect(missing.body.string.contains("mindestens ein Handlungsfeld") && missing.body.string.contains("wie man zu dem Angebot kommt"))
            let badDates = try await coordinator.post(SiteURL.services.path, [
                ("providerId", try provider.requireID().uuidString), ("name", "Migrationsberatung"), ("lifeDomains", "residence"),
                ("accessMode", "walkIn"), ("municipalities", f.municipalityA1.uuidString), ("validFrom", "2026-12-01"), ("validTo", "2026-01-31"),
            ])
            #expect(badDates.body.string.contains("liegt vor ihrem Beginn"))
            let saved = try await coordinator.post(SiteURL.services.path, [
                ("providerId", try provider.requireID().uuidString), ("name", "Migrationsberatung"), ("lifeDomains", "residence"),
                ("lifeDomains", "work"), ("legalDomains", "aufenthg"), ("targetGroups", "adults"), ("languages", "Deutsch, Arabisch"),
                ("accessMode", "walkIn"), ("municipalities", f.municipalityA1.uuidString), ("openingTimes", "Mo 9–12 Uhr"),
            ])
            let location = try #require(saved.headers.first(name: .location))
            let detail = try await coordinator.get(String(location.split(separator: "?")[0])).body.string
            for text in ["Migrationsberatung", "Arbeit, Aufenthalt", "AufenthG", "Deutsch, Arabisch", "Mo 9–12 Uhr", "Altdorf", "Als geprüft markieren"] {
                #expect(detail.contains(text), "\(text)")
            }

            // Anyone in the district finds it; the filters narrow it down.
            let steering = context.browser()
            try await steering.signIn(f.users[.steeringMember]!)
            #expect(try await steering.get("/directory?handlungsfeld=residence").body.string.contains("Migrationsberatung"))
            #expect(try await steering.get("/directory?kommune=\(f.municipalityA1)&sprache=arab").body.string.contains("Migrationsberatung"))
            #expect(try await steering.get("/directory?zielgruppe=adults&suche=nord").body.string.contains("Migrationsberatung"))
            #expect(!(try await steering.get("/directory?kommune=\(f.municipalityA2)").body.string.contains("Migrationsberatung")))
            #expect(!(try await steering.get("/directory?handlungsfeld=health").body.string.contains("Migrationsberatung")))
            let readOnly = try await steering.get(String(location.split(separator: "?")[0])).body.string
            #expect(!readOnly.contains("Als geprüft markieren"))
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action ~~ ["provider.created", "service.created"]).count() == 2)
        }
    }

    @Test func entriesNotCheckedFor12MonthsAreFlaggedUntilChecked() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (_, service) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1], checked: context.clock.now.addingTimeInterval(-400 * 86400))
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            #expect(try await coordinator.get(SiteURL.directory.path).body.string.contains("Prüfung überfällig"))
            #expect(try await coordinator.get(SiteURL.service(.value(service)).path).body.string.contains("seit mehr als 12 Monaten"))
            let checked = try await coordinator.post("/directory/services/\(service)/checked")
            #expect(checked.status == .seeOther)
            #expect(!(try await coordinator.get(SiteURL.directory.path).body.string.contains("Prüfung überfällig")))
            let stored = try #require(try await Service.find(service, on: context.app.db))
            #expect(stored.lastCheckedBy == f.users[.coordinator]!.id)
            #expect(try await coordinator.get(SiteURL.service(.value(service)).path).body.string.contains("von Person \(f.users[.coordinator]!.username)"))
        }
    }

    @Test func aCaseManagerKeepsTheEntriesOfTheirOwnMunicipalitiesOnly() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (sharedProvider, shared) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1, f.municipalityA2])
            let (_, elsewhere) = try await DirectoryFixture.entry(context, towns: [f.municipalityA2])
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            // Another municipality's entry: readable, not editable.
            #expect(try await cm.get(SiteURL.service(.value(elsewhere)).path).status == .ok)
            #expect(try await cm.get("/directory/services/\(elsewhere)/edit").status == .notFound)
            #expect(try await cm.post("/directory/services/\(elsewhere)/checked").status == .notFound)
            // A shared entry: the case manager may change their own municipality's part only.
            let form = try await cm.get("/directory/services/\(shared)/edit")
            #expect(form.status == .ok)
            let base: [(String, String)] = [("providerId", sharedProvider.uuidString), ("name", "Geteiltes Angebot"), ("lifeDomains", "work"), ("accessMode", "walkIn")]
            let dropsOther = try await cm.post(SiteURL.service(.value(shared)).path, base + [("municipalities", f.municipalityA1.uuidString)])
            #expect(dropsOther.body.string.contains("nur die Kommunen Ihres eigenen Bereichs"))
            let keepsOther = try await cm.post(SiteURL.service(.value(shared)).path, base + [("municipalities", f.municipalityA2.uuidString)])
            #expect(keepsOther.status == .seeOther, "removing the own municipality is allowed")
            #expect(try await Service.find(shared, on: context.app.db)?.municipalityIDs == [f.municipalityA2])
            try await cm.get("/directory/providers/new")
            let foreign = try await cm.post(SiteURL.providers.path, [("name", "Neu"), ("kind", "other"), ("municipalities", f.municipalityA2.uuidString)])
            #expect(foreign.body.string.contains("nur die Kommunen Ihres eigenen Bereichs"))
            let own = try await cm.post(SiteURL.providers.path, [("name", "Neu"), ("kind", "other"), ("municipalities", f.municipalityA1.uuidString)])
            #expect(own.status == .seeOther)
        }
    }
}

@Suite struct DirectoryAPITests {
    @Test func createSearchChangeAndCheckThroughTheAPI() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            // A field the contract does not have (here: another district) is refused, not dropped.
            let smuggled = try await api.request(.POST, "/api/v1/providers", token: token, json: [
                "name": "Sprachschule West", "kind": "languageCourseProvider", "municipalityIds": [f.municipalityA2.uuidString],
                "districtId": f.districtB.uuidString,
            ])
            #expect(smuggled.status == .badRequest)
            #expect(((try api.json(smuggled) as? [String: Any])?["fields"] as? [String: String])?["districtId"]?.contains("unbekannt") == true)
            #expect(try await Provider.query(on: context.app.db).filter(\.$name == "Sprachschule West").count() == 0)
            let provider = try await api.request(.POST, "/api/v1/providers", token: token, json: [
                "name": "Sprachschule West", "kind": "languageCourseProvider", "municipalityIds": [f.municipalityA2.uuidString],
            ])
            #expect(provider.status == .created)
            let providerID = try #require((try api.json(provider) as? [String: Any])?["id"] as? String)
            #expect(try await Provider.find(UUID(uuidString: providerID), on: context.app.db)?.districtID == f.districtA)
            // A kind outside the contract's list is refused by the contract; an empty name by Lotse's own check.
            #expect(try await api.request(.POST, "/api/v1/providers", token: token, json: ["name": "X", "kind": "bank", "municipalityIds": []]).status == .badRequest)
            #expect(try await api.request(.POST, "/api/v1/providers", token: token, json: ["name": "", "kind": "other", "municipalityIds": []]).status == .unprocessableEntity)
            let service = try await api.request(.POST, "/api/v1/services", token: token, json: [
                "providerId": providerID, "name": "Integrationskurs", "lifeDomains": ["language"], "accessMode": "referralNeeded",
                "municipalityIds": [f.municipalityA2.uuidString], "languages": ["Deutsch"], "validFrom": "2026-01-01",
            ])
            #expect(service.status == .created)
            let body = try #require(try api.json(service) as? [String: Any])
            let serviceID = try #require(body["id"] as? String)
            #expect(body["validFrom"] as? String == "2026-01-01" && body["checkOverdue"] as? Bool == false)
            let unknown = try await api.request(.POST, "/api/v1/services", token: token, json: ["providerId": providerID, "name": "X", "lifeDomains": ["magic"]])
            #expect(unknown.status == .badRequest, "ein Handlungsfeld außerhalb der Liste des Vertrags")
            #expect(((try api.json(unknown) as? [String: Any])?["fields"] as? [String: String])?["lifeDomains[0]"] != nil)
            let found = try #require(try api.json(try await api.request(.GET, "/api/v1/services?lifeDomain=language&municipalityId=\(f.municipalityA2)", token: token)) as? [[String: Any]])
            #expect(found.map { $0["name"] as? String } == ["Integrationskurs"])
            #expect(try await api.request(.GET, "/api/v1/services?lifeDomain=zauberei", token: token).status == .unprocessableEntity)
            let patched = try #require(try api.json(try await api.request(.PATCH, "/api/v1/services/\(serviceID)", token: token, json: ["openingTimes": "Mo–Fr 8–12 Uhr"])) as? [String: Any])
            #expect(patched["openingTimes"] as? String == "Mo–Fr 8–12 Uhr" && patched["name"] as? String == "Integrationskurs")
            #expect(try await api.request(.POST, "/api/v1/services/\(serviceID)/checked", token: token).status == .ok)
            #expect(try await api.request(.GET, "/api/v1/providers/\(providerID)", token: token).status == .ok)
            let list = try #require(try api.json(try await api.request(.GET, "/api/v1/providers", token: token)) as? [[String: Any]])
            #expect(list.count == 1)
        }
    }
}

enum DirectoryFixture {
    /// A provider with one service in the given municipalities of district A.
    static func entry(_ context: TestContext, towns: [UUID], checked: Date? = nil) async throws -> (provider: UUID, service: UUID) {
        let provider = Provider()
        provider.districtID = context.fixture.districtA
        provider.name = "Träger \(UUID().uuidString.prefix(6))"
        provider.kind = .counsellingService
        (provider.phone, provider.email, provider.website, provider.address) = ("", "", "", "")
        provider.municipalityIDs = towns
        provider.isActive = true
        try await provider.create(on: context.app.db)
        let service = Service()
        service.districtID = context.fixture.districtA
        service.$provider.id = try provider.requireID()
        service.name = "Angebot \(UUID().uuidString.prefix(6))"
        (service.details, service.location, service.openingTimes) = ("", "", "")
        (service.lifeDomains, service.legalDomains, service.targetGroups, service.languages) = ([.work], [], [], [])
        service.municipalityIDs = towns
        service.accessMode = .walkIn
        service.lastCheckedAt = checked ?? context.clock.now
        try await service.create(on: context.app.db)
        return (try provider.requireID(), try service.requireID())
    }
}
