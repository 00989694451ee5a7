import Fluent

/// The retention period of the audit trail (issue 15): a district setting, and the record of each
/// pruning of the trail's oldest entries, from which the rest of the chain is verified.
struct AddAuditRetention: AsyncMigration {
    var name: String { "2026-11-30-add-audit-retention" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DistrictSetting.schema).field("retention_audit_months", .int).update()
        try await database.schema(AuditPruning.schema).id()
            .field("pruned_at", .datetime, .required)
            .field("cutoff_day", .string, .required)
            .field("up_to_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .field("entries", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditPruning.schema).delete()
        try await database.schema(DistrictSetting.schema).deleteField("retention_audit_months").update()
    }
}
