import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19, part 8: a district that has run KIM in spreadsheets since 2021 brings its history in:
/// posts with their dated FTE, bodies with members, past meetings with decisions, findings with
/// their days. Every row is checked as a form would be; a wrong row keeps everything out.
@Suite struct HistoryImportTests {
    @Test func aDistrictBringsItsSpreadsheetsIn() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let names = try await OrganisationService.municipalityNames(.operatorCommand(.administerOrganisation, districtID: f.districtA), on: context.app.db)
            let (a1, a2) = (names[f.municipalityA1] ?? "", names[f.municipalityA2] ?? "")
            let ks = try await api.token(for: f.users[.coordinator]!)
            func upload(_ kind: String, _ rows: [[String]], token: String) async throws -> TestingHTTPResponse {
                let header = HistoryImportKind(rawValue: kind)!.header
                return try await api.request(.POST, "/api/v1/import/\(kind)", token: token, csv: ([header] + rows).map { CSV.row($0) }.joined())
            }
            // A post shared by two towns, 0,5 in 2021 and 1,0 from 2022 (seed 003); one row with three mistakes.
            let wrong = try await upload("positions", [
                ["CM \(a1)/\(a2)", "2", "kreisangehörige Kommune", "\(a1), \(a2)", "", "01.01.2021", "", "01.03.2021", "ausgeschrieben", "0,5", ""],
                ["CM Irgendwo", "7", "Kommune", "Nirgendwo", "", "01.01.2021", "", "01.03.2021", "vielleicht", "0,5", ""],
            ], token: ks)
            #expect(wrong.status == .unprocessableEntity)
            let reasons = ((try api.json(wrong) as? [String: Any])?["rows"] as? [[String: Any]]) ?? []
            #expect(reasons.first?["line"] as? Int == 3 && "\(reasons)".contains("„7“ ist unbekannt") && "\(reasons)".contains("Nirgendwo"))
            #expect(try await Position.query(on: context.app.db).count() == 0, "nothing is taken over while a row is wrong")
            let posts = try await upload("positions", [
                ["CM \(a1)/\(a2)", "Case Management", "kreisangehörige Kommune", "\(a1), \(a2)", "", "01.01.2021", "", "01.03.2021", "ausgeschrieben", "0,5", ""],
                ["CM \(a1)/\(a2)", "", "", "", "", "", "", "01.01.2022", "ausgeschrieben", "1,0", "Plan 2022"],
                ["CM \(a1)/\(a2)", "", "", "", "", "", "", "01.04.2022", "besetzt", "", ""],
                ["Koordinierungsstelle", "1", "Kreis", "", "", "01.01.2021", "", "01.01.2021", "besetzt", "3,5", ""],
            ], token: ks)
            #expect(posts.status == .ok, "\(posts.body.string.prefix(600))")
            let postsMade = try api.json(posts) as? [String: Any]
            #expect(postsMade?["created"] as? String == "2 Stellen, 2 Änderungen von Stellen")
            let shared = try #require(try await Position.query(on: context.app.db).filter(\.$title == "CM \(a1)/\(a2)").first())
            #expect(shared.towns.count == 2 && shared.fteHundredths == 50)
            let admin = try await api.token(for: f.admin)
            #expect(try await api.request(.PATCH, "/api/v1/district/settings", token: admin, json: ["reportingPeriod": "calendarYear"]).status == .ok)
            for (year, target, filled) in [(2021, "1", "0"), (2022, "2", "1")] {
                let staffing = try api.json(try await api.request(.GET, "/api/v1/programme?period=\(year)", token: ks)) as? [String: Any]
                let blocks = staffing?["blocks"] as? [[String: Any]] ?? []
                let cm = blocks.first { ($0["block"] as? [String: Any])?["code"] as? String == "caseManagement" }
                #expect(cm?["fteFunded"] as? String == (year == 2021 ? "0,5" : "1") && cm?["fteFilled"] as? String == (year == 2021 ? "0" : "1"), "\(year)")
                let towns = staffing?["towns"] as? [[String: Any]] ?? []
                #expect(towns.first { $0["name"] as? String == a1 }?["fteTarget"] as? String == (year == 2021 ? "0,25" : "0,5"), "\(year) \(target) \(filled)")
            }

