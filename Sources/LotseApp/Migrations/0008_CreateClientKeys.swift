import Fluent
import Foundation
import LotseCore
import Vapor

struct CreateClientKeys: AsyncMigration {
    var name: String { "2026-11-24-create-client-keys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ClientKey.schema)
            .field("client_id", .uuid, .identifier(auto: false))
            .field("district_id", .uuid, .required)
            .field("wrapped_key", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClientKey.schema).delete()
    }
}
