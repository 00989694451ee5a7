import Fluent

/// The earliest review day of a pre-check's requirements not yet met (issue 16), unsealed like the
/// days of reviews and actions, so "Heute fällig" finds it without opening any client's key.
struct AddPreCheckDueDay: AsyncMigration {
    var name: String { "2026-11-30-add-pre-check-due-day" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PreCheck.schema).field("due_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PreCheck.schema).deleteField("due_on").update()
    }
}
