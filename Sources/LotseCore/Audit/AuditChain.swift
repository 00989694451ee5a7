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
    /// How many identical events the entry stands for: 1, or more for the anonymous refusals of
    /// one address in one minute, recorded as one entry (issue 14).
    public var repeats: Int

    public init(sequence: Int64, occurredAtMilliseconds: Int64, districtID: UUID?, actorID: UUID?, clientAddress: String,
                requestID: String, action: String, objectType: String?, objectID: String?, outcome: String,
                previousHash: String, hash: String, repeats: Int = 1) {
        self.repeats = repeats
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
        ] + (record.repeats == 1 ? [] : ["repeats=\(record.repeats)"])  // entries of one event hash as before
        // Most fields hold no separator; NSString's replacing for each of them showed in every request.
        return fields.map { $0.contains("\u{1F}") ? $0.replacingOccurrences(of: "\u{1F}", with: "\u{1F}\u{1F}") : $0 }.joined(separator: "\u{1F}")
    }

    public func hash(of record: AuditRecord) -> String {
        Digits.hex(HMAC<SHA256>.authenticationCode(for: Data(Self.canonical(record).utf8), using: key))
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
        /// The chain holds together, but the entry at this position is not the one an anchor
        /// recorded: the history up to there was written anew (by someone holding the key).
        case contradictsAnchor(position: Int64)
    }

    /// Checks `records` (sorted by sequence) against the chain and the head the writer kept
    /// (last sequence and hash). Names the first break.
    public func verify(_ records: [AuditRecord], headSequence: Int64, headHash: String) -> Finding {
        var verification = Verification(chain: self)
        return verification.feed(records) ?? verification.finish(headSequence: headSequence, headHash: headHash)
    }

    /// The same check, fed page by page, so a trail of any length is verified in constant memory
    /// (`lotse audit verify`). It may start after an anchor (its sequence and hash, trusted), and
    /// holds the entries at anchored positions to the anchored hashes.
    public struct Verification: Sendable {
        let chain: AuditChain
        var expectedPrevious: String
        var expectedSequence: Int64
        /// An entry not sealed with our key, kept until the next one shows whether it was slipped
        /// in (the chain carries on past it) or changed.
        var suspect: AuditRecord?
        var anchors: [Int64: String]
        public private(set) var checked = 0

        public init(chain: AuditChain, after start: (sequence: Int64, hash: String)? = nil, anchors: [Int64: String] = [:]) {
            self.chain = chain
            expectedPrevious = start?.hash ?? AuditChain.genesis
            expectedSequence = (start?.sequence ?? 0) + 1
            self.anchors = anchors
        }

        /// The next entries in sequence order; a finding as soon as the chain breaks.
        public mutating func feed(_ records: [AuditRecord]) -> Finding? {
            for record in records {
                if let suspect {
                    return record.previousHash == expectedPrevious ? .inserted(position: expectedSequence) : .altered(position: suspect.sequence)
                }
                let sealedCorrectly = chain.hash(of: record) == record.hash
                let linked = record.previousHash == expectedPrevious
                if sealedCorrectly && linked && record.sequence == expectedSequence {
                    if let anchored = anchors[record.sequence], anchored != record.hash { return .contradictsAnchor(position: record.sequence) }
                    expectedPrevious = record.hash
                    expectedSequence += 1
                    checked += 1
                    continue
                }
                if sealedCorrectly && !linked {
                    // A genuine entry whose predecessor is not the one before it: something between went missing.
                    return .removed(position: expectedSequence)
                }
                if sealedCorrectly { return .altered(position: record.sequence) }
                suspect = record
            }
            return nil
        }

        /// After the last entry: the head the writer kept must be where the chain ended, and no
        /// anchor may lie beyond it.
        public func finish(headSequence: Int64, headHash: String) -> Finding {
            if let suspect {
                return suspect.sequence > headSequence ? .inserted(position: suspect.sequence) : .altered(position: suspect.sequence)
            }
            if expectedSequence - 1 < headSequence { return .removed(position: expectedSequence) }
            if expectedPrevious != headHash && headSequence > 0 { return .altered(position: headSequence) }
            if let beyond = anchors.keys.filter({ $0 >= expectedSequence }).min() { return .removed(position: beyond) }
            return .intact(entries: checked)
        }
    }
}
