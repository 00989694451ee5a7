import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, part 6: the coordination runs a naturalisation campaign with its aims, partners,
/// target groups and languages; events with their counts after the day; materials on the public
/// pages of the municipalities; the reach per municipality on the coverage map. Wrong input comes
/// back in German with what was typed; case management and the steering group read, the
/// administration does not.
@Suite struct CampaignTests {
    @Test func theCoordinationRunsACampaignAndItsReachShowsOnTheCoverageMap() async throws {
        try await withLotse { context in
            let f = context.fixture
            let partner = try await HandoverTests.provider(context, "VHS Altdorf", towns: [f.municipalityA1])
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            let empty = try await coordinator.post(SiteURL.campaigns.path, [("title", "Kampagne 2027"), ("startsOn", "irgendwann")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Bitte geben Sie die Ziele ein")
                    && empty.body.string.contains("Kampagne 2027"), "what was typed is kept")
            let created = try await coordinator.post(SiteURL.campaigns.path, [("title", "Kampagne 2027"), ("aims", "Mehr Anträge auf Einbürgerung"),
                                                                              ("startsOn", "2026-09-01"), ("languages", "Deutsch, Arabisch"),
                                                                              ("targetGroups", "adults"), ("partners", partner.uuidString)])
            #expect(created.status == .seeOther)
            let campaign = try #require(try await Campaign.query(on: context.app.db).first())
            let campaignID = try campaign.requireID()
            #expect(campaign.languages == ["Deutsch", "Arabisch"] && campaign.partnerIDs == [partner])

            // Events over the API: counts only after the day, follow-ups not more than participants.
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let today = context.caseDesk().today
            let early = try await api.post("/campaigns/\(campaignID)/events", token: token,
                                           ["kind": "informationEvening", "heldOn": RetentionRule.day(today, plus: 10), "place": "Rathaus",
                                            "municipalityId": f.municipalityA1.uuidString, "languages": ["Deutsch"], "participants": 30], .unprocessableEntity)
            #expect("\(early)".contains("erst nach der Veranstaltung"))
            let held = try await api.post("/campaigns/\(campaignID)/events", token: token,
                                          ["kind": "informationEvening", "heldOn": RetentionRule.day(today, plus: -3), "place": "Rathaus",
                                           "municipalityId": f.municipalityA1.uuidString, "languages": ["Deutsch", "Arabisch"], "partners": [partner.uuidString]],
                                          .created)
            let eventID = try #require((held["events"] as? [[String: Any]])?.first?["id"] as? String)
            let tooMany = try await api.request(.PATCH, "/api/v1/campaign-events/\(eventID)", token: token, json: ["participants": 10, "followUps": 12])
            #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("nicht mehr Folgeberatungen als Teilnehmende"))
            let counted = try #require(try api.json(try await api.request(.PATCH, "/api/v1/campaign-events/\(eventID)", token: token,
                                                                          json: ["participants": 40, "followUps": 11])) as? [String: Any])
            let reach = try #require((counted["reach"] as? [[String: Any]])?.first)
            #expect(reach["municipalityId"] as? String == f.municipalityA1.uuidString && reach["participants"] as? Int == 40 && reach["followUps"] as? Int == 11)
            #expect(try await api.request(.PATCH, "/api/v1/campaign-events/\(eventID)", token: token, json: ["participants": "viele"]).status == .badRequest)
            #expect(try await api.request(.PATCH, "/api/v1/campaign-events/\(UUID())", token: token, json: ["place": "Saal"]).status == .notFound)

            // Materials: an address that is no https address is refused; the public page of the chosen municipality shows it.
            let http = try await coordinator.post(SiteURL.newCampaignMaterial(.value(campaignID)).path,
                                                  [("title", "Flyer Arabisch"), ("language", "Arabisch"), ("link", "http://example.org/f.pdf"),
                                                   ("municipalities", f.municipalityA1.uuidString)])
            #expect(http.status == .unprocessableEntity && http.body.string.contains("beginnend mit https://") && http.body.string.contains("Flyer Arabisch"))
            _ = try await api.post("/campaigns/\(campaignID)/materials", token: token,
                                   ["title": "Flyer Arabisch", "language": "Arabisch", "link": "https://example.org/f.pdf",
                                    "municipalities": [f.municipalityA1.uuidString]], .created)
            let publicPage = try await context.browser().get(try await PublicPlaces.load(on: context.app.db).address(of: f.municipalityA1) ?? "").body.string
            #expect(publicPage.contains("Flyer Arabisch") && publicPage.contains("https://example.org/f.pdf"))
            let otherPage = try await context.browser().get(try await PublicPlaces.load(on: context.app.db).address(of: f.municipalityA2) ?? "").body.string
            #expect(!otherPage.contains("Flyer Arabisch"))

