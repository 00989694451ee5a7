import Crypto
import Foundation

/// The head of the audit chain at one moment, written outside the database and archived elsewhere
/// by the operator (issue 14). Whoever holds the key file could compute a whole new chain after
/// rewriting history in the database; it would verify. It would not match the anchors archived
/// before: `lotse audit verify` holds the entry at each anchored sequence to the anchored hash.
/// The signature (a keyed hash with a key of its own, derived from the master key) keeps anyone
/// without the key from writing an anchor that fits a forged chain.
public struct AuditAnchor: Codable, Equatable, Sendable {
    public let sequence: Int64
    public let hash: String
    /// Milliseconds since 1970, when the anchor was taken.
    public let anchoredAtMilliseconds: Int64
    public let signature: String

    public struct Signer: Sendable {
        private let key: SymmetricKey

        public init(masterKey: MasterKey) {
            key = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey.key, info: Data("lotse:audit-anchor".utf8), outputByteCount: 32)
        }

        public func anchor(sequence: Int64, hash: String, at milliseconds: Int64) -> AuditAnchor {
            AuditAnchor(sequence: sequence, hash: hash, anchoredAtMilliseconds: milliseconds,
                        signature: signature(sequence: sequence, hash: hash, milliseconds: milliseconds))
        }

        public func isGenuine(_ anchor: AuditAnchor) -> Bool {
            signature(sequence: anchor.sequence, hash: anchor.hash, milliseconds: anchor.anchoredAtMilliseconds) == anchor.signature
        }

        private func signature(sequence: Int64, hash: String, milliseconds: Int64) -> String {
            let text = "lotse-audit-anchor|\(sequence)|\(hash)|\(milliseconds)"
            return Digits.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
        }
    }
}
