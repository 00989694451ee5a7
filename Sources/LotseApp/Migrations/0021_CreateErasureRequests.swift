import Fluent

/// Erasure on request (issue 15, Art. 17 GDPR): what a case manager asked, and what the
/// data-protection officer decided.
struct CreateErasureRequests: AsyncMigration {
    var name: String { "2026-11-30-create-erasure-requests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ErasureRequest.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("client_id", .uuid)
            .field("reason", .string, .required)
            .field("requested_by", .uuid, .required, .references(User.schema, "id"))
            .field("requested_on", .string, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid, .references(User.schema, "id"))
            .field("decided_on", .string)
            .field("decision_reason", .string)
            .field("cases_anonymised", .int)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ErasureRequest.schema).delete()
    }
}
