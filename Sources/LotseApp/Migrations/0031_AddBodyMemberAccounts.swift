import Fluent

/// A member of a body can be a person with an account (issue 16, part 8): the office staff in the
/// exchange meetings with the coordination, who then read their meetings' papers.
struct AddBodyMemberAccounts: AsyncMigration {
    var name: String { "2026-12-01-add-body-member-accounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(BodyMember.schema).field("user_id", .uuid, .references(User.schema, "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BodyMember.schema).deleteField("user_id").update()
    }
}
