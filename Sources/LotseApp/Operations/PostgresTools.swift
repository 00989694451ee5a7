import Foundation

/// `pg_dump` and `pg_restore` for a database Lotse reaches by URL. The URL's parts go to libpq as
/// environment variables, so the password never appears in a process list, and Lotse's
/// `tlsmode` becomes libpq's `sslmode`.
struct PostgresTools {
    let url: String

    func environment() throws -> [String: String] {
        guard let parts = URLComponents(string: url), let host = parts.host else {
            throw SetupError(description: "Die Datenbankadresse ist keine gültige PostgreSQL-URL.")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = host
        environment["PGPORT"] = String(parts.port ?? 5432)
        environment["PGUSER"] = parts.user.flatMap { $0.removingPercentEncoding } ?? ""
        environment["PGPASSWORD"] = parts.password.flatMap { $0.removingPercentEncoding } ?? ""
        environment["PGDATABASE"] = String(parts.path.drop { $0 == "/" })
        let tls = parts.queryItems?.first { $0.name == "tlsmode" || $0.name == "sslmode" }?.value ?? "prefer"
        environment["PGSSLMODE"] = ["disable": "disable", "prefer": "prefer", "require": "require"][tls] ?? "prefer"
        return environment
    }

    /// The database's name: `pg_restore` restores into a database only when given one.
    func databaseName() throws -> String { try environment()["PGDATABASE"] ?? "" }

    /// Runs `tool` (found in PATH) and throws its message, in German, if it fails.
    func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.environment = try environment()
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw SetupError(description: "\(tool) ließ sich nicht starten (PostgreSQL-Client-Programme installiert?).")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw SetupError(description: "\(tool) wurde nicht gefunden: Installieren Sie die PostgreSQL-Client-Programme (Version des Servers oder neuer).")
        }
        guard process.terminationStatus == 0 else {
            throw SetupError(description: "\(tool) ist fehlgeschlagen (Status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
