import Fluent
import SQLKit

/// Pre-checks in the case (issue 16, part 3), read by their case.
struct CreatePreChecks: AsyncMigration {
    var name: String { "2026-11-30-create-pre-checks" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PreCheck.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("checklist_id", .uuid, .required, .references(RequirementChecklist.schema, "id"))
            .field("procedure", .string, .required)
            .field("started_on", .string, .required)
            .field("created_by", .uuid, .required, .references(User.schema, "id"))
            .field("updated_at", .datetime, .required)
            .field("sealed_answers", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "pre_checks_case").on(PreCheck.schema).column("case_file_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PreCheck.schema).delete()
    }
}
