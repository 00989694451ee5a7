import Fluent
import Foundation
import LotseCore
import SQLKit

/// Reads the trail page by page (plain rows, no model per entry), so verifying needs the same
/// memory for a thousand entries as for millions.
enum AuditTrailReader {
    static let pageSize = 5_000

    private struct Row: Decodable {
        let sequence: Int64
        let occurred_at_ms: Int64
        let district_id: UUID?
        let actor_id: UUID?
        let client_address: String
        let request_id: String
        let action: String
        let object_type: String?
        let object_id: String?
        let outcome: String
        let previous_hash: String
        let hash: String
        let repeats: Int?
    }

    static func verify(on db: any Database, chain: AuditChain, after start: AuditAnchor?, anchors: [AuditAnchor],
                       pageSize: Int = pageSize) async throws -> AuditChain.Finding {
        guard let sql = db as? any SQLDatabase else { throw SetupError(description: "Das Protokoll liegt nicht in einer SQL-Datenbank.") }
        // After a pruning (`AuditPruner`) the chain starts at the last entry deleted, as at an anchor.
        let pruned = try await AuditPruning.latest(on: db)
        let start = [start.map { (sequence: $0.sequence, hash: $0.hash) }, pruned.map { (sequence: $0.upToSequence, hash: $0.lastHash) }]
            .compactMap { $0 }.max { $0.sequence < $1.sequence }
        var verification = AuditChain.Verification(chain: chain, after: start.map { ($0.sequence, $0.hash) },
                                                   anchors: Dictionary(anchors.map { ($0.sequence, $0.hash) }, uniquingKeysWith: { first, _ in first }))
        var last = start?.sequence ?? 0
        while true {
            let rows = try await sql.select().column("*").from(AuditEntry.schema).where("sequence", .greaterThan, last)
                .orderBy("sequence").limit(pageSize).all(decoding: Row.self)
            let records = rows.map {
                AuditRecord(sequence: $0.sequence, occurredAtMilliseconds: $0.occurred_at_ms, districtID: $0.district_id, actorID: $0.actor_id,
                            clientAddress: $0.client_address, requestID: $0.request_id, action: $0.action, objectType: $0.object_type,
                            objectID: $0.object_id, outcome: $0.outcome, previousHash: $0.previous_hash, hash: $0.hash, repeats: $0.repeats ?? 1)
            }
            if let finding = verification.feed(records) { return finding }
            guard let end = records.last?.sequence, records.count == pageSize else { break }
            last = end
        }
        let head = try await AuditChainHead.find(1, on: db)
        return verification.finish(headSequence: head?.lastSequence ?? 0, headHash: head?.lastHash ?? AuditChain.genesis)
    }
}
