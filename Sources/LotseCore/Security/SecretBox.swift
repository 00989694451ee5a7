import Crypto
import Foundation

/// Authenticated encryption (AES-256-GCM) for secrets Lotse must keep readable for itself, such as
/// TOTP secrets. The key is derived from the deployment's master key, which never lies in the
/// database or the repository (DESIGN.md §4.3). Each purpose gets its own derived key.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(masterKey: MasterKey, purpose: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey.key,
            info: Data("lotse:\(purpose)".utf8),
            outputByteCount: 32
        )
    }

    /// `nonce ‖ ciphertext ‖ tag`, base64. `context` is bound as associated data, so a sealed value
    /// copied to another row (another user) does not open there.
    public func seal(_ plaintext: [UInt8], context: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: sealed) else { throw SecretBoxError.malformed }
        let box = try AES.GCM.SealedBox(combined: data)
        return Array(try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)))
    }
}

public enum SecretBoxError: Error, Equatable {
    case sealFailed
    case malformed
}

/// The deployment's master key: 32 random bytes, given as base64 in the environment or a key file.
public struct MasterKey: Sendable {
    public let key: SymmetricKey

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
              data.count == 32 else { return nil }
        key = SymmetricKey(data: data)
    }

    public static func generate() -> (key: MasterKey, base64: String) {
        let bytes = Data(SecureRandom.bytes(32))
        return (MasterKey(key: SymmetricKey(data: bytes)), bytes.base64EncodedString())
    }

    private init(key: SymmetricKey) { self.key = key }
}
