import Fluent
import Foundation
import LotseCore
import SQLKit

/// Counts from case work for a period, for the annual report and the state's controlling. Every
/// count leaves here only through `FigurePublisher`, from the ids of the records it counts: the
/// same cases give the same figure here, on the steering page and in the next period's figures.
struct CaseWorkFigures: Sendable {
    struct Indicator: Sendable {
        let code: String
        let label: String
        let value: PublishedCount
    }

    let indicators: [Indicator]
    let threshold: Int

    static func load(_ desk: ProgrammeDesk, _ period: ReportingPeriod) async throws -> CaseWorkFigures {
        let db = desk.db
        let district = desk.scope.districtID
        let publisher = try await desk.figurePublisher()
        let cases = try RecordTallies(db, table: CaseFile.schema).filtered("district_id", .equal, district)
        var levels = [Counted(), Counted()]
        for group in try await cases.filtered("opened_on", .greaterThanOrEqual, period.start).filtered("opened_on", .lessThanOrEqual, period.end)
            .grouped(by: "access_channel").run() {
            levels[try group.decode("access_channel", as: AccessChannel.self).level == .one ? 0 : 1] += group.counted
        }
        let closed = try await cases.filtered("closed_on", .greaterThanOrEqual, period.start).filtered("closed_on", .lessThanOrEqual, period.end).total()
        let openPhases = Phase.allCases.filter { $0 != .closed }
        let inPhase = try await phasesAtEnd(of: period, district: district, phases: openPhases, on: db)
        func inPeriod(_ table: String, _ day: String, district column: String = "district_id") async throws -> Counted {
            try await RecordTallies(db, table: table).filtered(column, .equal, district)
                .filtered(day, .greaterThanOrEqual, period.start).filtered(day, .lessThanOrEqual, period.end).total()
        }
        let contacts = try await RecordTallies(db, table: CaseContact.schema)
            .joining(CaseFile.schema, on: SQLBinaryExpression(left: SQLColumn("case_file_id", table: CaseContact.schema), op: SQLBinaryOperator.equal,
                                                              right: SQLColumn("id", table: CaseFile.schema)))
            .filtered(SQLBinaryExpression(left: SQLColumn("district_id", table: CaseFile.schema), op: SQLBinaryOperator.equal, right: SQLBind(district)))
            .filtered("contact_on", .greaterThanOrEqual, period.start).filtered("contact_on", .lessThanOrEqual, period.end).total()
        let name = "\(period.label) |"
        let accessTable = publisher.table("\(name) Fälle eröffnet", rows: ["Fälle"], columns: ["Ebene 1", "Ebene 2"], counted: [levels])
        let phaseTable = publisher.table("\(name) Fälle offen am Ende", rows: ["Fälle"], columns: openPhases.map(\.germanName), counted: [inPhase])
        var indicators: [Indicator] = [
            .init(code: "casesOpened", label: "Fälle eröffnet", value: accessTable.rowTotals[0]),
            .init(code: "casesOpenedLevel1", label: "davon Zugang Ebene 1 (direkt)", value: accessTable.cells[0][0]),
            .init(code: "casesOpenedLevel2", label: "davon Zugang Ebene 2 (über eine Stelle)", value: accessTable.cells[0][1]),
            .init(code: "casesClosed", label: "Fälle abgeschlossen", value: publisher.count(closed, name: "\(name) Fälle abgeschlossen")),
            .init(code: "casesOpenAtEnd", label: "Fälle offen am Ende des Zeitraums", value: phaseTable.rowTotals[0]),
        ]
        for (index, phase) in openPhases.enumerated() {
            indicators.append(.init(code: "casesInPhase_\(phase.rawValue)", label: "davon in Phase „\(phase.germanName)“", value: phaseTable.cells[0][index]))
        }
        indicators += [
            .init(code: "briefContacts", label: "Kurzkontakte", value: publisher.count(try await inPeriod(BriefContact.schema, "contact_on"), name: "\(name) Kurzkontakte")),
            .init(code: "consultations", label: "Beratungskontakte in Fällen", value: publisher.count(contacts, name: "\(name) Beratungskontakte")),
            .init(code: "referrals", label: "Verweisungen", value: publisher.count(try await inPeriod(Referral.schema, "referred_on"), name: "\(name) Verweisungen")),
            .init(code: "caseConferences", label: "Fallkonferenzen", value: publisher.count(try await inPeriod(CaseConference.schema, "held_on"), name: "\(name) Fallkonferenzen")),
            .init(code: "findings", label: "strukturelle Erkenntnisse", value: publisher.count(try await inPeriod(Finding.schema, "reported_on"), name: "\(name) Erkenntnisse")),
        ]
        return CaseWorkFigures(indicators: indicators, threshold: publisher.threshold)
    }

    func value(_ code: String) -> PublishedCount? { indicators.first { $0.code == code }?.value }

    /// The cases open on the period's last day, by the phase they were in then (their last phase
    /// change up to that day). Reads three small columns of those cases and their phase changes;
    /// the history of phases cannot be grouped in portable SQL.
    static func phasesAtEnd(of period: ReportingPeriod, district: UUID, phases: [Phase], on db: any Database) async throws -> [Counted] {
        guard let sql = db as? any SQLDatabase else { return phases.map { _ in Counted() } }
        struct OpenCase: Decodable { let id: UUID; let phase: Phase; let record_key: Int64? }
        struct Change: Decodable { let case_file_id: UUID; let phase: Phase; let entered_at: Date }
        let open = try await sql.select().column("id").column("phase").column("record_key").from(CaseFile.schema)
            .where("district_id", .equal, district).where("opened_on", .lessThanOrEqual, period.end)
            .where(group: { $0.where("closed_on", .is, SQLLiteral.null).orWhere("closed_on", .greaterThan, period.end) })
            .all(decoding: OpenCase.self)
        var lastPhase: [UUID: Phase] = [:]
        for start in stride(from: 0, to: open.count, by: 5_000) {
            let ids = open[start..<min(start + 5_000, open.count)].map(\.id)
            let changes = try await sql.select().column("case_file_id").column("phase").column("entered_at").from(PhaseEvent.schema)
                .where("case_file_id", .in, ids).orderBy("entered_at").all(decoding: Change.self)
            for change in changes where GermanFormat.isoDay(change.entered_at) <= period.end { lastPhase[change.case_file_id] = change.phase }
        }
        let recording = FigureLedger.current != nil
        var counted = phases.map { _ in Counted() }
        for file in open {
            guard let index = phases.firstIndex(of: lastPhase[file.id] ?? file.phase) else { continue }
            counted[index] += Counted(tally: Tally(count: 1, storedKeySum: file.record_key ?? 0), ids: recording ? [file.id] : [])
        }
        return counted
    }
}
