import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19: Kreis Höxter (seed 003) and Kreis Coesfeld (seed 004) set up as their concepts
/// describe themselves, through the API and the browser as their staff would.
@Suite struct DistrictVocabularyTests {
    /// Seed 003 §5 and §7.2: four cluster regions; case-management posts of 0,5 in Steinheim and
    /// shared by Marienmünster and Nieheim in 2021, raised to 1,0 in 2022; Warburg filled from
    /// 01.01.2022, Brakel since 01.07.2021, Beverungen advertised, Höxter planned for 2022.
    @Test func hoexterCountsItsPostsPerClusterRegion() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let admin = try await api.token(for: f.admin)
            let words = try await api.request(.PATCH, "/api/v1/district/words", token: admin,
                                              json: ["steeringBody": "Lenkungskreis", "steeringBodyGender": "masculine", "blockNumbering": "roman"])
            let answered = try api.json(words) as? [String: Any]
            #expect(words.status == .ok && answered?["steeringMemberRole"] as? String == "Mitglied des Lenkungskreises")
            #expect(try await api.request(.PATCH, "/api/v1/district/settings", token: admin, json: ["reportingPeriod": "calendarYear"]).status == .ok)
            let clusters = [("I. Nordkreis", ["Steinheim", "Nieheim", "Marienmünster"]), ("II. Südkreis", ["Warburg", "Willebadessen", "Borgentreich"]),
                            ("III. Mitte-West", ["Bad Driburg", "Brakel"]), ("IV. Ost", ["Höxter", "Beverungen"])]
            var town: [String: String] = [:]
            for (region, names) in clusters {
                let created = try await api.post("/regions", token: admin, ["name": region, "kind": "region"], .created)
                for name in names {
                    town[name] = try await api.post("/municipalities", token: admin, ["name": name, "regionId": created["id"] ?? ""], .created)["id"] as? String
                }
            }

            let ks = try await api.token(for: f.users[.coordinator]!)
            func post(_ title: String, _ fte: String, _ towns: [String], from: String, _ status: String, on day: String) async throws -> String {
                let detail = try await api.post("/programme/positions", token: ks, [
                    "buildingBlock": "caseManagement", "title": title, "fte": fte, "employer": "municipality",
                    "municipalityIds": towns.compactMap { town[$0] }, "fundedFrom": from, "status": status, "day": day,
                ], .created)
                return try #require((detail["position"] as? [String: Any])?["id"] as? String)
            }
            let steinheim = try await post("CM Steinheim", "0,5", ["Steinheim"], from: "2021-01-01", "advertised", on: "2021-03-01")
            let shared = try await post("CM Marienmünster/Nieheim", "0,5", ["Marienmünster", "Nieheim"], from: "2021-01-01", "advertised", on: "2021-03-01")
            let warburg = try await post("CM Warburg", "1", ["Warburg"], from: "2021-06-01", "advertised", on: "2021-06-01")
            _ = try await post("CM Brakel", "1", ["Brakel"], from: "2021-07-01", "filled", on: "2021-07-01")
            _ = try await post("CM Beverungen", "1", ["Beverungen"], from: "2021-09-01", "advertised", on: "2021-09-01")
            _ = try await post("CM Höxter", "1", ["Höxter"], from: "2022-01-01", "planned", on: "2022-01-01")
            for id in [steinheim, shared] {
                _ = try await api.post("/programme/positions/\(id)/changes", token: ks, ["status": "advertised", "day": "2022-01-01", "fte": "1,0"], .created)
            }
            _ = try await api.post("/programme/positions/\(warburg)/changes", token: ks, ["status": "filled", "day": "2022-01-01"], .created)
            let badFTE = try await api.request(.POST, "/api/v1/programme/positions/\(warburg)/changes", token: ks, json: ["status": "filled", "day": "2022-02-01", "fte": "voll"])
            #expect(badFTE.status == .unprocessableEntity && badFTE.body.string.contains("neuen Umfang"))

