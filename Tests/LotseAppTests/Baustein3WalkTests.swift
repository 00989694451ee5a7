import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, "done when": the seed's path through Baustein 3, over the API and the pages. A case
/// manager pre-checks a client for § 25b, the client signs the waiver for the town's office, the
/// case manager hands over, the office records "application filed" then "granted", the case manager
/// sees it, the Kreis's office sees nothing; a year of backlog figures shows its trend on the
/// steering page; the campaign's events show on the coverage map; the annual report has a
/// Baustein 3 section, the controlling row its figures, and an annual goal measures the backlog.
@Suite struct Baustein3WalkTests {
    @Test func theSeedsPathThroughBaustein3() async throws {
        try await withLotse { context in
            let f = context.fixture
            let o = try await HandoverTests.offices(context)
            let api = context.api()
            let today = context.caseDesk().today

            // Case work: pre-check, waiver, handover.
            let file = try await RetentionTests.fullCase(context, provider: try await RetentionTests.provider(context), firstContact: false, close: false)
            let manager = try await api.token(for: f.caseManager)
            let started = try await api.post("/cases/\(file.id)/pre-check", token: manager, ["checklistId": try o.checklist.requireID().uuidString], .ok)
            let preCheckID = try #require((started["preChecks"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await api.post("/cases/\(file.id)/pre-checks/\(preCheckID)", token: manager, ["answers": [["status": "met"], ["status": "met"]]], .ok)
            _ = try await api.post("/cases/\(file.id)/disclosure", token: manager, ["recipientProviderId": o.stadtProvider.uuidString, "purpose": "§ 25b",
                                                                                     "status": "given", "method": "signedForm", "givenOn": today], .created)
            let handed = try await api.post("/cases/\(file.id)/pre-checks/\(preCheckID)/handover", token: manager, [:], .ok)
            let handoverID = try #require((handed["handovers"] as? [[String: Any]])?.first?["id"] as? String)

            // The town's office reports back; the Kreis's office sees nothing of it.
            let stadt = try await api.token(for: f.users[.immigrationOffice]!)
            _ = try await api.post("/office/handovers/\(handoverID)/feedback", token: stadt, ["status": "applicationFiled", "happenedOn": today], .ok)
            _ = try await api.post("/office/handovers/\(handoverID)/feedback", token: stadt, ["status": "granted", "happenedOn": today], .ok)
            let seen = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: manager)) as? [String: Any])
            #expect(((seen["handovers"] as? [[String: Any]])?.first?["status"] as? [String: Any])?["code"] as? String == "granted")
            let kreis = try await api.token(for: o.kreisOfficer)
            #expect((try api.json(try await api.request(.GET, "/api/v1/office/handovers", token: kreis)) as? [Any])?.isEmpty == true)
            #expect(try await api.request(.GET, "/api/v1/office/handovers/\(handoverID)", token: kreis).status == .notFound)

            // A year of backlog figures, imported by the town's office.
            let imported = try await api.request(.POST, "/api/v1/offices/\(try o.stadt.requireID())/backlog/import", token: stadt,
                                                 csv: BacklogTests.year(endingIn: String(today.prefix(7))))
            #expect(imported.status == .ok, "\(imported.body.string.prefix(300))")

            // The campaign: an event with its counts in municipality 1.
            let coordinator = try await api.token(for: f.users[.coordinator]!)
            let campaign = try await api.post("/campaigns", token: coordinator, ["title": "Kampagne", "aims": "Informieren", "startsOn": today], .created)
            let campaignID = try #require(campaign["id"] as? String)
            _ = try await api.post("/campaigns/\(campaignID)/events", token: coordinator,
                                   ["kind": "informationEvening", "heldOn": today, "place": "Rathaus", "municipalityId": f.municipalityA1.uuidString,
                                    "languages": ["Deutsch"], "participants": 35, "followUps": 9], .created)

            // The steering page: the trend of the backlog, the handovers through the disclosure control.
            let steering = context.browser()
            try await steering.signIn(f.users[.steeringMember]!)
            let page = try await steering.get(SiteURL.steering.path).body.string
            #expect(page.contains("Baustein 3: Ausländer- und Einbürgerungsbehörden"))
            #expect(page.contains("ABH der Stadt: § 25b AufenthG – nachhaltige Integration</th><td>\(BacklogRules.germanMonth(String(RetentionRule.day(today, minusMonths: 11).prefix(7)))) bis \(BacklogRules.germanMonth(String(today.prefix(7))))</td><td>60</td><td>49</td><td>20</td><td>9</td>"),
                    "the trend of a year: pending 60 → 49, older than six months 20 → 9")
            #expect(page.contains("Übergaben von Vorprüfungen an die Ausländer- und Einbürgerungsbehörden"))
            let overview = try #require(try api.json(try await api.request(.GET, "/api/v1/steering", token: try await api.token(for: f.users[.steeringMember]!)))
                as? [String: Any])
            let handoverTable = try #require((overview["figures"] as? [[String: Any]])?.first { $0["id"] as? String == "uebergaben" })
            #expect("\(handoverTable)".contains("< 5") && !"\(handoverTable)".contains(file.canary), "one handover is a small number")
            let reach = try #require((overview["baustein3"] as? [String: Any])?["campaign"] as? [[String: Any]])
            #expect(reach.first?["participants"] as? Int == 35)

            // The coverage map shows the campaign's reach.
            let map = try await steering.get(SiteURL.coverage.path).body.string
            #expect(map.contains("<td>1 / 35</td>"))

            // The annual report, the controlling row and a goal measuring the backlog.
            let desk = MatrixCase.programmeDesk(context, district: f.districtA)
            let period = try await desk.period(nil)
            _ = try await desk.saveGoal(.init(title: "Antragsstau abbauen", criteria: [(.backlogOverSixMonthsAtMost, "50"), (.campaignEvents, "2")]), period: period)
            let (goals, _) = try await desk.evaluatedGoals(period)
            let sentences = goals.flatMap(\.criteria).map(\.sentence)
            #expect(sentences.contains("Am Ende des Zeitraums waren 49 Anträge länger als sechs Monate anhängig, nach den Zahlen von 1 Behörde (Ziel: höchstens 50)."))
            #expect(goals.first?.criteria.map(\.met) == [true, false], "the backlog goal met, one event is not two")
            let report = try await desk.generateReport(period, replace: true)
            #expect(report.text.contains("# Baustein 3: Ausländer- und Einbürgerungsbehörden"))
            #expect(report.text.contains("| ABH der Stadt: Einbürgerung nach dem Staatsangehörigkeitsgesetz |"))
            #expect(report.text.contains("Die Kampagne hatte eine Veranstaltung mit 35 Teilnehmenden und 9 Folgeberatungen.") && report.text.contains("| Altdorf | 1 | 35 | 9 |"))
            #expect(!report.text.contains(file.canary))
            let row = try await desk.controlling(period)
            let indicators = Dictionary(uniqueKeysWithValues: row.indicators.map { ($0.code, $0) })
            #expect(indicators["handoversToOffices"]?.suppressed == true, "one handover is published as < threshold")
            #expect(indicators["backlogOverSixMonthsEnd"]?.value == 49 && indicators["backlogPendingEnd"]?.value == 339)
            #expect(indicators["campaignParticipants"]?.value == 35)
        }
    }
}
