import Fluent
import Foundation

struct CreateRoleGrantRequests: AsyncMigration {
    var name: String { "2026-11-30-create-role-grant-requests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RoleGrantRequest.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("role", .string, .required)
            .field("municipality_ids", .array(of: .uuid), .required)
            .field("requested_by", .uuid, .required, .references(User.schema, "id"))
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid, .references(User.schema, "id"))
            .field("decided_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleGrantRequest.schema).delete()
    }
}
