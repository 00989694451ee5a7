import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30 s steps, 6 digits): what every
/// authenticator app speaks.
public struct TOTP: Sendable {
    public static let stepSeconds: Int64 = 30
    public let secret: [UInt8]
    public let digits: Int

    public init(secret: [UInt8], digits: Int = 6) {
        self.secret = secret
        self.digits = digits
    }

    /// A fresh 160-bit secret, as RFC 4226 recommends.
    public static func generateSecret() -> [UInt8] {
        SecureRandom.bytes(20)
    }

    public static func step(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / stepSeconds
    }

    public func code(forStep step: Int64) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at date: Date) -> String { code(forStep: Self.step(at: date)) }

    /// The time step a code belongs to, if it is valid within ±1 step of `date` and newer than
    /// `lastUsedStep`. Storing the returned step and passing it back next time makes every code
    /// usable once only (no replay).
    public func acceptedStep(for code: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let typed = code.filter { !$0.isWhitespace }
        guard typed.count == digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = Self.step(at: date)
        for candidate in [now - 1, now, now + 1] where candidate > (lastUsedStep ?? Int64.min) {
            if constantTimeEquals(Array(self.code(forStep: candidate).utf8), Array(typed.utf8)) {
                return candidate
            }
        }
        return nil
    }

    /// The `otpauth://` address an authenticator app reads from the QR code.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(escape(issuer))&algorithm=SHA1&digits=6&period=30"
    }
}

/// Compares without an early exit, so the time taken does not reveal how many leading bytes matched.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
}
