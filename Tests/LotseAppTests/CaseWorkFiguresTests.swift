import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// "Open at the end of the period, by phase" is counted by the database (issue 17): a case counts in
/// the phase of its last change before the day after the period's end, in Berlin time.
@Suite struct CaseWorkFiguresTests {
    @Test func aCaseCountsInThePhaseItWasInAtThePeriodsEnd() async throws {
        try await withLotse { context in
            let f = context.fixture
            let desk = context.caseDesk()
            let period = ReportingPeriod(kind: .calendarYear, startYear: 2025)
            var files: [CaseFile] = []
            for _ in 0..<5 {
                let opened = try await desk.openCase(.init(municipalityID: f.municipalityA1, openedOn: period.start, accessChannel: .walkIn, lifeDomains: [.work]))
                files.append(try #require(try await CaseFile.find(opened.id, on: context.app.db)))
            }
            let ids = files.compactMap(\.id)
            try await PhaseEvent.query(on: context.app.db).filter(\.$caseFileID ~~ ids).delete()
            let endOfYear = try #require(GermanFormat.dayAfter(period.end))
            func event(_ file: Int, _ phase: Phase, _ seconds: TimeInterval) async throws {
                let event = PhaseEvent()
                event.caseFileID = ids[file]
                event.phase = phase
                event.enteredAt = endOfYear.addingTimeInterval(seconds)
                try await event.create(on: context.app.db)
            }
            // 0: assessment at 23:59 Berlin on the last day, goal agreement a minute after: assessment.
            try await event(0, .intake, -86_000)
            try await event(0, .assessment, -60)
            try await event(0, .goalAgreement, 60)
            // 1: monitoring since the summer, still monitoring.
            try await event(1, .monitoring, -180 * 86_400)
            // 2: no change before the end: counted in the phase it has today.
            files[2].phase = .serviceLinking
            try await files[2].save(on: context.app.db)
            try await event(2, .assessment, 3_600)
            // 3: closed within the period: not open at its end.
            files[3].closedOn = "2025-06-30"
            files[3].phase = .closed
            try await files[3].save(on: context.app.db)
            // 4: opened after the period: not counted.
            files[4].openedOn = "2026-01-01"
            try await files[4].save(on: context.app.db)

            let phases = Phase.allCases.filter { $0 != .closed }
            let counted = try await CaseWorkFigures.phasesAtEnd(of: period, district: f.districtA, phases: phases, on: context.app.db)
            let counts = Dictionary(uniqueKeysWithValues: zip(phases, counted.map(\.tally.count)))
            #expect(counts == [.intake: 0, .assessment: 1, .goalAgreement: 0, .serviceLinking: 1, .monitoring: 1])
            let keys = try #require(context.app.lotse.recordKeys)
            #expect(counted.reduce(Counted(), +).tally == keys.tally([ids[0], ids[1], ids[2]]), "the database's key sum is the records' keys")

            // While a probe records, the same query names the records behind each cell.
            let ledger = FigureLedger()
            let recorded = try await FigureLedger.$current.withValue(ledger) {
                try await CaseWorkFigures.phasesAtEnd(of: period, district: f.districtA, phases: phases, on: context.app.db)
            }
            #expect(recorded.map(\.ids) == [[], [ids[0]], [], [ids[2]], [ids[1]]])
        }
    }
}
