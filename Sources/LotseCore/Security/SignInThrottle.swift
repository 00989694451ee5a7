import Foundation

/// Limits on failed sign-ins, counted per account name and per client address over a sliding
/// window. The account is counted by the name typed, whether or not it exists, so the lock itself
/// does not reveal which accounts exist.
public struct SignInThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int

    public static let standard = SignInThrottle(window: 15 * 60, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20)

    public init(window: TimeInterval, maxFailuresPerAccount: Int, maxFailuresPerAddress: Int) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    public func isLocked(accountFailures: Int, addressFailures: Int) -> Bool {
        accountFailures >= maxFailuresPerAccount || addressFailures >= maxFailuresPerAddress
    }

    /// The key an account name is counted under: case and surrounding spaces do not give an
    /// attacker fresh attempts.
    public static func accountKey(_ username: String) -> String {
        "account:" + sha256Hex(username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    public static func addressKey(_ address: String) -> String {
        "address:" + sha256Hex(address)
    }
}
