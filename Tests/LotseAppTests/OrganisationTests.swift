import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct OrganisationWebTests {
    @Test func theAdministratorRenamesTheDistrictAndManagesRegionsAndMunicipalities() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let overview = try await browser.get(SiteURL.organisation.path)
            #expect(overview.body.string.contains("Altdorf"))
            #expect(!overview.body.string.contains("Fernau"), "Kommunen anderer Kreise erscheinen nicht")

            #expect(try await browser.post(SiteURL.district.path, [("name", "Kreis Neuhausen")]).headers.first(name: .location) == "/admin/organisation?hinweis=gespeichert")
            let empty = try await browser.post(SiteURL.district.path, [("name", "  ")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Bitte geben Sie den Namen des Kreises ein."))

            try await browser.get("/admin/regions/new")
            let created = try await browser.post(SiteURL.regions.path, [("name", "Region Süd"), ("kind", "region"), ("status", "active")])
            #expect(created.headers.first(name: .location) == "/admin/organisation?hinweis=angelegt")
            let duplicate = try await browser.post(SiteURL.regions.path, [("name", "Region Süd"), ("kind", "region")])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.string.contains("gibt es schon"))
            #expect(duplicate.body.string.contains("value=\"Region Süd\""), "Eingaben bleiben erhalten")
            // A kind outside the list is refused, not quietly taken for a region.
            let unknownKind = try await browser.post(SiteURL.regions.path, [("name", "Provinz Ost"), ("kind", "provinz")])
            #expect(unknownKind.status == .unprocessableEntity)
            #expect(unknownKind.body.string.contains("Region oder ein Sozialbezirk"))
            let socialWithoutParent = try await browser.post(SiteURL.regions.path, [("name", "Bezirk Mitte"), ("kind", "socialDistrict")])
            #expect(socialWithoutParent.body.string.contains("zu der der Sozialbezirk gehört"))
            let social = try await browser.post(SiteURL.regions.path, [("name", "Bezirk Mitte"), ("kind", "socialDistrict"),
                                                                   ("parentMunicipalityId", context.fixture.municipalityA1.uuidString)])
            #expect(social.status == .seeOther)

            let south = try #require(try await Region.query(on: context.app.db).filter(\.$name == "Region Süd").first())
            try await browser.get("/admin/municipalities/new")
            let town = try await browser.post(SiteURL.municipalities.path, [("name", "Südheim"), ("regionId", try south.requireID().uuidString)])
            #expect(town.status == .seeOther)
            let foreignRegion = try await browser.post(SiteURL.municipalities.path, [("name", "Irgendwo"), ("regionId", context.fixture.regionB.uuidString)])
            #expect(foreignRegion.body.string.contains("Bitte wählen Sie eine Region dieses Kreises"))
            let badID = try await browser.post(SiteURL.municipalities.path, [("name", "Irgendwo"), ("regionId", "kaputt")])
            #expect(badID.body.string.contains("aus der Liste"))

            // Deactivate, never delete.
            let edit = try await browser.get(SiteURL.municipality(.value(context.fixture.municipalityA2)).path)
            #expect(edit.body.string.contains("value=\"Neustadt\""))
            let deactivated = try await browser.post(SiteURL.municipality(.value(context.fixture.municipalityA2)).path, [("name", "Neustadt a. d. Lippe"), ("regionId", ""), ("status", "inactive")])
            #expect(deactivated.status == .seeOther)
            let municipality = try #require(try await Municipality.find(context.fixture.municipalityA2, on: context.app.db))
            #expect(municipality.isActive == false)
            #expect(municipality.name == "Neustadt a. d. Lippe")
            #expect(municipality.regionID == nil)
            let regionEdit = try await browser.get(SiteURL.region(.value(try south.requireID())).path)
            #expect(regionEdit.body.string.contains("value=\"Region Süd\""))
            #expect(try await browser.post(SiteURL.region(.value(try south.requireID())).path, [("name", "Region Süd"), ("kind", "region"), ("status", "inactive")]).status == .seeOther)
            #expect(try await Region.find(south.id, on: context.app.db)?.isActive == false)
            #expect(try await District.find(context.fixture.districtA, on: context.app.db)?.name == "Kreis Neuhausen")
        }
    }

    @Test func objectsOfAnotherDistrictAreNotFound() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            #expect(try await browser.get(SiteURL.municipality(.value(context.fixture.municipalityB1)).path).status == .notFound)
            #expect(try await browser.get(SiteURL.region(.value(context.fixture.regionB)).path).status == .notFound)
            #expect(try await browser.get(SiteURL.region(.value(UUID())).path).status == .notFound)
            #expect(try await browser.post(SiteURL.municipality(.value(context.fixture.municipalityB1)).path, [("name", "Übernommen")]).status == .notFound)
            #expect(try await browser.post(SiteURL.region(.value(context.fixture.regionB)).path, [("name", "Übernommen")]).status == .notFound)
            #expect(try await Municipality.find(context.fixture.municipalityB1, on: context.app.db)?.name == "Fernau")
        }
    }
}

