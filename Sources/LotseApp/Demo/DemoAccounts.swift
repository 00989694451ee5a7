import Foundation
import LotseCore

/// The demo's sign-in data, made by the demo itself (random passwords and TOTP secrets) and kept
/// in a file of the demo data folder, so the sign-in page can list it. Never used outside demo mode.
enum DemoAccounts {
    struct Stored: Codable {
        let role: String
        let username: String
        let password: String
        let totpSecret: String
    }

    struct Entry: Encodable {
        let role: String
        let username: String
        let password: String
        let totpSecret: String
        let currentCode: String
    }

    static func save(_ accounts: [Stored], to path: String) throws {
        let data = try JSONEncoder().encode(accounts)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SetupError(description: "Die Demo-Zugänge konnten nicht in \(path) gespeichert werden.")
        }
    }

    static func stored(at path: String) -> [Stored]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode([Stored].self, from: data)
    }

    static func load(for configuration: LotseConfiguration, now: Date) -> [Entry] {
        (stored(at: configuration.demoCredentialsPath) ?? []).map { account in
            Entry(role: Role(rawValue: account.role)?.germanName ?? account.role, username: account.username,
                  password: account.password, totpSecret: account.totpSecret,
                  currentCode: Base32.decode(account.totpSecret).map { TOTP(secret: $0).code(at: now) } ?? "")
        }
    }

    /// The end of the current 30-second step, for "Code gültig bis 14:05:30".
    static func codesValidUntil(now: Date) -> String {
        let end = Date(timeIntervalSince1970: Double((TOTP.step(at: now) + 1) * TOTP.stepSeconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        let parts = calendar.dateComponents([.hour, .minute, .second], from: end)
        return String(format: "%02d:%02d:%02d Uhr", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
