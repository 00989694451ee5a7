import Fluent
import SQLKit

/// Retention (issue 15): the day a case was anonymised, the district's two retention periods
/// (nil: the defaults), the cases the data-protection officer holds back (legal hold) and the
/// record of every run. SQLite adds one column per statement, so each field is its own update.
struct CreateRetention: AsyncMigration {
    var name: String { "2026-11-30-create-retention" }

    func prepare(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, try await !Self.hasErasedOn(on: sql) {
            try await database.schema(CaseFile.schema).field("erased_on", .string).update()
        }
        try await database.schema(DistrictSetting.schema).field("retention_closed_case_months", .int).update()
        try await database.schema(DistrictSetting.schema).field("retention_first_contact_months", .int).update()
        try await database.schema(RetentionHold.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("reason", .string, .required)
            .field("held_by", .uuid, .required, .references(User.schema, "id"))
            .field("held_on", .string, .required)
            .unique(on: "case_file_id")
            .create()
        try await database.schema(RetentionRun.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("ran_at", .datetime, .required)
            .field("trigger", .string, .required)
            .field("cases_anonymised", .int, .required)
            .field("clients_erased", .int, .required)
            .field("cases_held", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RetentionRun.schema).delete()
        try await database.schema(RetentionHold.schema).delete()
        try await database.schema(DistrictSetting.schema).deleteField("retention_first_contact_months").update()
        try await database.schema(DistrictSetting.schema).deleteField("retention_closed_case_months").update()
        // `erased_on` stays, as `record_key` does (0017): the revert of 0014 reads the cases
        // through the model, which knows the column. It goes with its table (0007); a new
        // `prepare` adds it only where it is missing.
    }

    /// Whether `case_files` has `erased_on` already (after a revert of this migration alone).
    static func hasErasedOn(on sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = sql.dialect.name == "postgresql"
            ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: CaseFile.schema)"
            : "SELECT name FROM pragma_table_info(\(bind: CaseFile.schema))"
        return try await sql.raw(query).all().contains { (try? $0.decode(column: "name", as: String.self)) == "erased_on" }
    }
}
