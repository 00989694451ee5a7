import Foundation
import Testing
@testable import LotseCore

/// The offices' backlog figures (issue 16, part 5): counts that fit together, months as offices
/// write them, the CSV shape read line by line with every problem named, and the trend.
@Suite struct BacklogRulesTests {
    @Test func countsAreWholeNumbersThatFitTogether() {
        let (figures, problems) = BacklogRules.figures(["received": "12", "granted": "4", "pending": "1.250", "pendingOverThreeMonths": "300",
                                                        "pendingOverSixMonths": "120"])
        #expect(problems.isEmpty && figures.received == 12 && figures.pending == 1250 && figures.refused == 0 && figures.decided == 4)
        let (_, wrong) = BacklogRules.figures(["received": "zwölf", "granted": "-1", "pending": "5", "pendingOverThreeMonths": "6",
                                               "pendingOverSixMonths": "7"])
        #expect(wrong.map(\.key) == ["received", "granted", "pendingOverThreeMonths", "pendingOverSixMonths"])
        #expect(wrong[0].problem.message == "„Eingänge“ muss eine ganze Zahl sein (0 oder mehr).")
        #expect(wrong[1].problem == .outOfRange(label: "Erteilt"))
    }

    @Test func monthsAreReadAsOfficesWriteThem() {
        #expect(BacklogRules.month("03.2025") == "2025-03" && BacklogRules.month("3.2025") == "2025-03")
        #expect(BacklogRules.month("31.03.2025") == "2025-03" && BacklogRules.month("2025-03") == "2025-03")
        for wrong in ["13.2025", "März 2025", "32.03.2025", "03.25", "", "2025-3-1"] { #expect(BacklogRules.month(wrong) == nil, "\(wrong)") }
        #expect(BacklogRules.isReportable("2026-11", today: "2026-11-30") && !BacklogRules.isReportable("2026-12", today: "2026-11-30"))
        #expect(BacklogRules.germanMonth("2025-03") == "03.2025")
    }

    @Test func aFileIsTakenWholeOrNotAtAll() throws {
        let header = BacklogRules.header
        let good = [header, ["31.01.2026", "§ 25b", "10", "3", "1", "0", "80", "40", "20"],
                    ["02.2026", "Einbürgerung", "30", "12", "0", "2", "200", "90", "50"]]
        let rows = try BacklogRules.read(good, today: "2026-11-30").get()
        #expect(rows.map(\.procedure) == [.sustainableIntegration, .naturalisation] && rows[1].figures.pending == 200 && rows[0].month == "2026-01")
        let bad = [header, ["01.2026", "§ 25b", "1", "0", "0", "0", "5", "6", "1"], ["13.2026", "Aufenthalt", "x", "0", "0", "0", "0", "0", "0"],
                   ["01.2026", "§ 25b", "1", "0", "0", "0", "5", "1", "1"], ["01.2026", "§ 25b"]]
        guard case .failure(let rejected) = BacklogRules.read(bad, today: "2026-11-30") else { Issue.record("a bad file was read"); return }
        let lines = rejected.lines
        #expect(lines.map(\.line) == [2, 3, 4, 5])
        #expect(lines[0].reasons == [BacklogRules.Problem.overThreeExceedsPending.message])
        #expect(lines[1].reasons.count == 3, "month, procedure and count, all at once: \(lines[1].reasons)")
        #expect(lines[2].reasons == ["01.2026 und dieses Verfahren stehen schon in Zeile 2."])
        #expect(lines[3].reasons == ["Die Zeile hat 2 statt 9 Spalten."])
        guard case .failure(let header) = BacklogRules.read([["Monat", "Verfahren"]], today: "2026-11-30") else { Issue.record("no header check"); return }
        #expect(header.lines[0].reasons[0].hasPrefix("Die erste Zeile muss die Spaltenköpfe enthalten"))
        guard case .failure(let future) = BacklogRules.read([BacklogRules.header, ["12.2026", "§ 25b", "1", "0", "0", "0", "0", "0", "0"]],
                                                          today: "2026-11-30") else { Issue.record("a future month was read"); return }
        #expect(future.lines[0].reasons == [BacklogRules.Problem.monthInFuture.message])
    }

    @Test func theExportReadsBackUnchanged() throws {
        let rows = [BacklogRules.Row(month: "2026-01", procedure: .youthResidence, figures: .init(received: 5, granted: 2, pending: 9, pendingOverThreeMonths: 4,
                                                                                                   pendingOverSixMonths: 1))]
        let text = BacklogRules.write(rows)
        #expect(try BacklogRules.read(try CSV.parse(text), today: "2026-11-30").get() == rows)
    }

    @Test func theTrendAddsUpProceduresPerMonth() {
        func row(_ month: String, _ procedure: Procedure, _ pending: Int, _ six: Int) -> BacklogRules.Row {
            .init(month: month, procedure: procedure, figures: .init(pending: pending, pendingOverThreeMonths: six, pendingOverSixMonths: six))
        }
        let trend = BacklogRules.trend([row("2026-02", .naturalisation, 100, 40), row("2026-01", .naturalisation, 120, 60), row("2026-01", .youthResidence, 10, 5)])
        #expect(trend.months == ["2026-01", "2026-02"] && trend.pending == [130, 100] && trend.overSix == [65, 40] && trend.overSixChange == -25)
    }
}
