import Fluent
import SQLKit

/// Baustein 3 (issue 16), first part: the immigration and naturalisation offices with their
/// municipalities and staff, and their checklists of requirements in versions.
struct CreateOffices: AsyncMigration {
    var name: String { "2026-11-30-create-offices" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ImmigrationOffice.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("name", .string, .required)
            .field("kinds", .array(of: .string), .required)
            .field("municipality_ids", .array(of: .uuid), .required)
            .field("is_active", .bool, .required)
            .create()
        try await database.schema(OfficeMember.schema).id()
            .field("office_id", .uuid, .required, .references(ImmigrationOffice.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .unique(on: "user_id")
            .create()
        try await database.schema(RequirementChecklist.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("office_id", .uuid, .required, .references(ImmigrationOffice.schema, "id"))
            .field("series_id", .uuid, .required)
            .field("procedure", .string, .required)
            .field("title", .string, .required)
            .field("version", .int, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("is_example", .bool, .required)
            .field("created_by", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "series_id", "version")
            .create()
        try await database.schema(ChecklistItem.schema).id()
            .field("checklist_id", .uuid, .required, .references(RequirementChecklist.schema, "id"))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("legal_source", .string, .required)
            .field("explanation", .string, .required)
            .field("documents", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "requirement_checklists_office").on(RequirementChecklist.schema).column("office_id").run()
        try await sql.create(index: "checklist_items_checklist").on(ChecklistItem.schema).column("checklist_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChecklistItem.schema).delete()
        try await database.schema(RequirementChecklist.schema).delete()
        try await database.schema(OfficeMember.schema).delete()
        try await database.schema(ImmigrationOffice.schema).delete()
    }
}
