import Testing
@testable import LotseCore

/// Issue 15, part 1: when a closed case is due, and what the anonymised remainder keeps of its days.
@Suite struct RetentionRulesTests {
    @Test func aCaseIsDueItsPeriodAfterClosingOnTheSameDayOrTheMonthsLastDay() {
        #expect(RetentionRule.dueOn(closedOn: "2023-03-15", months: 36) == "2026-03-15")
        #expect(RetentionRule.dueOn(closedOn: "2025-08-31", months: 6) == "2026-02-28")
        #expect(RetentionRule.dueOn(closedOn: "2023-08-31", months: 6) == "2024-02-29", "a leap year's February")
        #expect(RetentionRule.dueOn(closedOn: "2025-11-30", months: 1) == "2025-12-30")
        #expect(RetentionRule.dueOn(closedOn: "2025-12-10", months: 1) == "2026-01-10", "across the turn of the year")
        #expect(RetentionRule.dueOn(closedOn: "kein Tag", months: 6) == nil)
        #expect(RetentionRule.isDue(closedOn: "2023-03-15", months: 36, today: "2026-03-15"))
        #expect(!RetentionRule.isDue(closedOn: "2023-03-15", months: 36, today: "2026-03-14"))
        #expect(!RetentionRule.isDue(closedOn: "", months: 36, today: "2099-01-01"), "without a closing day nothing is due")
    }

    /// The narrowing bound never leaves out a case that the exact rule finds due.
    @Test func theCandidateBoundKeepsEveryDueCase() {
        #expect(RetentionRule.latestClosingDay(dueBy: "2026-02-28", months: 6) == "2025-08-31")
        #expect(RetentionRule.latestClosingDay(dueBy: "2026-01-15", months: 1) == "2025-12-31")
        #expect(RetentionRule.day("2026-12-20", plus: 30) == "2027-01-19")
        #expect(RetentionRule.day("2024-02-28", plus: 1) == "2024-02-29")
        #expect(RetentionRule.day("2026-11-30", minusMonths: 24) == "2024-11-30")
        #expect(RetentionRule.day("2026-03-31", minusMonths: 1) == "2026-02-28", "the shorter month's last day")
        #expect(RetentionRule.day("2026-01-15", minusMonths: 13) == "2024-12-15", "across the turn of the year")
        for months in [1, 6, 36] {
            var closed = "2023-01-01"
            while closed < "2025-12-31" {
                let due = RetentionRule.dueOn(closedOn: closed, months: months)!
                #expect(closed <= RetentionRule.latestClosingDay(dueBy: due, months: months), "\(closed) + \(months)")
                closed = RetentionRule.day(closed, plus: 1)
            }
        }
    }

    @Test func theDailyRunIsAtHalfPastTwoAtNightInBerlin() throws {
        let evening = try #require(GermanFormat.day("2026-11-30")).addingTimeInterval(20 * 3600)   // 20:00 Berlin
        let next = RetentionRule.nextRun(after: evening)
        #expect(GermanFormat.dateTime(next) == "01.12.2026, 02:30 Uhr")
        let summer = try #require(GermanFormat.day("2026-07-01")).addingTimeInterval(3600)          // 01:00 Berlin, summer time
        #expect(GermanFormat.dateTime(RetentionRule.nextRun(after: summer)) == "01.07.2026, 02:30 Uhr")
    }

    @Test func aFirstContactIsKeptForItsShorterPeriod() {
        let periods = RetentionPeriods.standard
        #expect(periods.months(closedFrom: .intake) == 6)
        for phase in [Phase.assessment, .goalAgreement, .serviceLinking, .monitoring] { #expect(periods.months(closedFrom: phase) == 36) }
        #expect(periods.months(closedFrom: nil) == 36, "a case whose last phase is unknown is kept the longer period")
        #expect(RetentionPeriods.closedCaseRange.contains(periods.closedCaseMonths))
        #expect(RetentionPeriods.firstContactRange.contains(periods.firstContactMonths))
    }

    /// Every reporting period starts on a month's first day and ends on a month's last day, so a
    /// day moved to its month's first day stays inside every period it was in, and outside the others.
    @Test func theRemainderKeepsTheMonthAndStaysInEveryPeriodItWasIn() {
        #expect(RetentionRule.monthStart("2024-07-31") == "2024-07-01")
        #expect(RetentionRule.monthStart("2024-08-01") == "2024-08-01")
        #expect(RetentionRule.monthStart("nichts") == "nichts")
        for year in 2020...2026 {
            for kind in ReportingPeriodKind.allCases {
                let period = ReportingPeriod(kind: kind, startYear: year)
                for month in 1...12 {
                    for day in [1, 15, 28] {
                        let date = String(format: "%04d-%02d-%02d", year, month, day)
                        let inside = period.start <= date && date <= period.end
                        let moved = RetentionRule.monthStart(date)
                        #expect(inside == (period.start <= moved && moved <= period.end), "\(date) in \(period.label)")
                    }
                }
            }
        }
    }
}
