import Fluent
import SQLKit

/// Indexes that answer the busiest counts without reading the table (issue 17, measured on a
/// generated Kreis): the case list's total reads (district, municipality, phase) only; "Heute
/// fällig" counts a case's open actions and unheld reviews up to a day from the index alone
/// (11 ms → 2 ms for the actions of a case manager's towns). Portable `CREATE INDEX`.
struct AddCoveringIndexes: AsyncMigration {
    var name: String { "2026-11-30-add-covering-indexes" }

    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("case_files_scope_phase", CaseFile.schema, ["district_id", "municipality_id", "phase"]),
        ("case_actions_case_status_due", CaseAction.schema, ["case_file_id", "status", "due_on"]),
        ("reviews_case_held_due", Review.schema, ["case_file_id", "held_on", "due_on"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var create = sql.create(index: index.name).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes.reversed() { try await sql.drop(index: index.name).run() }
    }
}
