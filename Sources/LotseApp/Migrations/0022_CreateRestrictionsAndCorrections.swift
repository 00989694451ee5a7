import Fluent
import SQLKit

/// Restriction of processing (Art. 18 GDPR) per case and the history of corrections (Art. 16)
/// per client (issue 15, part 3), each read by its case or client.
struct CreateRestrictionsAndCorrections: AsyncMigration {
    var name: String { "2026-11-30-create-restrictions-and-corrections" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseRestriction.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("sealed_reason", .string, .required)
            .field("restricted_by", .uuid, .required, .references(User.schema, "id"))
            .field("restricted_on", .string, .required)
            .field("lifted_by", .uuid, .references(User.schema, "id"))
            .field("lifted_on", .string)
            .field("sealed_lift_reason", .string)
            .create()
        try await database.schema(ClientCorrection.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("client_id", .uuid, .required)
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("corrected_by", .uuid, .required, .references(User.schema, "id"))
            .field("corrected_at", .datetime, .required)
            .field("sealed_changes", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "case_restrictions_case").on(CaseRestriction.schema).column("case_file_id").run()
        try await sql.create(index: "client_corrections_client").on(ClientCorrection.schema).column("client_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClientCorrection.schema).delete()
        try await database.schema(CaseRestriction.schema).delete()
    }
}
