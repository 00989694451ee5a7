import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19, part 6. Seed 004: Coesfeld's "Individuelle Teilhabekonferenz mit kreisweit
/// einheitlichem Hilfeplanverfahren": a district-level conference agrees a help plan that the
/// organisations present accept; it shows in the case and its review becomes due.
@Suite struct HelpPlanTests {
    @Test func aTeilhabekonferenzAgreesAHelpPlanThatIsShownDueAndReviewed() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let adminToken = try await api.token(for: f.admin)
            #expect(try await api.request(.PATCH, "/api/v1/district/words", token: adminToken,
                                          json: ["districtConference": "Individuelle Teilhabekonferenz"]).status == .ok)
            let (caseID, _, _, token) = try await NoDeadEndTests.caseWithClient(context)
            let today = GermanFormat.isoDay(context.clock.now)
            let (jugendhilfe, _) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let (jobcenter, _) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            var waivers: [UUID: String] = [:]
            for provider in [jugendhilfe, jobcenter] {
                let detail = try await api.post("/cases/\(caseID)/disclosure", token: token, ["recipientProviderId": provider.uuidString, "purpose": "Teilhabekonferenz",
                                                                                             "status": "given", "method": "signedForm", "givenOn": today], .created)
                waivers[provider] = (detail["consents"] as? [[String: Any]])?.last?["id"] as? String
            }
            let coordinator = try await api.token(for: f.users[.coordinator]!)
            let called = try await api.request(.POST, "/api/v1/cases/\(caseID)/district-conference", token: coordinator,
                                               json: ["heldOn": today, "participants": [jugendhilfe.uuidString, jobcenter.uuidString]])
            #expect(called.status == .created)
            let conference = try #require(try await CaseConference.query(on: context.app.db).filter(\.$caseFileID == caseID).filter(\.$level == .district).first())
            let conferenceID = try conference.requireID()
            let municipal = try await api.post("/cases/\(caseID)/conference", token: token, ["level": "municipal", "heldOn": today, "participants": [jugendhilfe.uuidString]],
                                               .created)
            let municipalID = try #require((municipal["conferences"] as? [[String: Any]])?.first { ($0["level"] as? [String: Any])?["code"] as? String == "municipal" }?["id"] as? String)

            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let casePage = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(casePage.contains("Individuelle Teilhabekonferenz am") && casePage.contains("Hilfeplan festhalten"))
            let formPath = SiteURL.caseStep(.value(caseID), .helpPlan(.value(conferenceID))).path
            let form = try await cm.get(formPath).body.string
            #expect(form.contains("Den Hilfeplan hat die Individuelle Teilhabekonferenz am") && form.contains("checked"), "those present are offered, checked")
            #expect(form.contains("action=\"\(formPath)\""), "the form posts to its own conference")
            let review = RetentionRule.day(today, plus: 30)
            let plan: [(String, String)] = [("goals", "Ausbildungsplatz und Wohnung sichern"), ("agreedOn", today), ("accepted", jugendhilfe.uuidString),
                                            ("item1-text", "Hilfeplangespräch nach § 36 SGB VIII"), ("item1-providerId", jugendhilfe.uuidString),
                                            ("item2-text", "Vermittlung in Einstiegsqualifizierung"), ("item2-providerId", jobcenter.uuidString), ("item2-dueOn", review),
                                            ("dueOn", review)]
            let notAccepted = try await cm.post(formPath, plan)
            #expect(notAccepted.status == .unprocessableEntity && notAccepted.body.string.contains("Bitte wählen Sie für Maßnahme 2 eine Stelle, die den Hilfeplan angenommen hat"))
            #expect(notAccepted.body.string.contains("Vermittlung in Einstiegsqualifizierung"), "what was entered stays")
            // A waiver withdrawn before the plan is recorded: that organisation does not get it.
            _ = try await api.post("/cases/\(caseID)/consents/\(waivers[jobcenter] ?? "")/withdraw", token: token, [:], .ok)
            let withdrawn = try await cm.post(formPath, plan + [("accepted", jobcenter.uuidString)])
            #expect(withdrawn.status == .unprocessableEntity && withdrawn.body.string.contains("gilt heute keine Schweigepflichtentbindung"))
            let onMunicipal = try await api.request(.POST, "/api/v1/cases/\(caseID)/conferences/\(municipalID)/help-plan", token: token,
                                                    json: ["goals": "x", "accepted": [jugendhilfe.uuidString], "items": [["text": "y", "providerId": jugendhilfe.uuidString]],
                                                           "dueOn": review])
            #expect(onMunicipal.status == .unprocessableEntity && onMunicipal.body.string.contains("Fallkonferenz auf Kreisebene"))

            let agreed = try await cm.post(formPath, plan.filter { !$0.0.hasPrefix("item2") })
            #expect(agreed.status == .seeOther)
            let shown = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(shown.contains("Hilfeplan vom") && shown.contains("Ausbildungsplatz und Wohnung sichern") && shown.contains("Hilfeplangespräch nach § 36 SGB VIII"))
            #expect(shown.contains("Überprüfung am \(GermanFormat.germanDay(review))") && !shown.contains("Hilfeplan festhalten"))
            let stored = try #require(try await HelpPlan.query(on: context.app.db).filter(\.$caseFileID == caseID).first())
            #expect(stored.sealedGoals?.contains("Ausbildungsplatz") == false, "the goals are sealed with the client's key")
            let again = try await api.request(.POST, "/api/v1/cases/\(caseID)/conferences/\(conferenceID)/help-plan", token: token,
                                              json: ["goals": "x", "accepted": [jugendhilfe.uuidString], "items": [["text": "y", "providerId": jugendhilfe.uuidString]], "dueOn": review])
            #expect(again.status == .conflict)

            // The review day makes it due, in the browser and the API.
            func dueKinds() async throws -> [String] {
                ((try api.json(try await api.request(.GET, "/api/v1/cases/due", token: token)) as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
            }
            #expect(!(try await dueKinds()).contains("Hilfeplan"))
            context.clock.advance(by: 31 * 86_400)
            let dueToken = try await api.token(for: f.caseManager)
            try await cm.signIn(f.caseManager)
            let due = ((try api.json(try await api.request(.GET, "/api/v1/cases/due", token: dueToken)) as? [[String: Any]]) ?? [])
            #expect(due.contains { $0["kind"] as? String == "Hilfeplan" && $0["text"] as? String == "Überprüfung des Hilfeplans" && $0["caseId"] as? String == caseID.uuidString })
            let duePage = try await cm.get(SiteURL.dueCases.path).body.string
            #expect(duePage.contains("Überprüfung des Hilfeplans") && duePage.contains("#hilfeplan-\(stored.id!.uuidString)"), "the due entry leads to the plan itself")
            let reviewPath = SiteURL.caseStep(.value(caseID), .helpPlanReview(.value(stored.id!))).path
            #expect(try await cm.get(reviewPath).body.string.contains("action=\"\(reviewPath)\""))
            let noNote = try await cm.post(reviewPath, [("reviewedOn", GermanFormat.isoDay(context.clock.now))])
            #expect(noNote.status == .unprocessableEntity && noNote.body.string.contains("Ergebnis der Überprüfung"))
            let reviewed = try await api.request(.POST, "/api/v1/cases/\(caseID)/help-plans/\(stored.id!.uuidString)/review", token: dueToken,
                                                 json: ["note": "Ausbildungsplatz gefunden, Wohnung offen", "nextOn": ""])
            #expect(reviewed.status == .ok)
            let detail = try api.json(reviewed) as? [String: Any]
            let helpPlan = (detail?["conferences"] as? [[String: Any]])?.compactMap { $0["helpPlan"] as? [String: Any] }.first
            #expect(helpPlan?["reviewNote"] as? String == "Ausbildungsplatz gefunden, Wohnung offen" && helpPlan?["dueOn"] == nil)
            let dueAfter = ((try api.json(try await api.request(.GET, "/api/v1/cases/due", token: dueToken)) as? [[String: Any]]) ?? [])
            #expect(!dueAfter.contains { $0["kind"] as? String == "Hilfeplan" }, "an ended plan is no longer due")
            let ended = try await api.request(.POST, "/api/v1/cases/\(caseID)/help-plans/\(stored.id!.uuidString)/review", token: dueToken, json: ["note": "x"])
            #expect(ended.status == .conflict)

            // Art. 15: the client's own export holds it; the coordination's view by pseudonym does not.
            let export = try await cm.get(SiteURL.caseAccessExportFile(.value(caseID)).path).body.string
            #expect(export.contains("Ausbildungsplatz und Wohnung sichern"))
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            #expect(try await ks.get(SiteURL.caseFile(.value(caseID)).path).status == .ok)
            #expect(!(try await ks.get(SiteURL.caseFile(.value(caseID)).path).body.string.contains("Ausbildungsplatz")))
        }
    }
}
