import Fluent
import SQLKit

/// Access requests (issue 15, part 2, Art. 15 GDPR), and the index the access export needs to find
/// the audit entries about a person's referrals and conferences (who received what, and when)
/// without reading the whole trail.
struct CreateAccessRequests: AsyncMigration {
    var name: String { "2026-11-30-create-access-requests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccessRequest.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("received_on", .string, .required)
            .field("deadline", .string, .required)
            .field("recorded_by", .uuid, .required, .references(User.schema, "id"))
            .field("fulfilled_on", .string)
            .field("fulfilled_by", .uuid, .references(User.schema, "id"))
            .field("delivery", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "access_requests_case").on(AccessRequest.schema).column("case_file_id").run()
        try await sql.create(index: "audit_entries_object").on(AuditEntry.schema).column("object_id").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "audit_entries_object").run() }
        try await database.schema(AccessRequest.schema).delete()
    }
}
