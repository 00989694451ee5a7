import Fluent
import Foundation
import SQLKit
import Vapor

/// `lotse backup DIR`: a consistent backup while Lotse runs, in a new folder
/// `DIR/lotse-JJJJ-MM-TTTHHMMSSZ` (README, "Betrieb"). SQLite: `VACUUM INTO`, a snapshot
/// taken inside one read transaction (a file copy of a live database can be torn). PostgreSQL:
/// `pg_dump`, one snapshot per part. The case database first, then the key store: a client key
/// created in between is only one key too many, never a case without its key. The manifest comes
/// last, with every file's checksum. The master key is never in a backup.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "ordner", help: "Ordner, in dem die Sicherung als neuer Unterordner angelegt wird.")
        var folder: String

        init() {}
    }

    var help: String { "Sichert Datenbank und Schlüsselspeicher im laufenden Betrieb (lotse backup ORDNER)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let folder = signature.folder + "/lotse-" + Self.stamp(Date())
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let audit = try await AuditChainHead.find(1, on: app.db)
        let files: [BackupManifest.File]
        switch app.lotse.configuration.database {
        case .sqliteFile:
            try await Self.vacuum(app.db(.sqlite), into: folder + "/lotse.sqlite")
            try await Self.vacuum(app.db(.keyStore), into: folder + "/client-keys.sqlite")
            files = [try .measured("database", "lotse.sqlite", in: folder), try .measured("keyStore", "client-keys.sqlite", in: folder)]
        case .postgres(let url, let schema):
            let keySchema = LotseConfiguration.keyStoreSchema(besides: schema)
            try PostgresTools(url: url).run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--exclude-schema=\(keySchema)",
                                                         "--file=\(folder)/database.dump"] + (schema.map { ["--schema=\($0)"] } ?? []))
            try PostgresTools(url: app.lotse.configuration.keyStoreURL ?? url)
                .run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--schema=\(keySchema)", "--file=\(folder)/client-keys.dump"])
            files = [try .measured("database", "database.dump", in: folder), try .measured("keyStore", "client-keys.dump", in: folder)]
        case .sqliteMemory:
            throw SetupError(description: "Eine Datenbank im Arbeitsspeicher lässt sich nicht sichern.")
        }
        let manifest = BackupManifest(createdAt: Date(), database: app.lotse.configuration.database.kind,
                                      auditSequence: Int(audit?.lastSequence ?? 0), files: files)
        try manifest.write(to: folder)
        // Social data: readable by the service account only, like the data folder.
        for name in files.map(\.name) + [BackupManifest.fileName] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/" + name)
        }
        context.console.success("Sicherung angelegt: \(folder)")
        context.console.info("Der Schlüsselspeicher liegt als eigene Datei darin (\(files[1].name)); der Hauptschlüssel gehört nicht in die Sicherung, sondern getrennt verwahrt.")
    }

    /// `2026-11-30T140512Z`: sorts by time, and has no colon (which some file systems refuse).
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func vacuum(_ database: any Database, into path: String) async throws {
        guard let sql = database as? any SQLDatabase else { throw SetupError(description: "Die Datenbank ist keine SQL-Datenbank.") }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }
}

extension LotseConfiguration.DatabaseChoice {
    /// As the backup manifest names it.
    var kind: String {
        switch self {
        case .postgres: "postgresql"
        case .sqliteFile, .sqliteMemory: "sqlite"
        }
    }
}