            // Coesfeld's network: the steering group and a working group by age, with members.
            let bodies = try await upload("bodies", [
                ["Steuerungsgruppe KIM", "Lenkungsgruppe", "", "", "", "Landrat", "Kreis Coesfeld", "Vorsitz"],
                ["Steuerungsgruppe KIM", "", "", "", "", "Geschäftsführung Caritas", "Caritasverband", "Mitglied"],
                ["AG 0 – 6", "Arbeitsgruppe", "", "Frühkindliche Bildung", "0-6", "Moderation Jugendhilfe", "Jugendamt", "Moderation"],
            ], token: ks)
            #expect(bodies.status == .ok, "\(bodies.body.string.prefix(600))")
            let group = try #require(try await Body.query(on: context.app.db).filter(\.$name == "AG 0 – 6").first())
            #expect(group.kind == .workingGroup && group.ageBands == ["0-6"])
            #expect(try await BodyMember.query(on: context.app.db).count() == 3)
            let meetings = try await upload("meetings", [
                ["Steuerungsgruppe KIM", "07.06.2021", "Kreishaus", "AG zur Entwicklung eines kreisweiten Case-Management-Verfahrens einrichten", "Arbeitsgruppe einrichten",
                 "Koordinierende Stelle", "31.12.2021", "erledigt"],
                ["Steuerungsgruppe KIM", "07.06.2021", "Kreishaus", "Bewerberauswahlverfahren fortsetzen", "Auftrag", "Kreis Coesfeld", "30.09.2021", ""],
                ["Steuerungsgruppe KIM", "15.11.2021", "Kreishaus", "", "", "", "", ""],
                ["Unbekanntes Gremium", "15.11.2021", "Kreishaus", "", "", "", "", ""],
            ], token: ks)
            #expect(meetings.status == .unprocessableEntity && meetings.body.string.contains("Bitte übernehmen Sie zuerst die Gremien"))
            #expect(try await Meeting.query(on: context.app.db).count() == 0)
            let held = try await upload("meetings", [
                ["Steuerungsgruppe KIM", "07.06.2021", "Kreishaus", "AG zur Entwicklung eines kreisweiten Case-Management-Verfahrens einrichten", "Arbeitsgruppe einrichten",
                 "Koordinierende Stelle", "31.12.2021", "erledigt"],
                ["Steuerungsgruppe KIM", "07.06.2021", "Kreishaus", "Bewerberauswahlverfahren fortsetzen", "Auftrag", "Kreis Coesfeld", "30.09.2021", ""],
                ["Steuerungsgruppe KIM", "15.11.2021", "Kreishaus", "", "", "", "", ""],
            ], token: ks)
            let heldMade = try api.json(held) as? [String: Any]
            #expect(held.status == .ok && heldMade?["created"] as? String == "2 Beschlüsse, 2 Sitzungen")
            let decisions = try await Decision.query(on: context.app.db).all()
            #expect(decisions.count == 2 && decisions.contains { $0.status == .done })
            #expect(try await upload("findings", [["2026-0001", "01.02.2021", "Angebot fehlt", "Sprache", "", "Kreis", "Kein Kurs"]], token: ks).status == .forbidden,
                    "findings come from case work")

            // The case management brings in last year's findings of its own cases, in the browser.
            let (caseID, _) = try await NoDeadEndTests.openedCase(context)
            let number = try #require(try await CaseFile.find(caseID, on: context.app.db)).number
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let page = try await cm.get(SiteURL.historyImport.path).body.string
            #expect(page.contains("Erkenntnisse aus Fällen mit ihrem Tag") && !page.contains("Stellen mit ihrem Verlauf"), "each sees the kinds it may bring in")
            let header = HistoryImportKind.findings.header
            let file = ([header, [number, "12.05.2025", "fehlendes Angebot", "Sprache", "sgb2", "district", "Kein Sprachkurs mit Kinderbetreuung"]]).map { CSV.row($0) }.joined()
            let imported = try await cm.post(SiteURL.historyImportKind(.value("findings")).path, [("file-findings", file)])
            #expect(imported.status == .ok && imported.body.string.contains("Übernommen: 1 Zeilen; neu: 1 Erkenntnisse"))
            #expect(try await Finding.query(on: context.app.db).filter(\.$caseFileID == caseID).first()?.reportedOn == "2025-05-12")
            let foreign = ([header, ["1999-9999", "12.05.2025", "fehlendes Angebot", "Sprache", "", "district", "Text"]]).map { CSV.row($0) }.joined()
            let refused = try await cm.post(SiteURL.historyImportKind(.value("findings")).path, [("file-findings", foreign)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Einen Fall „1999-9999“ gibt es in Ihren Kommunen nicht"))
        }
    }
}
