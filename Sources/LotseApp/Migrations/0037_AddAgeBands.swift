import Fluent
import SQLKit

/// Age groups (issue 19, part 5): the district's bands, the age a client had when the case was
/// opened (a statistical fact like the phase: it stays when the case is anonymised, and only the
/// disclosure control publishes counts of it), and the bands a body such as a working group serves.
struct AddAgeBands: AsyncMigration {
    var name: String { "2026-12-01-add-age-bands" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DistrictSetting.schema).field("age_band_bounds", .array(of: .int)).update()
        if let sql = database as? any SQLDatabase, try await Self.casesHaveAge(on: sql) {
            // Kept by an earlier revert (see there).
        } else {
            try await database.schema(CaseFile.schema).field("age_at_opening", .int).update()
        }
        try await database.schema(Body.schema).field("age_bands", .array(of: .string)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Body.schema).deleteField("age_bands").update()
        try await database.schema(DistrictSetting.schema).deleteField("age_band_bounds").update()
        // `age_at_opening` stays, as `record_key` (0017) and `erased_on` (0020) do: the revert of
        // 0014 reads the cases through the model, which knows the column. It goes with its table (0007).
    }

    static func casesHaveAge(on sql: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = sql.dialect.name == "postgresql"
            ? "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: CaseFile.schema)"
            : "SELECT name FROM pragma_table_info(\(bind: CaseFile.schema))"
        return try await sql.raw(query).all().contains { (try? $0.decode(column: "name", as: String.self)) == "age_at_opening" }
    }
}
