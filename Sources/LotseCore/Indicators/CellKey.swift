import Crypto
import Foundation

/// The secret, permanent key of every counted record (a case, a contact, a referral, a finding …):
/// a keyed hash of its id, read as a number between 0 and 1 (in units of 2⁻⁶⁴). The key is derived
/// from the master key, so nobody without it can work out a record's key, and it never changes, so
/// the same records always give the same cell key (DESIGN.md §4.6, the cell-key method). The key
/// is stored beside its record (`record_key`) so the database can add keys up: whoever can read the
/// database reads the true counts anyway; readers of published figures never see a key.
public struct RecordKeys: Sendable {
    private let key: SymmetricKey

    public init(masterKey: MasterKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey.key, info: Data("lotse:record-keys".utf8), outputByteCount: 32)
    }

    /// The record's key as it is stored beside the record (`record_key`), 0 ..< 2³²: small enough
    /// that the database can add up the keys of a whole table (`SUM`) without overflow.
    public func storedKey(of id: UUID) -> Int64 {
        let mac = HMAC<SHA256>.authenticationCode(for: withUnsafeBytes(of: id.uuid) { Data($0) }, using: key)
        return Data(mac).prefix(4).reduce(0) { $0 << 8 | Int64($1) }
    }

    /// The key in the cell-key arithmetic: the stored key in the upper half of a `UInt64`, so that
    /// a sum modulo 2⁶⁴ of these equals the database's sum of stored keys modulo 2³², shifted.
    public func key(of id: UUID) -> UInt64 { UInt64(storedKey(of: id)) << 32 }

    /// The records a count counts, as the count and its cell key.
    public func tally(_ ids: some Sequence<UUID>) -> Tally {
        var tally = Tally()
        for id in ids { tally.add(key(of: id)) }
        return tally
    }
}

/// A count together with its cell key: the sum of its records' keys, modulo 1 (a `UInt64` that
/// wraps around). A record counted twice (a case in two life domains of one table) adds twice.
public struct Tally: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var cellKey: UInt64 = 0

    public init() {}

    public init(count: Int, cellKey: UInt64) {
        self.count = count
        self.cellKey = count == 0 ? 0 : cellKey
    }

    /// A count and the database's sum of its records' stored keys (`RecordKeys.storedKey`).
    public init(count: Int, storedKeySum: Int64) {
        self.init(count: count, cellKey: UInt64(truncatingIfNeeded: storedKeySum) << 32)
    }

    public mutating func add(_ recordKey: UInt64) {
        count += 1
        cellKey &+= recordKey
    }

    /// The tally of both sets of records together (a total).
    public static func + (left: Tally, right: Tally) -> Tally {
        Tally(count: left.count + right.count, cellKey: left.cellKey &+ right.cellKey)
    }
}

/// The perturbation rule: how a true count becomes the published one, given its cell key.
///
/// - No record, no change: 0 stays 0. 1 and 2 are never published.
/// - Most keys (98 in 100) move a count by at most 2 (from 6 upwards: 0 with half of the keys,
///   ±1 with a fifth each, ±2 with a twentieth each; below 6 by the table in `bulk`).
/// - The lowest 1 in 100 keys adds 3 (a single record becomes 3 or 4); the highest 1 in 100
///   subtracts 3 where the result can be published (0 or at least 3).
///
/// Why the largest steps sit at the two ends of the keys: a reader who knows the rule knows each
/// true value only to within `possibleTruths(published:)`, and a true value is at an end of that
/// range only with a key among the lowest (lower end, or no record at all: key 0) or the highest
/// 1 in 100 (upper end). To pin a count, the best combination of published figures (totals, the
/// same cases in two tables, open at start + opened − closed = open at end; by LP duality a
/// combination with whole-number weights counting the same records on both sides) must hold only
/// figures whose truth sits at an end of its range, those at upper ends on one side and those at
/// lower ends on the other. Both sides sum the same records' keys, so their cell keys agree modulo
/// 1; but keys near 1 on one side sum to just under a whole number and keys near 0 on the other to
/// just over one, which cannot agree while the weights add up to fewer than 100. So no combination
/// of fewer than 100 figures pins a count. `tests/disclosure` runs that attacker with linear
/// programming on everything a steering group and the state see.
public enum CellKeyRule {
    public static let maxDeviation = 3
    /// Keys below this take the largest step up, keys above `UInt64.max - extremeBound` the largest
    /// step down: 1 in 100 at each end.
    public static let extremeBound = UInt64.max / 100

    /// The published value of `tally` (before the threshold of the display).
    public static func perturb(_ tally: Tally) -> Int {
        let n = tally.count
        guard n > 0 else { return 0 }
        let key = tally.cellKey
        if key < extremeBound {
            // The largest step up; a single record splits its low keys between 3 and 4.
            return n == 1 ? (key < extremeBound / 2 ? 3 : 4) : n + maxDeviation
        }
        if key > UInt64.max - extremeBound {
            let down = n - maxDeviation
            return down == 0 || down >= 3 ? down : (n <= 2 ? 0 : 3)
        }
        let position = Double(key - extremeBound) / Double(UInt64.max - 2 * extremeBound)
        var cumulative = 0.0
        for (value, share) in bulk(n) {
            cumulative += share
            if position < cumulative { return value }
        }
        return bulk(n).last?.value ?? n
    }

    /// The published values for most keys, with their shares (they add up to 1).
    static func bulk(_ n: Int) -> [(value: Int, share: Double)] {
        switch n {
        case 1: [(0, 1)]
        case 2: [(0, 0.4), (3, 0.4), (4, 0.2)]
        case 3: [(3, 0.6), (4, 0.3), (5, 0.1)]
        case 4: [(3, 0.3), (4, 0.4), (5, 0.2), (6, 0.1)]
        case 5: [(3, 0.05), (4, 0.2), (5, 0.5), (6, 0.2), (7, 0.05)]
        default: [(n - 2, 0.05), (n - 1, 0.2), (n, 0.5), (n + 1, 0.2), (n + 2, 0.05)]
        }
    }

    /// Every true count that can be published as `published` (nil for 1 and 2, which never are):
    /// what a reader who knows this rule learns from one figure.
    public static func possibleTruths(published: Int) -> ClosedRange<Int>? {
        switch published {
        case 0: 0...3
        case 1, 2: nil
        case 3, 4: 1...(published + maxDeviation)
        case 5: 2...8
        default: (published - maxDeviation)...(published + maxDeviation)
        }
    }

    /// What a reader learns from "< threshold": every true count that can be published below it.
    public static func possibleTruths(below threshold: Int) -> ClosedRange<Int> {
        let upper = (0..<max(threshold, 1)).compactMap { possibleTruths(published: $0)?.upperBound }.max() ?? 0
        return 0...upper
    }
}
