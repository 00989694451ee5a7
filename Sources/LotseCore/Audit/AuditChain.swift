import Crypto
import Foundation

/// One entry of the audit trail as the chain sees it. It names who did what to which object and
/// with what outcome; it never holds the personal data itself.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    public var occurredAtMilliseconds: Int64
    public var districtID: UUID?
    public var actorID: UUID?
    public var clientAddress: String
    public var requestID: String
    public var action: String
    public var objectType: String?
    public var objectID: String?
    public var outcome: String
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, occurredAtMilliseconds: Int64, districtID: UUID?, actorID: UUID?, clientAddress: String,
                requestID: String, action: String, objectType: String?, objectID: String?, outcome: String,
                previousHash: String, hash: String) {
        self.sequence = sequence
        self.occurredAtMilliseconds = occurredAtMilliseconds
        self.districtID = districtID
        self.actorID = actorID
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.outcome = outcome
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain over the audit trail: every entry carries a keyed hash (HMAC-SHA-256) over its
/// own content and its predecessor's hash. The key comes from the master key, which is not in the
/// database, so someone who can edit the database cannot re-compute the chain after tampering.
public struct AuditChain: Sendable {
    public static let genesis = String(repeating: "0", count: 64)
    private let key: SymmetricKey

    public init(masterKey: MasterKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey.key, info: Data("lotse:audit-chain".utf8), outputByteCount: 32)
    }

    /// Fields joined with a separator that cannot occur in them (unit separator, escaped if present).
    static func canonical(_ record: AuditRecord) -> String {
        let fields: [String] = [
            String(record.sequence), String(record.occurredAtMilliseconds), record.districtID?.uuidString ?? "",
            record.actorID?.uuidString ?? "", record.clientAddress, record.requestID, record.action,
            record.objectType ?? "", record.objectID ?? "", record.outcome, record.previousHash,
        ]
        return fields.map { $0.replacingOccurrences(of: "\u{1F}", with: "\u{1F}\u{1F}") }.joined(separator: "\u{1F}")
    }

    public func hash(of record: AuditRecord) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(Self.canonical(record).utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Fills in `previousHash` and `hash` for the next entry after `previous`.
    public func seal(_ record: AuditRecord, after previousHash: String) -> AuditRecord {
        var sealed = record
        sealed.previousHash = previousHash
        sealed.hash = hash(of: sealed)
        return sealed
    }

    public enum Finding: Equatable, Sendable {
        case intact(entries: Int)
        /// The entry at this position was changed after it was written.
        case altered(position: Int64)
        /// The entry at this position does not belong to the chain: it was added afterwards.
        case inserted(position: Int64)
        /// The entry that belonged at this position is missing.
        case removed(position: Int64)
    }

    /// Checks `records` (sorted by sequence) against the chain and the head the writer kept
    /// (last sequence and hash). Names the first break.
    public func verify(_ records: [AuditRecord], headSequence: Int64, headHash: String) -> Finding {
        var expectedPrevious = Self.genesis
        var expectedSequence: Int64 = 1
        for (index, record) in records.enumerated() {
            let sealedCorrectly = hash(of: record) == record.hash
            let linked = record.previousHash == expectedPrevious
            if sealedCorrectly && linked && record.sequence == expectedSequence {
                expectedPrevious = record.hash
                expectedSequence += 1
                continue
            }
            if sealedCorrectly && !linked {
                // A genuine entry whose predecessor is not the one before it: something between went missing.
                return .removed(position: expectedSequence)
            }
            if sealedCorrectly {
                return .altered(position: record.sequence)
            }
            // Not sealed with our key. If the chain carries on past it, it was slipped in.
            let next = index + 1 < records.count ? records[index + 1] : nil
            if let next, next.previousHash == expectedPrevious {
                return .inserted(position: expectedSequence)
            }
            if next == nil && record.sequence > headSequence {
                return .inserted(position: record.sequence)
            }
            return .altered(position: record.sequence)
        }
        if expectedSequence - 1 < headSequence {
            return .removed(position: expectedSequence)
        }
        if expectedPrevious != headHash && headSequence > 0 {
            return .altered(position: headSequence)
        }
        return .intact(entries: records.count)
    }
}