@Suite struct OrganisationAPITests {
    @Test func crudThroughTheAPI() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            let district = try api.json(try await api.request(.GET, "/api/v1/district", token: token)) as? [String: Any]
            #expect(district?["name"] as? String == "Kreis Testhausen")
            let renamed = try await api.request(.PATCH, "/api/v1/district", token: token, json: ["name": "Kreis API"])
            #expect(renamed.status == .ok)
            #expect(try await api.request(.PATCH, "/api/v1/district", token: token, json: ["name": ""]).status == .unprocessableEntity)

            let smuggled = try await api.request(.POST, "/api/v1/regions", token: token, json: ["name": "Region West", "districtId": context.fixture.districtB.uuidString])
            #expect(smuggled.status == .badRequest, "districtId im Body wird abgelehnt, nicht still übergangen")
            #expect(try await Region.query(on: context.app.db).filter(\.$name == "Region West").count() == 0)
            let region = try await api.request(.POST, "/api/v1/regions", token: token, json: ["name": "Region West"])
            #expect(region.status == .created)
            let regionID = try #require((try api.json(region) as? [String: Any])?["id"] as? String)
            let stored = try #require(try await Region.find(UUID(uuidString: regionID), on: context.app.db))
            #expect(stored.districtID == context.fixture.districtA)
            let badKind = try await api.request(.POST, "/api/v1/regions", token: token, json: ["name": "X", "kind": "planet"])
            #expect(badKind.status == .badRequest, "eine Art außerhalb der Liste des Vertrags")
            let fields = (try api.json(badKind) as? [String: Any])?["fields"] as? [String: String]
            #expect(fields?["kind"] != nil)
            #expect(try await api.request(.GET, "/api/v1/regions/\(regionID)", token: token).status == .ok)
            let patched = try await api.request(.PATCH, "/api/v1/regions/\(regionID)", token: token, json: ["isActive": false])
            #expect((try api.json(patched) as? [String: Any])?["isActive"] as? Bool == false)
            let regions = try api.json(try await api.request(.GET, "/api/v1/regions", token: token)) as? [[String: Any]]
            #expect(regions?.count == 2)

            let created = try await api.request(.POST, "/api/v1/municipalities", token: token, json: ["name": "Westdorf", "regionId": regionID])
            #expect(created.status == .created)
            let municipalityID = try #require((try api.json(created) as? [String: Any])?["id"] as? String)
            let moved = try await api.request(.PATCH, "/api/v1/municipalities/\(municipalityID)", token: token, json: ["isActive": false])
            #expect((try api.json(moved) as? [String: Any])?["isActive"] as? Bool == false)
            #expect((try api.json(moved) as? [String: Any])?["regionId"] as? String == regionID)
            #expect(try await api.request(.GET, "/api/v1/municipalities/\(municipalityID)", token: token).status == .ok)
            let all = try api.json(try await api.request(.GET, "/api/v1/municipalities", token: token)) as? [[String: Any]]
            #expect(all?.count == 3)
            #expect(try await api.request(.POST, "/api/v1/municipalities", token: token, json: ["name": "Altdorf"]).status == .unprocessableEntity)
        }
    }

    @Test func foreignDistrictObjectsAreNotFoundAndOtherRolesAreRefused() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            #expect(try await api.request(.GET, "/api/v1/municipalities/\(context.fixture.municipalityB1)", token: token).status == .notFound)
            #expect(try await api.request(.PATCH, "/api/v1/regions/\(context.fixture.regionB)", token: token, json: ["name": "X"]).status == .notFound)
            let coordinator = try await api.token(for: context.fixture.users[.coordinator]!)
            for (method, path) in [(HTTPMethod.GET, "/api/v1/district"), (.GET, "/api/v1/regions"), (.GET, "/api/v1/municipalities"), (.GET, "/api/v1/users")] {
                #expect(try await api.request(method, path, token: coordinator).status == .forbidden, "\(path)")
            }
        }
    }
}
