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
        // By age group (issue 19, part 5): the client's age when the case was opened, in the district's bands.
        let ageBands = try await DistrictSetting.ageBands(of: district, on: db)
        var byAge = (ageBands.bands + [nil]).map { _ in Counted() }
        for group in try await cases.filtered("opened_on", .greaterThanOrEqual, period.start).filtered("opened_on", .lessThanOrEqual, period.end)
            .grouped(by: "age_at_opening").run() {
            let age = try group.decode("age_at_opening", as: Int?.self)
            let index = age.flatMap { ageBands.band(of: $0) }.flatMap { ageBands.bands.firstIndex(of: $0) } ?? ageBands.bands.count
            byAge[index] += group.counted
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
        let ageColumns = ageBands.bands.map(\.label) + ["Alter nicht erfasst"]
        let ageTable = publisher.table("\(name) Fälle eröffnet nach Altersgruppe", rows: ["Fälle"], columns: ageColumns, counted: [byAge])
        for (index, column) in ageColumns.enumerated() {
            let code = index < ageBands.bands.count
                ? ageBands.bands[index].code.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "+", with: "plus") : "unknown"
            indicators.append(.init(code: "casesOpenedAge_\(code)", label: "eröffnet, Altersgruppe \(column)", value: ageTable.cells[0][index]))
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

    /// The cases open on the period's last day, by the phase they were in then: their last phase
    /// change before the next day began, or their phase today if none is recorded. One query: a
    /// correlated subquery per case (portable, and served by the index on the case's phase events)
    /// grouped by the database, so the cost is one aggregate whatever the period.
    static func phasesAtEnd(of period: ReportingPeriod, district: UUID, phases: [Phase], on db: any Database) async throws -> [Counted] {
        guard let dayAfter = GermanFormat.dayAfter(period.end) else { return phases.map { _ in Counted() } }
        let lastChange = SQLSubquery.select { $0
            .column(SQLColumn("phase", table: "last_change")).from(SQLAlias(SQLIdentifier(PhaseEvent.schema), as: SQLIdentifier("last_change")))
            .where(SQLBinaryExpression(left: SQLColumn("case_file_id", table: "last_change"), op: SQLBinaryOperator.equal,
                                       right: SQLColumn("id", table: CaseFile.schema)))
            .where(SQLBinaryExpression(left: SQLColumn("entered_at", table: "last_change"), op: SQLBinaryOperator.lessThan, right: SQLBind(dayAfter)))
            .orderBy(SQLColumn("entered_at", table: "last_change"), SQLDirection.descending).limit(1)
        }
        let phaseThen = SQLFunction("COALESCE", args: lastChange, SQLColumn("phase", table: CaseFile.schema))
        let open = try RecordTallies(db, table: CaseFile.schema).filtered("district_id", .equal, district)
            .filtered("opened_on", .lessThanOrEqual, period.end)
            .filtered(SQLGroupExpression(SQLBinaryExpression(
                left: SQLBinaryExpression(left: SQLColumn("closed_on", table: CaseFile.schema), op: SQLBinaryOperator.is, right: SQLLiteral.null),
                op: SQLBinaryOperator.or,
                right: SQLBinaryExpression(left: SQLColumn("closed_on", table: CaseFile.schema), op: SQLBinaryOperator.greaterThan, right: SQLBind(period.end)))))
            .grouped(by: phaseThen, as: "phase_then")
        var counted = phases.map { _ in Counted() }
        for group in try await open.run() {
            guard let index = phases.firstIndex(of: try group.decode("phase_then", as: Phase.self)) else { continue }
            counted[index] += group.counted
        }
        return counted
    }
}
