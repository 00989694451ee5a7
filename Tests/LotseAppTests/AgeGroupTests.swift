import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19, part 5. Seed 004: Coesfeld's working groups of the network by age ("0 – 6",
/// "6 – 18", "18 – 27"), and case figures by age group, from birth dates, only through the
/// disclosure control.
@Suite struct AgeGroupTests {
    @Test func coesfeldsWorkingGroupsServeAgeGroupsAndCasesAreCountedByAge() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let cmToken = try await api.token(for: f.caseManager)
            var opened: [String: [UUID]] = [:]
            for (name, born, band) in [("Amal", "2010-05-01", "6_18"), ("Bilal", "1999-03-02", "27plus"), ("Chiara", "2003-12-24", "18_27")] {
                let (caseID, _) = try await NoDeadEndTests.openedCase(context)
                _ = try await api.post("/cases/\(caseID)/consent", token: cmToken, ["status": "given", "method": "signedForm",
                                                                                    "givenOn": GermanFormat.isoDay(context.clock.now)], .created)
                _ = try await api.post("/cases/\(caseID)/client", token: cmToken, ["givenNames": name, "familyName": "Altersprobe", "birthDate": born], .created)
                opened[band, default: []].append(caseID)
            }
            let stored = try await CaseFile.query(on: context.app.db).filter(\.$districtID == f.districtA).all().compactMap(\.ageAtOpening).sorted()
            #expect(stored == [16, 23, 27], "the age on the day the case was opened, not a birth date")

            let admin = context.browser()
            try await admin.signIn(f.admin)
            let settings = [("disclosureThreshold", "5"), ("reportingPeriod", "schoolYear"), ("closedCaseRetentionMonths", "36"),
                            ("firstContactRetentionMonths", "6"), ("auditRetentionMonths", "36")]
            let bad = try await admin.post(SiteURL.settings.path, settings + [("ageBandBounds", "18, 6, 27")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("aufsteigende ganze Zahlen") && bad.body.string.contains("18, 6, 27"))
            #expect(try await admin.post(SiteURL.settings.path, settings + [("ageBandBounds", "6, 18, 28")]).status == .seeOther)
            #expect(try await admin.get(SiteURL.settings.path).body.string.contains("value=\"6, 18, 28\""))
            let adminToken = try await api.token(for: f.admin)
            let answered = try api.json(try await api.request(.PATCH, "/api/v1/district/settings", token: adminToken, json: ["ageBandBounds": [6, 18, 27]])) as? [String: Any]
            #expect(answered?["ageBandBounds"] as? [Int] == [6, 18, 27])

            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let form = try await ks.get(SiteURL.newBody.path).body.string
            #expect(form.contains("0 bis unter 6 Jahre") && form.contains("27 Jahre und älter"))
            for (name, band) in [("AG 0 – 6 (Moderation Jugendhilfe)", "0-6"), ("AG 6 – 18 (Moderation Lehrkräfte RBB und KI)", "6-18")] {
                #expect(try await ks.post(SiteURL.newBody.path, [("name", name), ("kind", "workingGroup"), ("mandate", "Netzwerk Chancengerechtigkeit"),
                                                                  ("ageBands", band)]).status == .seeOther)
            }
            let refused = try await ks.post(SiteURL.newBody.path, [("name", "AG 18 – 30"), ("kind", "workingGroup"), ("mandate", "x"), ("ageBands", "18-30")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Bitte wählen Sie Altersgruppen des Kreises")
                    && refused.body.string.contains("AG 18 – 30"))
            let ksToken = try await api.token(for: f.users[.coordinator]!)
            let created = try await api.post("/bodies", token: ksToken, ["name": "AG 18 – 27 (Moderation Jobcenter und KI)", "kind": "workingGroup",
                                                                          "mandate": "Netzwerk Chancengerechtigkeit", "ageBands": ["18-27"]], .created)
            #expect((created["ageBands"] as? [[String: Any]])?.first?["name"] as? String == "18 bis unter 27 Jahre")
            let bodies = try await ks.get(SiteURL.bodies.path).body.string
            #expect(bodies.contains("(0 bis unter 6 Jahre)") && bodies.contains("(6 bis unter 18 Jahre)") && bodies.contains("(18 bis unter 27 Jahre)"))

            // Figures by age group, each cell published from the cases it counts.
            let steering = try await ks.get(SiteURL.steering.path).body.string
            #expect(steering.contains("Fälle nach Altersgruppe der Klient*in beim Öffnen des Falls") && !steering.contains("2010"))
            let rows = try api.json(try await api.request(.GET, "/api/v1/programme/controlling", token: ksToken)) as? [[String: Any]]
            let indicators = try #require(rows?.first?["indicators"] as? [[String: Any]])
            for band in ["6_18", "18_27", "27plus"] {
                let expected = try context.published(opened[band] ?? [])
                let row = try #require(indicators.first { $0["code"] as? String == "casesOpenedAge_\(band)" })
                #expect(row["suppressed"] as? Bool == expected.hasPrefix("<"), "\(band)")
                if !expected.hasPrefix("<") { #expect((row["value"] as? Double).map { GermanFormat.number(Int($0)) } == expected, "\(band)") }
            }
            #expect(indicators.contains { $0["code"] as? String == "casesOpenedAge_0_6" } && indicators.contains { $0["code"] as? String == "casesOpenedAge_unknown" })
        }
    }
}
