import Fluent
import Foundation
import LotseCore
import SQLKit

/// One pruning of the audit trail's oldest entries (issue 15): up to which entry, and the hash of
/// that entry, from which the verification of the remaining chain starts.
final class AuditPruning: Model, @unchecked Sendable {
    static let schema = "audit_prunings"
    var properties: [any AnyProperty] { [$id, $prunedAt, $cutoffDay, $upToSequence, $lastHash, $entries] }

    @ID(key: .id) var id: UUID?
    @Field(key: "pruned_at") var prunedAt: Date
    @Field(key: "cutoff_day") var cutoffDay: String
    @Field(key: "up_to_sequence") var upToSequence: Int64
    @Field(key: "last_hash") var lastHash: String
    @Field(key: "entries") var entries: Int

    init() {}

    static func latest(on db: any Database) async throws -> AuditPruning? {
        try await AuditPruning.query(on: db).sort(\.$upToSequence, .descending).first()
    }
}

/// Deletes the entries of the audit trail older than the retention period. The trail is one hash
/// chain for the installation, so only a prefix can go: every entry up to the last one written on
/// or before the cutoff day, and nothing after the first younger entry. The hash of the last
/// deleted entry is kept (`AuditPruning`), so the rest of the chain is verified from there on, as
/// from an anchor. Entries are append-only (a trigger refuses UPDATE and DELETE); the deletion sets
/// the trigger aside inside the one transaction that deletes, and puts it back before committing.
struct AuditPruner: Sendable {
    let db: any Database
    let audit: AuditContext
    let now: Date

    @discardableResult
    func prune(olderThanMonths months: Int) async throws -> AuditPruning? {
        let cutoffDay = RetentionRule.day(GermanFormat.isoDay(now), minusMonths: months)
        guard let end = GermanFormat.day(RetentionRule.day(cutoffDay, plus: 1)) else { return nil }
        let endMilliseconds = Int64((end.timeIntervalSince1970 * 1000).rounded())
        let upTo: Int64
        if let firstKept = try await AuditEntry.query(on: db).filter(\.$occurredAtMilliseconds >= endMilliseconds).sort(\.$sequence).first() {
            upTo = firstKept.sequence - 1
        } else {
            upTo = try await AuditChainHead.find(1, on: db)?.lastSequence ?? 0
        }
        let before = try await AuditPruning.latest(on: db)?.upToSequence ?? 0
        guard upTo > before, let last = try await AuditEntry.query(on: db).filter(\.$sequence == upTo).first() else { return nil }
        let pruning = AuditPruning()
        (pruning.prunedAt, pruning.cutoffDay, pruning.upToSequence, pruning.lastHash) = (now, cutoffDay, upTo, last.hash)
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            pruning.entries = try await AuditEntry.query(on: db).filter(\.$sequence <= upTo).count()
            try await Self.withoutAppendOnlyTrigger(sql) {
                try await sql.delete(from: AuditEntry.schema).where("sequence", .lessThanOrEqual, upTo).run()
            }
            try await pruning.create(on: db)
        }
        try await audit.record(.auditPruned, object: (AuditPruning.schema, pruning.id), on: db)
        return pruning
    }

    /// The same trigger as migration 0004 created, set aside for `work` only.
    private static func withoutAppendOnlyTrigger(_ sql: any SQLDatabase, _ work: () async throws -> Void) async throws {
        switch sql.dialect.name {
        case "sqlite":
            try await sql.raw("DROP TRIGGER audit_entries_no_delete").run()
            try await work()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                """).run()
        case "postgresql":
            try await sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only").run()
            try await work()
            try await sql.raw("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only").run()
        default:
            try await work()
        }
    }
}
