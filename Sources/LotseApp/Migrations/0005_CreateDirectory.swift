import Fluent

/// The service directory: providers and their services.
struct CreateDirectory: AsyncMigration {
    var name: String { "2026-11-24-create-directory" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Provider.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("website", .string, .required)
            .field("address", .string, .required)
            .field("municipality_ids", .array(of: .uuid), .required)
            .field("is_active", .bool, .required)
            .create()
        try await database.schema(Service.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("provider_id", .uuid, .required, .references(Provider.schema, "id"))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("life_domains", .array(of: .string), .required)
            .field("legal_domains", .array(of: .string), .required)
            .field("target_groups", .array(of: .string), .required)
            .field("languages", .array(of: .string), .required)
            .field("municipality_ids", .array(of: .uuid), .required)
            .field("location", .string, .required)
            .field("opening_times", .string, .required)
            .field("access_mode", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("last_checked_at", .datetime)
            .field("last_checked_by", .uuid)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Service.schema).delete()
        try await database.schema(Provider.schema).delete()
    }
}
