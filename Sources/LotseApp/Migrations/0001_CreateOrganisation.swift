import Fluent

/// Districts, regions and municipalities.
struct CreateOrganisation: AsyncMigration {
    var name: String { "2026-11-24-create-organisation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(District.schema)
            .id()
            .field("name", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Region.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            // No foreign key: regions and municipalities refer to each other, and SQLite cannot add
            // a constraint afterwards. The organisation service checks it instead.
            .field("parent_municipality_id", .uuid)
            .field("is_active", .bool, .required)
            .create()
        try await database.schema(Municipality.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("region_id", .uuid, .references(Region.schema, "id"))
            .field("name", .string, .required)
            .field("is_active", .bool, .required)
            .unique(on: "district_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).delete()
        try await database.schema(Region.schema).delete()
        try await database.schema(District.schema).delete()
    }
}
