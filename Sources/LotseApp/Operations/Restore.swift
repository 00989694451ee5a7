import Foundation
import LotseCore

/// `lotse restore ORDNER`: puts a backup of `lotse backup` back (README, "Betrieb"). Runs before
/// any database connection is opened, so this process never holds the files it replaces.
///
/// First the whole backup is checked (manifest, every file's size and checksum, the kind of
/// database); a damaged or incomplete backup is refused before anything changes. SQLite: refused
/// while a Lotse runs on the data folder; the current files are kept beside the new ones
/// (`*.vor-wiederherstellung-…`, to be deleted by the operator once the restore is confirmed),
/// stale WAL files are removed, and each file is put in place by renaming a complete copy.
/// PostgreSQL: `pg_restore --clean --single-transaction` per part, so a part is restored whole or
/// not at all. Afterwards the audit chain is verified by `lotse audit verify`.
enum Restore {
    static let command = "restore"

    /// The exit status of `lotse audit verify` on the restored trail; a refusal is thrown (German,
    /// printed by `LotseMain` like every other setup error).
    static func run(arguments: [String], configuration: LotseConfiguration) throws -> Int32 {
        guard arguments.count == 1, let folder = arguments.first, !folder.hasPrefix("-") else {
            FileHandle.standardError.write(Data("Aufruf: lotse restore ORDNER   (ein Ordner lotse-… aus lotse backup)\n".utf8))
            return 2
        }
        let manifest = try BackupManifest.checked(folder)
        guard manifest.database == configuration.database.kind else {
            throw SetupError(description: "Die Sicherung stammt aus \(manifest.database), diese Installation nutzt \(configuration.database.kind). Es wurde nichts verändert.")
        }
        let files = Dictionary(manifest.files.map { ($0.part, folder + "/" + $0.name) }, uniquingKeysWith: { first, _ in first })
        switch configuration.database {
        case .sqliteFile(let path):
            try restoreSQLite(database: files["database"]!, keyStore: files["keyStore"]!, into: path)
        case .postgres(let url, let schema):
            let keySchema = LotseConfiguration.keyStoreSchema(besides: schema)
            let options = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges", "--exit-on-error"]
            let main = PostgresTools(url: url), keys = PostgresTools(url: configuration.keyStoreURL ?? url)
            try main.run("pg_restore", options + ["--dbname=\(try main.databaseName())", files["database"]!])
            try keys.run("pg_restore", options + ["--dbname=\(try keys.databaseName())", "--schema=\(keySchema)", files["keyStore"]!])
        case .sqliteMemory:
            throw SetupError(description: "In eine Datenbank im Arbeitsspeicher lässt sich nichts wiederherstellen.")
        }
        setAsideAnchors(after: Int64(manifest.auditSequence), in: configuration.anchorDirectory)
        FileHandle.standardOutput.write(Data("Wiederhergestellt: die Sicherung vom \(GermanFormat.dateTime(manifest.createdAt)) (Protokoll bis Eintrag \(manifest.auditSequence)). Prüfe das Protokoll …\n".utf8))
        let verified = verifyAudit()
        FileHandle.standardOutput.write(Data(("Führen Sie vor dem Start `lotse retention run` aus: Es anonymisiert, was seit der Sicherung gelöscht "
            + "wurde (Löschanträge) oder fällig ist.\n").utf8))
        return verified
    }

    static func restoreSQLite(database: String, keyStore: String, into path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/keystore", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard InstanceLock.takeExclusive(in: folder) else {
            throw SetupError(description: "Lotse läuft noch auf \(folder). Beenden Sie den Dienst vor der Wiederherstellung (systemctl stop lotse). Es wurde nichts verändert.")
        }
        let stamp = BackupCommand.stamp(Date())
        let parts = [(database, path), (keyStore, LotseConfiguration.keyStorePath(besides: path))]
        // First both copies complete beside their targets (a full disk stops here, with nothing replaced) …
        for (source, target) in parts {
            let incoming = target + ".wiederherstellung"
            try? manager.removeItem(atPath: incoming)
            try manager.copyItem(atPath: source, toPath: incoming)
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: incoming)
        }
        // … then each put in place by renaming, the old file and its write-ahead log kept aside
        // (a log of the old file would otherwise be applied to the new one).
        for (_, target) in parts {
            for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: target + suffix) {
                try manager.moveItem(atPath: target + suffix, toPath: target + ".vor-wiederherstellung-" + stamp + suffix)
            }
            guard rename(target + ".wiederherstellung", target) == 0 else { throw SetupError(description: "\(target) ließ sich nicht ersetzen.") }
        }
    }

    /// Anchors taken after the backup describe entries the restore took back: they move to a
    /// subfolder (kept, not deleted), so that `audit verify` does not report those entries as removed.
    static func setAsideAnchors(after sequence: Int64, in folder: String) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
        let later = names.filter { name in
            guard name.hasPrefix("audit-anchor-"), let anchored = Int64(name.dropFirst("audit-anchor-".count).prefix(12)) else { return false }
            return anchored > sequence
        }
        guard !later.isEmpty else { return }
        let aside = folder + "/vor-wiederherstellung-" + BackupCommand.stamp(Date())
        try? manager.createDirectory(atPath: aside, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in later { try? manager.moveItem(atPath: folder + "/" + name, toPath: aside + "/" + name) }
        FileHandle.standardOutput.write(Data("\(later.count) Anker nach dem Stand der Sicherung liegen jetzt in \(aside) (ihre Einträge gibt es nach der Wiederherstellung nicht mehr).\n".utf8))
    }

    /// `lotse audit verify` as a process of its own, on the restored files.
    static func verifyAudit() -> Int32 {
        guard let executable = ResourceFolder.executablePath() else { return 0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["audit", "verify"]
        do { try process.run() } catch { return 1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