            func regions(_ year: Int) async throws -> [String: (String, String)] {
                let staffing = try api.json(try await api.request(.GET, "/api/v1/programme?period=\(year)", token: ks)) as? [String: Any]
                let rows = staffing?["regions"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as? String ?? "", ($0["fteTarget"] as? String ?? "", $0["fteFilled"] as? String ?? "")) })
            }
            // "Soll 2021": 0,5 + 0,5 in the Nordkreis, 1,0 each in the others; "Ist 2021": Brakel.
            let y2021 = try await regions(2021)
            #expect(y2021["I. Nordkreis"]! == ("1", "0") && y2021["II. Südkreis"]! == ("1", "0") && y2021["III. Mitte-West"]! == ("1", "1") && y2021["IV. Ost"]! == ("1", "0"))
            // "Plan 2022": 1,0 Steinheim and 1,0 Marienmünster/Nieheim, Beverungen and Höxter; Warburg filled.
            let y2022 = try await regions(2022)
            #expect(y2022["I. Nordkreis"]! == ("2", "0") && y2022["II. Südkreis"]! == ("1", "1") && y2022["III. Mitte-West"]! == ("1", "1") && y2022["IV. Ost"]! == ("2", "0"))

            let browser = context.browser()
            try await browser.signIn(f.users[.coordinator]!)
            let overview = try await browser.get(SiteURL.programme.path + "?period=2021").body.string
            #expect(overview.contains("<th scope=\"row\">Nieheim</th><td>0,25</td>"), "a post shared by two towns counts half for each")
            #expect(overview.contains("<th scope=\"row\">I. Nordkreis</th><td>1</td><td>0</td><td>Baustein II: 1 / 0</td>"))
            let position = try await browser.get(SiteURL.position(.value(UUID(uuidString: shared)!)).path).body.string
            #expect(position.contains("Marienmünster/Nieheim") && position.contains("Umfang heute</dt><dd>1 VZÄ, zu Beginn der Förderung 0,5 VZÄ"))

            let generated = try await browser.post(SiteURL.reports.path, [("period", "2022")])
            let reportPath = try #require(generated.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let report = try #require(try await Programme.report(context, reportPath))
            #expect(report.contains("| I. Nordkreis | 2 | 0 | Baustein II: 2 / 0 |") && report.contains("| Nieheim | 0,5 | 0 |"))
            #expect(report.contains("## Sitzungen des Lenkungskreises") && report.contains("bringen sie in den Lenkungskreis KIM.")
                    && report.contains("## Themen aus der Fallarbeit im Lenkungskreis"))
            let csv = try await browser.get("/programme/controlling/export/csv?period=2021").body.string
            #expect(csv.contains("fteTarget_region_i-nordkreis") && csv.contains("Soll VZÄ Region I. Nordkreis") && csv.contains("VZÄ gefördert Baustein II"))
        }
    }

    /// Seed 004: Coesfeld steers with a "Steuerungsgruppe", counts "Modul I–III" and calls its
    /// district-level case conference the individual Teilhabekonferenz; seed 000's rule "two
    /// planning conferences before each meeting" is met in 2024 and not in 2023.
    @Test func coesfeldSpeaksItsOwnWordsAndThePlanningRuleCountsBeforeEachMeeting() async throws {
        try await withLotse { context in
            let f = context.fixture
            let admin = context.browser()
            try await admin.signIn(f.admin)
            let refused = try await admin.post(SiteURL.districtWords.path, [("steeringBody", "Steuerungsgruppe"), ("blockWord", "M"), ("blockNumbering", "hex"),
                                                                             ("districtConference", "Individuelle <Teilhabe>konferenz")])
            let refusal = refused.body.string
            #expect(refused.status == .unprocessableEntity && refusal.contains("2 bis 80 Zeichen") && refusal.contains("I, II, III") && refusal.contains("spitze Klammern"))
            #expect(refusal.contains("value=\"Steuerungsgruppe\""), "what was entered stays")
            #expect(try await DistrictTermRecord.query(on: context.app.db).count() == 0, "nothing is stored while anything is wrong")
            let saved = try await admin.post(SiteURL.districtWords.path, [("steeringBody", "Steuerungsgruppe"), ("steeringBodyGender", "feminine"), ("blockWord", "Modul"),
                                                                          ("blockNumbering", "roman"), ("districtConference", "Individuelle Teilhabekonferenz"),
                                                                          ("planningConference", "")])
            #expect(saved.status == .seeOther)
            let form = try await admin.get(SiteURL.districtWords.path).body.string
            #expect(form.contains("Die Steuerungsgruppe hat zweimal getagt.") && form.contains("Modul II: Case Management"))
            #expect(try await DistrictTermRecord.query(on: context.app.db).count() == 4, "a default sent back is not stored")
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.settingsChanged.rawValue).count() >= 1)
            #expect(try await admin.get(SiteURL.users.path).body.string.contains("Mitglied der Steuerungsgruppe"))

            let coordinator = f.users[.coordinator]!
            let steering = SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "t"),
                                        now: context.clock.now, actorID: coordinator.id, people: try context.app.knownPeople(audit: context.app.audit(requestID: "t")))
            let group = try await steering.createBody(.init(name: "Steuerungsgruppe KIM", kind: .steeringGroup))
            let planning = try await steering.createBody(.init(name: "Planungskonferenz", kind: .planningConference))
            // 2023: two meetings, four conferences after both. 2024: two conferences before each.
            for day in ["2022-11-10", "2023-03-15", "2023-10-20", "2024-03-14", "2024-10-17"] {
                _ = try await steering.createMeeting(bodyID: try group.requireID(), heldOn: day, place: "Kreishaus Coesfeld")
            }
            for day in ["2023-11-02", "2023-11-20", "2023-12-04", "2023-12-18", "2024-01-15", "2024-02-20", "2024-05-06", "2024-09-30"] {
                _ = try await steering.createMeeting(bodyID: try planning.requireID(), heldOn: day, place: "Kreishaus Coesfeld")
            }
            #expect(try await admin.post(SiteURL.settings.path, [("disclosureThreshold", "5"), ("reportingPeriod", "calendarYear"), ("closedCaseRetentionMonths", "36"),
                                                                  ("firstContactRetentionMonths", "6"), ("auditRetentionMonths", "36")]).status == .seeOther)
            let ks = context.browser()
            try await ks.signIn(coordinator)
            for year in ["2023", "2024"] {
                #expect(try await ks.post("/programme/goals/new?period=\(year)", [("title", "Zwei Planungskonferenzen vor jeder Sitzung."),
                                                                                   ("measure1", "planningConferencesPerMeeting"), ("target1", "2")]).status == .seeOther)
            }
            let y2023 = try await ks.get("/programme/goals?period=2023").body.string
            #expect(y2023.contains("Vor 0 von 2 Sitzungen der Steuerungsgruppe fanden mindestens 2 Planungskonferenzen statt") && y2023.contains("nicht erreicht"))
            #expect(y2023.contains("Sitzung am 15.03.2023: keine Planungskonferenz seit der vorigen Sitzung"))
            let y2024 = try await ks.get("/programme/goals?period=2024").body.string
            #expect(y2024.contains("Vor 2 von 2 Sitzungen der Steuerungsgruppe") && y2024.contains("Sitzung am 14.03.2024: 6 × Planungskonferenz"))
            #expect(y2024.contains("Sitzung am 17.10.2024: 2 × Planungskonferenz (06.05.2024, 30.09.2024)"))
            let goalForm = try await ks.get("/programme/goals/new?period=2024").body.string
            #expect(goalForm.contains("Sitzungen der Steuerungsgruppe (mindestens N)") && !goalForm.contains("Lenkungsgruppe"))

            let generated = try await ks.post(SiteURL.reports.path, [("period", "2024")])
            let reportPath = try #require(generated.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let report = try #require(try await Programme.report(context, reportPath))
            #expect(report.contains("# Modul III: Ausländer- und Einbürgerungsbehörden") && report.contains("| Modul I: Koordinierung und Assistenz |"))
            #expect(report.contains("## Sitzungen der Steuerungsgruppe") && report.contains("in die Steuerungsgruppe KIM"))
            #expect(!report.contains("Lenkungsgruppe") && !report.contains("Baustein"), "no word of Paderborn's is left in Coesfeld's report")
            let csv = try await ks.get("/programme/controlling/export/csv?period=2024").body.string
            #expect(csv.contains("Sitzungen der Steuerungsgruppe") && csv.contains("VZÄ gefördert Modul II") && !csv.contains("Lenkungsgruppe"))
            let bodyForm = try await ks.get(SiteURL.newBody.path).body.string
            #expect(bodyForm.contains("Steuerungsgruppe") && !bodyForm.contains("Lenkungsgruppe"))

            let member = context.browser()
            try await member.signIn(f.users[.steeringMember]!)
            #expect(try await member.get(SiteURL.start.path).body.string.contains("Mitglied der Steuerungsgruppe"))
            #expect(try await member.get(SiteURL.steering.path).body.string.contains("<h2>Modul III: Ausländer- und Einbürgerungsbehörden</h2>"))

            // Back to Lotse's words: an empty field restores the default, over the API too.
            let api = context.api()
            let token = try await api.token(for: f.admin)
            let reset = try await api.request(.PATCH, "/api/v1/district/words", token: token, json: ["steeringBody": NSNull(), "blockWord": ""])
            let answer = try api.json(reset) as? [String: Any]
            #expect(reset.status == .ok && answer?["steeringBody"] as? String == "Lenkungsgruppe" && answer?["blockWord"] as? String == "Baustein")
            #expect(answer?["blockNumbering"] as? String == "roman", "a term not sent keeps its value")
            let bad = try await api.request(.PATCH, "/api/v1/district/words", token: token, json: ["steeringBodyGender": "plural"])
            #expect(bad.status == .badRequest, "the contract lists the articles")
            let other = try await api.token(for: f.adminB)
            let foreign = try api.json(try await api.request(.GET, "/api/v1/district/words", token: other)) as? [String: Any]
            #expect(foreign?["blockNumbering"] as? String == "arabic", "another district keeps its own words")
        }
    }
}

/// The text of a report the coordination just generated.
enum Programme {
    static func report(_ context: TestContext, _ path: String) async throws -> String? {
        guard let id = path.split(separator: "/").last.flatMap({ UUID(uuidString: String($0)) }) else { return nil }
        return try await AnnualReport.find(id, on: context.app.db)?.text
    }
}
