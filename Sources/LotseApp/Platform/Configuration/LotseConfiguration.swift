import Foundation
import LotseCore

/// Everything a Lotse process needs to know about its deployment, read once at start.
public struct LotseConfiguration: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        /// A private in-memory database (tests).
        case sqliteMemory
        /// The embedded default: one SQLite file.
        case sqliteFile(path: String)
        /// PostgreSQL; `schema` narrows the search path (tests give every test its own schema).
        case postgres(url: String, schema: String?)
    }

    public var database: DatabaseChoice
    public var dataDirectory: String
    /// Nil only for commands that do not touch secrets (`migrate`, `--help`).
    public var masterKey: MasterKey?
    public var isDemo: Bool
    /// Bcrypt cost. 12 in production; tests lower it to stay fast.
    public var passwordCost: Int
    public var trustedProxies: Set<String>
    public var sessionLifetime: SessionLifetime
    public var throttle: SignInThrottle
    /// The clock, injectable so tests can let sessions expire and TOTP steps pass.
    public var now: @Sendable () -> Date

    public init(
        database: DatabaseChoice,
        dataDirectory: String,
        masterKey: MasterKey?,
        isDemo: Bool = false,
        passwordCost: Int = 12,
        trustedProxies: Set<String> = [],
        sessionLifetime: SessionLifetime = .standard,
        throttle: SignInThrottle = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.masterKey = masterKey
        self.isDemo = isDemo
        self.passwordCost = passwordCost
        self.trustedProxies = trustedProxies
        self.sessionLifetime = sessionLifetime
        self.throttle = throttle
        self.now = now
    }

    /// The demo's own files live apart from a real data folder, so a demo can never touch real data.
    public static let defaultDataDirectory = "data"
    public static let defaultDemoDataDirectory = "demo-data"

    public var databaseFilePath: String { dataDirectory + "/lotse.sqlite" }
    /// A separate connection for the client-key store (its own PostgreSQL role); nil: the main URL.
    public var keyStoreURL: String?
    /// PostgreSQL connections per event loop (one event loop per core); SQLite always has one.
    public var databaseConnectionsPerEventLoop = 8

    /// The client-key store lives apart from the case database (DESIGN.md §4.3): a file of its own
    /// in a folder of its own, so it can be backed up on its own rotation.
    static func keyStorePath(besides databasePath: String) -> String {
        (databasePath as NSString).deletingLastPathComponent + "/keystore/client-keys.sqlite"
    }

    /// The PostgreSQL schema of the key store: `lotse_keys`, or the test schema's name plus `_keys`.
    static func keyStoreSchema(besides schema: String?) -> String {
        schema.map { $0 + "_keys" } ?? "lotse_keys"
    }
    public var defaultMasterKeyPath: String { dataDirectory + "/keys/master.key" }
    /// The bearer token that opens `/metrics` to a monitoring host elsewhere (`LOTSE_METRICS_TOKEN`).
    public var metricsToken: String?
    /// The address the public reaches Lotse at ("https://lotse.kreis-paderborn.de"), for the
    /// printed leaflets' web address and QR code; without it, the address the request came to.
    public var publicAddress: String?
    /// Requests a minute one address may send without a session or token; nil: no limit.
    public var anonymousRequestsPerMinute: Int?
    /// Where the anchors of the audit chain are written: `LOTSE_ANCHOR_DIR`, or `audit-anchors` in the data folder.
    public var anchorDirectoryOverride: String?
    public var anchorDirectory: String { anchorDirectoryOverride ?? dataDirectory + "/audit-anchors" }
    /// Where approved erasures are kept outside the database (`ErasureLedger`): `LOTSE_ERASURE_LEDGER_DIR`,
    /// or `erasure-ledger` in the data folder.
    public var erasureLedgerDirectoryOverride: String?
    public var erasureLedgerDirectory: String { erasureLedgerDirectoryOverride ?? dataDirectory + "/erasure-ledger" }
    /// Where `lotse setup` and the demo create the key file: `LOTSE_MASTER_KEY_FILE`, or the default.
    public var masterKeyFilePath: String?
    public var newMasterKeyPath: String { masterKeyFilePath ?? defaultMasterKeyPath }
    public var demoCredentialsPath: String { dataDirectory + "/demo-accounts.json" }

    /// Reads the environment: `LOTSE_DATA_DIR`, `DATABASE_URL`, `LOTSE_MASTER_KEY` or
    /// `LOTSE_MASTER_KEY_FILE`, `LOTSE_TRUSTED_PROXIES` (comma-separated), `LOTSE_PASSWORD_COST`.
    public static func fromEnvironment(demo: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LotseConfiguration {
        let dataDirectory = environment["LOTSE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (demo ? defaultDemoDataDirectory : defaultDataDirectory)
        let database: DatabaseChoice
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url, schema: nil)
        } else {
            database = .sqliteFile(path: dataDirectory + "/lotse.sqlite")
        }
        var configuration = LotseConfiguration(
            database: database,
            dataDirectory: dataDirectory,
            masterKey: nil,
            isDemo: demo,
            passwordCost: environment["LOTSE_PASSWORD_COST"].flatMap(Int.init) ?? 12,
            trustedProxies: Set((environment["LOTSE_TRUSTED_PROXIES"] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty })
        )
        configuration.keyStoreURL = environment["LOTSE_KEYSTORE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let text = environment["LOTSE_DATABASE_CONNECTIONS"], !text.isEmpty {
            guard let connections = Int(text), (1...100).contains(connections) else {
                throw SetupError(description: "LOTSE_DATABASE_CONNECTIONS muss eine Zahl von 1 bis 100 sein (Verbindungen je Prozessorkern).")
            }
            configuration.databaseConnectionsPerEventLoop = connections
        }
        configuration.metricsToken = environment["LOTSE_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let address = environment["LOTSE_PUBLIC_URL"], !address.isEmpty {
            guard let url = URL(string: address), ["https", "http"].contains(url.scheme ?? ""), url.host != nil else {
                throw SetupError(description: "LOTSE_PUBLIC_URL muss eine Adresse wie https://lotse.kreis-beispiel.de sein.")
            }
            configuration.publicAddress = address.hasSuffix("/") ? String(address.dropLast()) : address
        }
        configuration.anonymousRequestsPerMinute = 300
        if let text = environment["LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE"], !text.isEmpty {
            guard let limit = Int(text), limit >= 0 else {
                throw SetupError(description: "LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE muss eine ganze Zahl ab 0 sein (0: keine Grenze).")
            }
            configuration.anonymousRequestsPerMinute = limit == 0 ? nil : limit
        }
        configuration.anchorDirectoryOverride = environment["LOTSE_ANCHOR_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.erasureLedgerDirectoryOverride = environment["LOTSE_ERASURE_LEDGER_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.masterKeyFilePath = environment["LOTSE_MASTER_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.masterKey = try MasterKeySource.load(environment: environment, defaultPath: configuration.defaultMasterKeyPath)
        return configuration
    }
}

/// Where the master key comes from. Never from the database or the repository.
/// A problem with the installation (key, files) that the operator has to fix; said in German.
public struct SetupError: Error, CustomStringConvertible {
    public let description: String
}

public enum MasterKeySource {
    public static func load(environment: [String: String], defaultPath: String) throws -> MasterKey? {
        if let text = environment["LOTSE_MASTER_KEY"], !text.isEmpty {
            guard let key = MasterKey(base64: text) else {
                throw SetupError(description: "LOTSE_MASTER_KEY ist kein gültiger Schlüssel (erwartet: 32 Byte, Base64).")
            }
            return key
        }
        let path = environment["LOTSE_MASTER_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        guard let key = MasterKey(base64: text) else {
            throw SetupError(description: "Die Schlüsseldatei \(path) enthält keinen gültigen Schlüssel (erwartet: 32 Byte, Base64).")
        }
        return key
    }

    /// Creates a new key file readable by the owner only. Refuses to overwrite: losing the old key
    /// would make every encrypted value unreadable.
    public static func createKeyFile(at path: String) throws -> MasterKey {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else {
            throw SetupError(description: "Die Schlüsseldatei \(path) existiert bereits und wird nicht überschrieben.")
        }
        try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        let generated = MasterKey.generate()
        guard manager.createFile(atPath: path, contents: Data((generated.base64 + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SetupError(description: "Die Schlüsseldatei \(path) konnte nicht geschrieben werden.")
        }
        return generated.key
    }
}
