import Fluent
import Foundation
import LotseCore
import SQLKit

/// Each counted record gets its cell-key share as a column, so that steering figures, annual
/// reports and controlling are counted by the database (`GROUP BY`) instead of loading every row
/// (issue 17). Existing rows get their key here; new rows from `RecordKeyMiddleware`. Without a
/// master key there is nothing to publish, and the column stays empty until a key exists.
struct AddRecordKeys: AsyncMigration {
    let keys: RecordKeys?

    static let tables = [CaseFile.schema, CaseContact.schema, Referral.schema, CaseConference.schema, Finding.schema, BriefContact.schema]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in Self.tables where try await !Self.hasColumn(table, on: sql) {
            try await database.schema(table).field("record_key", .int64).update()
        }
        guard let keys else { return }
        struct Row: Decodable { let id: UUID }
        for table in Self.tables {
            let rows = try await sql.select().column("id").from(table).where("record_key", .is, SQLLiteral.null).all(decoding: Row.self)
            for row in rows {
                try await sql.update(table).set("record_key", to: SQLBind(keys.storedKey(of: row.id))).where("id", .equal, SQLBind(row.id)).run()
            }
        }
    }

    /// Leaves the column in place: earlier migrations' reverts (0014) read these tables through the
    /// models, which know the column, so it must outlive this revert. It goes with its table (0007);
    /// a new `prepare` adds it only where it is missing and fills only empty keys.
    func revert(on database: any Database) async throws {}

    /// Whether `table` has the column already (after a revert of this migration alone).
    static func hasColumn(_ table: String, on sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = sql.dialect.name == "postgresql"
            ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)"
            : "SELECT name FROM pragma_table_info(\(bind: table))"
        return try await sql.raw(query).all().contains { (try? $0.decode(column: "name", as: String.self)) == "record_key" }
    }
}
