import Fluent
import Foundation
import LotseCore
import SQLKit

/// The records behind one published figure: their tally (count and cell key), and their ids when a
/// probe records what was published (`FigureLedger`), never otherwise.
struct Counted: Sendable {
    var tally = Tally()
    var ids: [UUID] = []

    static func + (left: Counted, right: Counted) -> Counted {
        Counted(tally: left.tally + right.tally, ids: left.ids + right.ids)
    }

    static func += (left: inout Counted, right: Counted) { left = left + right }
}

/// Counts records in the database: one `SELECT …, COUNT(*), SUM(record_key) … GROUP BY …`, so a
/// figure costs one aggregate query whatever the district's size (issue 17). While a probe records
/// (`FigureLedger`), the same query returns the rows themselves instead, and each row counts alone
/// with its id and stored key: the probe then checks every published figure against its records.
struct RecordTallies {
    let sql: any SQLDatabase
    /// The table counted; its `record_key` and `id` are what is summed and listed.
    let table: String
    /// The columns a figure's cell depends on; the caller reads them from each result's row.
    var groups: [String] = []
    /// Computed cells (e.g. a case's phase on a past day): each selected under its alias and grouped by it.
    var computedGroups: [(expression: any SQLExpression, alias: String)] = []
    var joins: [(table: String, on: any SQLExpression)] = []
    var conditions: [any SQLExpression] = []

    struct Group {
        let row: any SQLRow
        let counted: Counted

        func decode<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
            try row.decode(column: column, as: T.self)
        }
    }

    init(_ db: any Database, table: String) throws {
        guard let sql = db as? any SQLDatabase else {
            throw PublicError(status: .internalServerError, reason: "Zahlen aus der Fallarbeit brauchen eine SQL-Datenbank.")
        }
        self.sql = sql
        self.table = table
    }

    func grouped(by columns: String...) -> RecordTallies {
        var copy = self
        copy.groups += columns
        return copy
    }

    func grouped(by expression: any SQLExpression, as alias: String) -> RecordTallies {
        var copy = self
        copy.computedGroups.append((expression, alias))
        return copy
    }

    func joining(_ other: String, on condition: any SQLExpression) -> RecordTallies {
        var copy = self
        copy.joins.append((other, condition))
        return copy
    }

    func filtered(_ condition: any SQLExpression) -> RecordTallies {
        var copy = self
        copy.conditions.append(condition)
        return copy
    }

    /// `column` of the counted table compared with a bound value.
    func filtered(_ column: String, _ op: SQLBinaryOperator, _ value: some Encodable & Sendable) -> RecordTallies {
        filtered(SQLBinaryExpression(left: SQLColumn(column, table: table), op: op, right: SQLBind(value)))
    }

    func run() async throws -> [Group] {
        let recording = FigureLedger.current != nil
        var select = sql.select().from(table)
        for group in groups { select = select.column(SQLColumn(group, table: table)) }
        for group in computedGroups { select = select.column(SQLAlias(group.expression, as: SQLIdentifier(group.alias))) }
        for join in joins { select = select.join(join.table, on: join.on) }
        for condition in conditions { select = select.where(condition) }
        if recording {
            struct Record: Decodable { let id: UUID; let record_key: Int64? }
            select = select.column(SQLColumn("id", table: table)).column(SQLColumn("record_key", table: table))
            return try await select.all().map { row in
                let record = try row.decode(model: Record.self)
                return Group(row: row, counted: Counted(tally: Tally(count: 1, storedKeySum: record.record_key ?? 0), ids: [record.id]))
            }
        }
        select = select.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "record_count")
            .column(SQLFunction("CAST", args: SQLAlias(SQLFunction("SUM", args: SQLColumn("record_key", table: table)), as: SQLRaw("BIGINT"))), as: "key_sum")
        for group in groups { select = select.groupBy(SQLColumn(group, table: table)) }
        for group in computedGroups { select = select.groupBy(SQLIdentifier(group.alias)) }
        return try await select.all().map { row in
            Group(row: row, counted: Counted(tally: Tally(count: try row.decode(column: "record_count", as: Int.self),
                                                          storedKeySum: try row.decode(column: "key_sum", as: Int64?.self) ?? 0)))
        }
    }

    /// All matching records as one count.
    func total() async throws -> Counted {
        try await run().reduce(Counted()) { $0 + $1.counted }
    }
}
