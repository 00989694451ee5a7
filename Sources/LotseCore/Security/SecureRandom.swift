import Crypto
import Foundation

/// Random values for secrets: session ids, tokens, one-time passwords, keys.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        // SymmetricKey draws from the system's cryptographically secure generator.
        var result: [UInt8] = []
        while result.count < count {
            let key = SymmetricKey(size: .bits256)
            key.withUnsafeBytes { result.append(contentsOf: $0) }
        }
        return Array(result.prefix(count))
    }

    /// A URL- and cookie-safe token with `byteCount` bytes of entropy.
    public static func token(byteCount: Int = 32) -> String {
        Data(bytes(byteCount)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A one-time password that is easy to read out and type: 4 groups of 4 characters from an
    /// alphabet without look-alikes (no 0/O, 1/l/I). About 80 bits.
    public static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var characters: [Character] = []
        for byte in bytes(64) where characters.count < 16 {
            // Rejection sampling keeps the distribution uniform.
            if Int(byte) < 256 - (256 % alphabet.count) {
                characters.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return stride(from: 0, to: 16, by: 4)
            .map { String(characters[$0..<$0 + 4]) }
            .joined(separator: "-")
    }
}

/// The lowercase hex SHA-256 of a text: how session ids and API tokens are stored, so that a copy
/// of the database does not hand out working sessions.
public func sha256Hex(_ text: String) -> String {
    Digits.hex(SHA256.hash(data: Data(text.utf8)))
}
