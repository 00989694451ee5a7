import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, part 5: an office reports its backlog per month and procedure, by hand (wrong counts
/// refused in German, what was typed kept) or as a CSV file in the offices' export shape (nothing
/// stored while a line is wrong; a month reported again is replaced); only its own staff; counts only.
@Suite struct BacklogTests {
    /// A year of § 25b and naturalisation figures, the backlog older than six months shrinking.
    static func year(endingIn lastMonth: String) -> String {
        var rows = [BacklogRules.header]
        var month = lastMonth + "-01"
        var months: [String] = []
        for _ in 0..<12 {
            months.insert(String(month.prefix(7)), at: 0)
            month = RetentionRule.day(month, minusMonths: 1)
        }
        for (index, month) in months.enumerated() {
            let german = BacklogRules.germanMonth(month)
            rows.append([german, "§ 25b", "8", "5", "1", "0", "\(60 - index)", "\(30 - index)", "\(20 - index)"])
            rows.append([german, "Einbürgerung", "40", "30", "2", "1", "\(400 - 10 * index)", "\(200 - 8 * index)", "\(150 - 10 * index)"])
        }
        return rows.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    @Test func anOfficeReportsByHandAndByFileAndOnlyItsOwn() async throws {
        try await withLotse { context in
            let f = context.fixture
            let o = try await HandoverTests.offices(context)
            let stadtID = try o.stadt.requireID()
            let officer = f.users[.immigrationOffice]!
            let office = context.browser()
            try await office.signIn(officer)
            let page = SiteURL.officeBacklog(.value(stadtID)).path
            let empty = try await office.get(page)
            #expect(empty.status == .ok && empty.body.string.contains("Noch sind keine Zahlen erfasst"))

            // By hand: every wrong count named, what was typed kept.
            let wrong = try await office.post(page, [("month", "13.2026"), ("procedure", "sustainableIntegration"), ("received", "zwölf"),
                                                     ("pending", "5"), ("pendingOverThreeMonths", "9")])
            #expect(wrong.status == .unprocessableEntity)
            for message in ["Bitte geben Sie den Monat als MM.JJJJ an", "„Eingänge“ muss eine ganze Zahl sein",
                            "nicht mehr Anträge älter als 3 Monate sein als am Monatsende anhängig"] {
                #expect(wrong.body.string.contains(message), "\(message)")
            }
            #expect(wrong.body.string.contains("value=\"zwölf\""), "what was typed is kept")
            let saved = try await office.post(page, [("month", "10.2026"), ("procedure", "sustainableIntegration"), ("received", "12"), ("granted", "3"),
                                                     ("pending", "70"), ("pendingOverThreeMonths", "30"), ("pendingOverSixMonths", "12")])
            #expect(saved.status == .seeOther)
            let shown = try await office.get(page).body.string
            #expect(shown.contains("10.2026") && shown.contains("<td>70</td>"))

            // By file over the API: a wrong file changes nothing and names every wrong line.
            let api = context.api()
            let token = try await api.token(for: officer)
            let importPath = "/api/v1/offices/\(stadtID)/backlog/import"
            let bad = try await api.request(.POST, importPath, token: token, csv: Self.year(endingIn: "2026-10") + "11.2026;§ 25b;1;0;0;0;1;2;0\r\n")
            let badLines = (try? api.json(bad) as? [String: Any])?["rows"] as? [[String: Any]]
            #expect(bad.status == .unprocessableEntity && badLines?.map { $0["line"] as? Int } == [26], "\(bad.body.string.prefix(400))")
            #expect(try await BacklogReport.query(on: context.app.db).count() == 1)
            let good = try #require(try api.json(try await api.request(.POST, importPath, token: token, csv: Self.year(endingIn: "2026-10"))) as? [String: Any])
            #expect(good["created"] as? Int == 23 && good["updated"] as? Int == 1, "October's § 25b figures are replaced: \(good)")
            let rows = try #require(try api.json(try await api.request(.GET, "/api/v1/offices/\(stadtID)/backlog", token: token)) as? [[String: Any]])
            #expect(rows.count == 24)
            let october = try #require(rows.first { $0["month"] as? String == "2026-10" && ($0["procedure"] as? [String: Any])?["code"] as? String == "sustainableIntegration" })
            #expect(october["pending"] as? Int == 49 && october["pendingOverSixMonths"] as? Int == 9)
            _ = try await api.post("/offices/\(stadtID)/backlog", token: token, ["month": "11.2026", "procedure": "naturalisation", "received": 4, "pending": 2], .ok)

            // The export reads back as the same figures.
            let export = try await office.get(SiteURL.officeBacklogExport(.value(stadtID)).path)
            #expect(export.headers.contentType?.description.hasPrefix("text/csv") == true)
            let reread = try BacklogRules.read(try CSV.parse(export.body.string), today: context.caseDesk().today).get()
            #expect(reread.count == 25 && reread.contains { $0.month == "2026-11" && $0.figures.received == 4 })

            // Only the office's own staff; nobody else reports for it.
            let kreisToken = try await api.token(for: o.kreisOfficer)
            #expect(try await api.request(.GET, "/api/v1/offices/\(stadtID)/backlog", token: kreisToken).status == .notFound)
            #expect(try await api.request(.POST, importPath, token: kreisToken, csv: Self.year(endingIn: "2026-10")).status == .notFound)
            _ = try await api.post("/offices/\(stadtID)/backlog", token: kreisToken, ["month": "11.2026"], .notFound)
            let managerToken = try await api.token(for: f.caseManager)
            #expect(try await api.request(.GET, "/api/v1/offices/\(stadtID)/backlog", token: managerToken).status == .forbidden)
            _ = try await api.post("/offices/\(stadtID)/backlog", token: managerToken, ["month": "11.2026"], .forbidden)
            #expect(try await api.request(.POST, importPath, token: managerToken, csv: Self.year(endingIn: "2026-10")).status == .forbidden)
            // An empty file and a count that is no number are refused by the contract before any right is looked at.
            let emptyFile = try await api.request(.POST, importPath, token: token, csv: "")
            #expect(emptyFile.status == .badRequest, "an empty body: \(emptyFile.status)")
            _ = try await api.post("/offices/\(stadtID)/backlog", token: token, ["month": "11.2026", "received": "zwölf"], .badRequest)
            let actions = try await AuditEntry.query(on: context.app.db).all().map(\.action)
            #expect(actions.contains(AuditAction.backlogRecorded.rawValue) && actions.contains(AuditAction.backlogImported.rawValue))
        }
    }

    @Test func anOfficeReportsOnlyTheProceduresItDecides() async throws {
        try await withLotse { context in
            let f = context.fixture
            let officer = f.users[.immigrationOffice]!
            let office = try await OfficeService.save(.init(name: "Nur Aufenthalt", kinds: [.residence], municipalityIDs: [f.municipalityA1], memberIDs: [officer.id]),
                                                      id: nil, .operatorCommand(.administerOrganisation, districtID: f.districtA),
                                                      audit: context.app.audit(requestID: "test"), on: context.app.db)
            let api = context.api()
            let token = try await api.token(for: officer)
            let refused = try await api.post("/offices/\(try office.requireID())/backlog", token: token, ["month": "10.2026", "procedure": "naturalisation"],
                                             .unprocessableEntity)
            #expect("\(refused)".contains("„Nur Aufenthalt“ ist keine Einbürgerungsbehörde"))
            let file = try await api.request(.POST, "/api/v1/offices/\(try office.requireID())/backlog/import", token: token, csv: BacklogTests.year(endingIn: "2026-10"))
            #expect(file.status == .unprocessableEntity && file.body.string.contains("keine Einbürgerungsbehörde"))
            #expect(try await BacklogReport.query(on: context.app.db).count() == 0)
        }
    }
}
