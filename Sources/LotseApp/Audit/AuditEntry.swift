import Fluent
import Foundation
import LotseCore

/// A stored audit entry. Written once, never updated or deleted by the application (and on both
/// databases a trigger refuses it). Holds ids and codes, never personal data.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"
    var properties: [any AnyProperty] { [$id, $sequence, $occurredAtMilliseconds, $districtID, $actorID, $clientAddress, $requestID, $action, $objectType, $objectID, $outcome, $previousHash, $hash, $repeats] }

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "occurred_at_ms") var occurredAtMilliseconds: Int64
    @OptionalField(key: "district_id") var districtID: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "request_id") var requestID: String
    @Field(key: "action") var action: String
    @OptionalField(key: "object_type") var objectType: String?
    @OptionalField(key: "object_id") var objectID: String?
    @Field(key: "outcome") var outcome: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    /// Nil for an entry of one event; the count for a summary of repeated anonymous refusals.
    @OptionalField(key: "repeats") var repeats: Int?

    init() {}

    init(_ record: AuditRecord) {
        repeats = record.repeats == 1 ? nil : record.repeats
        sequence = record.sequence
        occurredAtMilliseconds = record.occurredAtMilliseconds
        districtID = record.districtID
        actorID = record.actorID
        clientAddress = record.clientAddress
        requestID = record.requestID
        action = record.action
        objectType = record.objectType
        objectID = record.objectID
        outcome = record.outcome
        previousHash = record.previousHash
        hash = record.hash
    }

    var record: AuditRecord {
        AuditRecord(sequence: sequence, occurredAtMilliseconds: occurredAtMilliseconds, districtID: districtID, actorID: actorID,
                    clientAddress: clientAddress, requestID: requestID, action: action, objectType: objectType, objectID: objectID,
                    outcome: outcome, previousHash: previousHash, hash: hash, repeats: repeats ?? 1)
    }

    var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMilliseconds) / 1000) }
}

/// The end of the chain: the last sequence number and hash written. Updating it first in every
/// audit write serialises writers on both databases (SQLite's write lock, PostgreSQL's row lock).
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"
    var properties: [any AnyProperty] { [$id, $lastSequence, $lastHash] }

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_sequence") var lastSequence: Int64
    @Field(key: "last_hash") var lastHash: String

    init() {}

    init(id: Int, lastSequence: Int64, lastHash: String) {
        self.id = id
        self.lastSequence = lastSequence
        self.lastHash = lastHash
    }
}
