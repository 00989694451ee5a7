import Fluent

/// Users, their roles, sessions, API tokens and the failed sign-ins the throttle counts.
struct CreateIdentity: AsyncMigration {
    var name: String { "2026-11-24-create-identity" }

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("totp_secret_sealed", .string)
            .field("totp_last_step", .int64)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(RoleGrantRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("municipality_id", .uuid, .references(Municipality.schema, "id"))
            .create()
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("stage", .string, .required)
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("client_address", .string, .required)
            .field("user_agent", .string, .required)
            .field("pending_totp_sealed", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(APIToken.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SignInFailure.schema)
            .id()
            .field("key", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [SignInFailure.schema, APIToken.schema, UserSession.schema, RoleGrantRecord.schema, User.schema] {
            try await database.schema(schema).delete()
        }
    }
}
