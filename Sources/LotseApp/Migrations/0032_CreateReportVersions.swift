import Fluent
import SQLKit

/// Earlier texts of an annual report draft (issue 18, part 1): every edit, regeneration and
/// restore keeps the text it replaces, so that "Neu aus den Daten erzeugen" never destroys writing.
struct CreateReportVersions: AsyncMigration {
    var name: String { "2026-12-01-create-report-versions" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AnnualReportVersion.schema).id()
            .field("report_id", .uuid, .required, .references(AnnualReport.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("cause", .string, .required)
            .field("saved_at", .datetime, .required)
            .field("saved_by", .uuid, .references(User.schema, "id"))
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "annual_report_versions_report").on(AnnualReportVersion.schema).column("report_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AnnualReportVersion.schema).delete()
    }
}
