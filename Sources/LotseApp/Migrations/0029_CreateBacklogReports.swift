import Fluent

/// The offices' monthly backlog figures per procedure (issue 16, part 5): counts only.
struct CreateBacklogReports: AsyncMigration {
    var name: String { "2026-12-01-create-backlog-reports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BacklogReport.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("office_id", .uuid, .required, .references(ImmigrationOffice.schema, "id"))
            .field("month", .string, .required)
            .field("procedure", .string, .required)
            .field("received", .int, .required)
            .field("granted", .int, .required)
            .field("refused", .int, .required)
            .field("withdrawn", .int, .required)
            .field("pending", .int, .required)
            .field("pending_over_three", .int, .required)
            .field("pending_over_six", .int, .required)
            .field("recorded_by", .uuid, .required, .references(User.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "office_id", "month", "procedure")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BacklogReport.schema).delete()
    }
}
