import Fluent
import LotseCore
import SQLKit

/// The audit trail, its chain head (one row, the genesis), and triggers that refuse UPDATE and
/// DELETE on entries. Triggers are dialect-specific SQL, hence behind a dialect check.
struct CreateAuditTrail: AsyncMigration {
    var name: String { "2026-11-24-create-audit-trail" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("occurred_at_ms", .int64, .required)
            .field("district_id", .uuid)
            .field("actor_id", .uuid)
            .field("client_address", .string, .required)
            .field("request_id", .string, .required)
            .field("action", .string, .required)
            .field("object_type", .string)
            .field("object_id", .string)
            .field("outcome", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await database.schema(AuditChainHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await AuditChainHead(id: 1, lastSequence: 0, lastHash: AuditChain.genesis).create(on: database)
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_entries_district_time").on(AuditEntry.schema).column("district_id").column("occurred_at_ms").run()
        switch sql.dialect.name {
        case "sqlite":
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER audit_entries_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                    """).run()
            }
        case "postgresql":
            try await sql.raw("""
                CREATE FUNCTION lotse_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only()
                """).run()
        default:
            break
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditChainHead.schema).delete()
        try await database.schema(AuditEntry.schema).delete()
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS lotse_audit_append_only()").run()
        }
    }
}
