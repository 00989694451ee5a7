import Foundation
import Testing
@testable import LotseCore

@Suite struct ProgrammeRulesTests {
    @Test func periodsAreSchoolOrCalendarYears() {
        let year = ReportingPeriod.containing("2023-04-20", kind: .schoolYear)
        #expect(year.label == "Schuljahr 2022/23" && year.start == "2022-08-01" && year.end == "2023-07-31")
        #expect(ReportingPeriod.containing("2022-08-01", kind: .schoolYear).startYear == 2022)
        #expect(ReportingPeriod.containing("2022-07-31", kind: .schoolYear).startYear == 2021)
        #expect(ReportingPeriod.containing("2023-04-20", kind: .calendarYear).label == "Kalenderjahr 2023")
        #expect(year.next.label == "Schuljahr 2023/24" && year.contains("2022-11-22") && !year.contains("2023-08-01"))
        #expect(HalfYear.range(HalfYear(year: 2022, half: 1), HalfYear(year: 2023, half: 2)).map(\.label) == ["1. HJ 2022", "2. HJ 2022", "1. HJ 2023", "2. HJ 2023"])
        #expect(HalfYear(key: "2022-3") == nil && HalfYear(key: "2022-2")?.next == HalfYear(year: 2023, half: 1))
    }

    /// Seed 000: Ziel 1 reached, Ziel 2 (8 of 10) and Ziel 3 (no working group) not: partly reached.
    @Test func theSeedYearIsPartlyReached() {
        let ziel1 = [GoalRules.isMet(.init(measure: .steeringMeetings, target: 2), .init(figure: 2)),
                     GoalRules.isMet(.init(measure: .topicsFromCaseWork, target: 2), .init(figure: 2))]
        let ziel2 = [GoalRules.isMet(.init(measure: .caseManagementEverywhere, target: 0), .init(figure: 8, base: 10))]
        let ziel3 = [GoalRules.isMet(.init(measure: .workingGroupsFromCaseWork, target: 2), .init(figure: 0))]
        let verdicts = [ziel1, ziel2, ziel3].map(GoalRules.verdict)
        #expect(verdicts == [.reached, .notReached, .notReached])
        #expect(GoalRules.overall(verdicts) == .partlyReached)
        #expect(GoalRules.verdict([true, false]) == .partlyReached && GoalRules.overall([.reached, .reached]) == .reached && GoalRules.overall([.notReached]) == .notReached)
        // Per meeting: the figure is the number of meetings that had enough conferences before them.
        #expect(GoalRules.isMet(.init(measure: .planningConferencesPerMeeting, target: 2), .init(figure: 2, base: 2)))
        #expect(!GoalRules.isMet(.init(measure: .planningConferencesPerMeeting, target: 2), .init(figure: 1, base: 2)))
        #expect(!GoalRules.isMet(.init(measure: .conceptsEverywhere, target: 0), .init(figure: 0, base: 0)), "no municipality is not all of them")
        #expect(GoalRules.sentence(.init(measure: .caseManagementEverywhere, target: 0), .init(figure: 8, base: 10)).contains("in 8 von 10"))
        #expect(GoalCriterion(code: "steeringMeetings:2") == GoalCriterion(measure: .steeringMeetings, target: 2))
    }

    @Test func baustein3GoalsMeasureTheBacklogAndTheCampaign() {
        let backlog = GoalCriterion(measure: .backlogOverSixMonthsAtMost, target: 50)
        #expect(GoalRules.isMet(backlog, .init(figure: 50, base: 2)) && !GoalRules.isMet(backlog, .init(figure: 51, base: 2)))
        #expect(!GoalRules.isMet(backlog, .init(figure: 0, base: 0)), "no office reported: nothing shows the backlog is small")
        #expect(GoalRules.sentence(backlog, .init(figure: 0, base: 0)).hasPrefix("Keine Behörde hat für den Zeitraum Zahlen"))
        #expect(GoalRules.sentence(backlog, .init(figure: 49, base: 1)).contains("49 Anträge länger als sechs Monate anhängig, nach den Zahlen von 1 Behörde"))
        let events = GoalCriterion(measure: .campaignEvents, target: 6)
        #expect(GoalRules.isMet(events, .init(figure: 6)) && !GoalRules.isMet(events, .init(figure: 5)))
        #expect(GoalCriterion(code: backlog.code) == backlog && GoalMeasure.backlogOverSixMonthsAtMost.needsTarget)
    }

    @Test func aPositionsHistoryGivesFilledPeriodsAndChangesOfHolder() {
        let someone = UUID(), other = UUID()
        let history = [PositionChange(day: "2021-11-01", status: .filled, holderID: someone),
                       PositionChange(day: "2023-02-01", status: .filled, holderID: other),
                       PositionChange(day: "2023-05-31", status: .vacant)]
        #expect(PositionTimeline.wasFilled(from: "2022-08-01", to: "2023-07-31", history))
        #expect(PositionTimeline.holderChanges(from: "2022-08-01", to: "2023-07-31", history) == 2)
        #expect(PositionTimeline.state(on: "2023-06-01", history)?.status == .vacant)
        #expect(!PositionTimeline.wasFilled(from: "2023-08-01", to: "2024-07-31", history))
        #expect(!PositionTimeline.wasFilled(from: "2020-08-01", to: "2021-07-31", [PositionChange(day: "2021-09-01", status: .advertised)]))
        #expect(FTE.hundredths("0,5") == 50 && FTE.hundredths("3.5") == 350 && FTE.hundredths("0") == nil && FTE.hundredths("viel") == nil)
        #expect(FTE.text(350) == "3,5" && FTE.text(100) == "1" && FTE.text(125) == "1,25")
    }

    @Test func theReportTextBecomesEscapedHTMLAndOpenDocument() {
        let document = ReportDocument(markdown: "# Ziele\n\nErster <b>Absatz</b>\nweiter.\n\n- eins\n- zwei\n\n| A | B |\n|---|---|\n| x | < 5 |\n")
        #expect(document.blocks.count == 4)
        let html = document.html()
        #expect(html.contains("<h2>Ziele</h2>") && html.contains("<p>Erster &lt;b&gt;Absatz&lt;/b&gt; weiter.</p>") && html.contains("<li>zwei</li>"))
        #expect(html.contains("<th scope=\"row\">x</th><td>&lt; 5</td>") && !html.contains("<b>"))
        let odt = document.flatODT(title: "Bericht & Co")
        #expect(odt.contains("office:mimetype=\"application/vnd.oasis.opendocument.text\"") && odt.contains("Bericht &amp; Co") && odt.contains("<table:table "))
    }
}
