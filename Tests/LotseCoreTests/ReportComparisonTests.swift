import Testing
@testable import LotseCore

/// What regenerating a report would keep, replace, lose and add, section by section.
@Suite struct ReportComparisonTests {
    @Test func sectionsAreComparedByHeading() {
        let current = "Vorwort der Koordination.\n\n## Zahlen\n\n| a | 1 |\n\n## Ziele\n\nerreicht\n\n## Ausblick\n\nVon Hand.\n"
        let fresh = "## Zahlen\n\n| a | 2 |\n\n## Ziele\n\nerreicht  \n\n\n## Baustein 3\n\nNeu.\n"
        let sections = ReportComparison.compare(current: current, fresh: fresh)
        #expect(sections == [
            .init(heading: "Einleitung", change: .lost),
            .init(heading: "Zahlen", change: .replaced),
            .init(heading: "Ziele", change: .unchanged),
            .init(heading: "Ausblick", change: .lost),
            .init(heading: "Baustein 3", change: .added),
        ])
        #expect(ReportComparison.changesAnything(current: current, fresh: fresh))
        #expect(!ReportComparison.changesAnything(current: fresh, fresh: fresh + "\n\n"), "blank lines alone change nothing")
    }
}
