import Fluent

/// The anonymous refusals of one address in one minute become one audit entry with their count
/// (issue 14): an anonymous flood must not be a flood of database writes. Nil for every other entry.
/// Adding a column is allowed by the append-only triggers, which guard rows, not the table.
struct AddAuditRepeats: AsyncMigration {
    var name: String { "2026-11-30-add-audit-repeats" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).field("repeats", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).deleteField("repeats").update()
    }
}
