import Fluent
import Foundation
import LotseCore

/// Publishes the counts from case work of one district (DESIGN.md §4.6): the steering overview, the
/// decision papers, the letters to the state, the annual report and the controlling export all
/// count through here, by the records' ids, so that the same records give the same figure
/// everywhere (`CellKeyRule`).
struct FigurePublisher: Sendable {
    let keys: RecordKeys
    let threshold: Int

    static func load(district: UUID, keys: RecordKeys?, on db: any Database) async throws -> FigurePublisher {
        guard let keys else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert; Zahlen aus der Fallarbeit können nicht veröffentlicht werden.")
        }
        return FigurePublisher(keys: keys, threshold: try await DistrictSetting.threshold(of: district, on: db))
    }

    /// One count of the records `ids` (a record counted twice is listed twice). `name` says what
    /// is counted, for the record of a probe run (`FigureLedger`).
    func count(_ ids: [UUID], name: String) -> PublishedCount {
        let published = DisclosureControl.publish(keys.tally(ids), threshold: threshold)
        FigureLedger.current?.note(name: name, ids: ids, published: published, threshold: threshold)
        return published
    }

    /// One count the database made (`RecordTallies`).
    func count(_ counted: Counted, name: String) -> PublishedCount {
        let published = DisclosureControl.publish(counted.tally, threshold: threshold)
        if let ledger = FigureLedger.current {
            ledger.check(name: name, counted: counted, keys: keys)
            ledger.note(name: name, ids: counted.ids, published: published, threshold: threshold)
        }
        return published
    }

    /// The text of one count: "12" or "< 5".
    func text(_ ids: [UUID], name: String) -> String { count(ids, name: name).text(threshold: threshold) }

    /// A table of the records in each cell; totals are published from the records they count.
    func table(_ name: String, rows: [String], columns: [String], cells: [[[UUID]]]) -> PublishedTable {
        table(name, rows: rows, columns: columns, counted: cells.map { $0.map { Counted(tally: keys.tally($0), ids: $0) } })
    }

    /// The same for cells the database counted (`RecordTallies`). `eachRecordOnce`: for a table of
    /// one column whose rows overlap, the records counted once, which its totals count
    /// (`CountTable.eachRecordOnce`).
    func table(_ name: String, rows: [String], columns: [String], counted: [[Counted]], eachRecordOnce: Counted? = nil) -> PublishedTable {
        let table = CountTable(rows: rows, columns: columns, cells: counted.map { $0.map(\.tally) }, eachRecordOnce: eachRecordOnce?.tally)
        let published = DisclosureControl.publish(table, threshold: threshold)
        if let ledger = FigureLedger.current {
            if let eachRecordOnce { ledger.check(name: "\(name) | Summe", counted: eachRecordOnce, keys: keys) }
            let cells = counted.map { $0.map(\.ids) }
            for (r, row) in counted.enumerated() {
                for (c, cell) in row.enumerated() { ledger.check(name: "\(name) | \(rows[r]) | \(columns[c])", counted: cell, keys: keys) }
            }
            for (r, row) in cells.enumerated() {
                for (c, ids) in row.enumerated() { ledger.note(name: "\(name) | \(rows[r]) | \(columns[c])", ids: ids, published: published.cells[r][c], threshold: threshold) }
                ledger.note(name: "\(name) | \(rows[r]) | Summe", ids: row.flatMap { $0 }, published: published.rowTotals[r], threshold: threshold)
            }
            for c in columns.indices {
                ledger.note(name: "\(name) | Summe | \(columns[c])", ids: eachRecordOnce?.ids ?? cells.flatMap { $0[c] },
                            published: published.columnTotals[c], threshold: threshold)
            }
            ledger.note(name: "\(name) | Summe", ids: eachRecordOnce?.ids ?? cells.flatMap { $0.flatMap { $0 } }, published: published.total, threshold: threshold)
        }
        return published
    }
}

/// What was published, with the records behind each figure: kept only while a probe runs
/// (`DisclosureProbeTests`), so that an attacker in the test suite can be given everything a role
/// sees together with the truth it must not learn.
final class FigureLedger: @unchecked Sendable {
    struct Entry: Sendable {
        let name: String
        let ids: [UUID]
        /// The published value, or nil for "< threshold".
        let value: Int?
        let threshold: Int
    }

    @TaskLocal static var current: FigureLedger?

    private let lock = NSLock()
    private var entries: [Entry] = []

    private var mismatches: [String] = []

    /// A figure the database counted must be the tally of its records' keys as Lotse derives them:
    /// a stored key that is missing or wrong would shift figures without anyone noticing.
    func check(name: String, counted: Counted, keys: RecordKeys) {
        guard keys.tally(counted.ids) != counted.tally else { return }
        lock.withLock { mismatches.append(name) }
    }

    /// The figures whose stored keys did not match their records.
    var mismatched: [String] { lock.withLock { mismatches } }

    func note(name: String, ids: [UUID], published: PublishedCount, threshold: Int) {
        let value: Int? = if case .value(let v) = published { v } else { nil }
        lock.withLock { entries.append(Entry(name: name, ids: ids, value: value, threshold: threshold)) }
    }

    var recorded: [Entry] { lock.withLock { entries } }
}
