import Fluent

/// Texts a district keeps for its annual report (issue 19, part 7), one row per text it set.
struct CreateReportTexts: AsyncMigration {
    var name: String { "2026-12-01-create-report-texts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ReportTextRecord.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .unique(on: "district_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportTextRecord.schema).delete()
    }
}