            // The reach on the coverage map, and the event on the municipality's coverage page.
            let map = try await coordinator.get(SiteURL.coverage.path).body.string
            #expect(map.contains("Einbürgerungs&shy;kampagne") && map.contains("<td>1 / 40</td>"))
            let town = try await coordinator.get(SiteURL.coverageMunicipality(.value(f.municipalityA1)).path).body.string
            #expect(town.contains("Informationsabend, Rathaus (40 Teilnehmende)"))
            let detail = try await coordinator.get(SiteURL.campaign(.value(campaignID)).path).body.string
            #expect(detail.contains("VHS Altdorf") && detail.contains("Mehr Anträge auf Einbürgerung") && detail.contains("<td>40</td>"))

            // Case management and the steering group read; only the coordination and the offices keep it; the administration sees nothing.
            let managerToken = try await api.token(for: f.caseManager)
            #expect(try await api.request(.GET, "/api/v1/campaigns/\(campaignID)", token: managerToken).status == .ok)
            _ = try await api.post("/campaigns", token: managerToken, ["title": "Eigene"], .forbidden)
            let steeringToken = try await api.token(for: f.users[.steeringMember]!)
            let listed = try #require(try api.json(try await api.request(.GET, "/api/v1/campaigns", token: steeringToken)) as? [[String: Any]])
            #expect(listed.count == 1)
            #expect(try await api.request(.GET, "/api/v1/campaigns", token: try await api.token(for: f.admin)).status == .forbidden)
            let officeToken = try await api.token(for: f.users[.immigrationOffice]!)
            _ = try await api.post("/campaigns/\(campaignID)/events", token: officeToken,
                                   ["kind": "consultationDay", "heldOn": today, "place": "Behörde", "municipalityId": f.municipalityA2.uuidString,
                                    "languages": ["Deutsch"]], .created)
            #expect(try await api.request(.GET, "/api/v1/campaigns/\(UUID())", token: officeToken).status == .notFound)

            // The remaining answers of the contract.
            _ = try await api.post("/campaigns", token: token, ["title": "Zweite", "aims": "Ziele", "startsOn": today], .created)
            _ = try await api.post("/campaigns", token: token, ["title": "Ohne Beginn", "aims": "Ziele"], .unprocessableEntity)
            _ = try await api.post("/campaigns", token: token, ["title": 7], .badRequest)
            let patched = try await api.request(.PATCH, "/api/v1/campaigns/\(campaignID)", token: token, json: ["endsOn": "2027-06-30"])
            let patchedTitle = (try api.json(patched) as? [String: Any])?["title"] as? String
            #expect(patched.status == .ok && patchedTitle == "Kampagne 2027", "left out keeps its value")
            #expect(try await api.request(.PATCH, "/api/v1/campaigns/\(campaignID)", token: token, json: ["endsOn": "2020-01-01"]).status == .unprocessableEntity)
            #expect(try await api.request(.PATCH, "/api/v1/campaigns/\(campaignID)", token: token, json: ["partners": "keine Liste"]).status == .badRequest)
            let noID = try await api.request(.PATCH, "/api/v1/campaigns/\(campaignID)", token: token, json: ["partners": [""]])
            #expect(noID.status == .unprocessableEntity && noID.body.string.contains("Partner aus dem Angebotsverzeichnis"), "a value that is no id is refused, not dropped")
            _ = try await api.post("/campaigns/\(campaignID)/materials", token: token, ["title": "x", "language": "Deutsch", "link": "https://example.org/x.pdf",
                                                                                        "municipalities": [f.municipalityA1.uuidString, "Altdorf"]], .unprocessableEntity)
            #expect(try await api.request(.PATCH, "/api/v1/campaigns/\(UUID())", token: token, json: ["title": "x"]).status == .notFound)
            _ = try await api.post("/campaigns/\(UUID())/events", token: token, ["place": "x"], .notFound)
            _ = try await api.post("/campaigns/\(campaignID)/events", token: token, ["participants": "viele"], .badRequest)
            _ = try await api.post("/campaigns/\(UUID())/materials", token: token, ["title": "x"], .notFound)
            _ = try await api.post("/campaigns/\(campaignID)/materials", token: token, ["municipalities": "Altdorf"], .badRequest)
            let actions = Set(try await AuditEntry.query(on: context.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: [AuditAction.campaignCreated, .campaignChanged, .campaignEventCreated, .campaignEventChanged, .campaignMaterialAdded].map(\.rawValue)))
        }
    }
}
