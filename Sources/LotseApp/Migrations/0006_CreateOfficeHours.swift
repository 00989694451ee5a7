import Fluent
import Foundation

struct CreateOfficeHours: AsyncMigration {
    var name: String { "2026-11-24-create-office-hours" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OfficeHours.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("place", .string, .required)
            .field("times", .string, .required)
            .field("languages", .array(of: .string), .required)
            .field("contact", .string, .required)
            .field("is_active", .bool, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficeHours.schema).delete()
    }
}
