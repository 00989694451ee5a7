import Crypto
import Foundation
import LotseCore

/// What a backup folder holds (`manifest.json`, written last: a folder without it is an interrupted
/// backup): the database part and the key-store part as separate files, each with its size and
/// SHA-256, so that `lotse restore` can refuse a damaged or incomplete backup before it touches
/// anything. The master key is never part of a backup (README, "Betrieb").
struct BackupManifest: Codable, Equatable {
    struct File: Codable, Equatable {
        /// `database` or `keyStore`.
        let part: String
        let name: String
        let bytes: Int64
        let sha256: String

        /// The file `name` in `folder` as it is now.
        static func measured(_ part: String, _ name: String, in folder: String) throws -> File {
            let (bytes, digest) = try checksum(of: folder + "/" + name)
            return File(part: part, name: name, bytes: bytes, sha256: digest)
        }
    }

    static let fileName = "manifest.json"
    static let currentFormat = 1

    var format = currentFormat
    let createdAt: Date
    /// `sqlite` or `postgresql`.
    let database: String
    /// The last entry of the audit chain at the time of the backup (what `audit verify` must find).
    let auditSequence: Int
    let files: [File]

    func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: folder + "/" + Self.fileName), options: .atomic)
    }

    /// The manifest of `folder` once every file it names is there with its size and checksum;
    /// otherwise a German reason why the backup cannot be restored.
    static func checked(_ folder: String) throws -> BackupManifest {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SetupError(description: "Die Sicherung ist unvollständig: \(path) fehlt (eine abgebrochene Sicherung hat kein Manifest). Es wurde nichts verändert.")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data), manifest.format == currentFormat else {
            throw SetupError(description: "Die Sicherung ist beschädigt: \(path) ist kein lesbares Manifest dieser Lotse-Version. Es wurde nichts verändert.")
        }
        for part in ["database", "keyStore"] where !manifest.files.contains(where: { $0.part == part }) {
            throw SetupError(description: "Die Sicherung ist unvollständig: der Teil „\(part)“ fehlt im Manifest. Es wurde nichts verändert.")
        }
        for file in manifest.files {
            let filePath = folder + "/" + file.name
            guard FileManager.default.fileExists(atPath: filePath) else {
                throw SetupError(description: "Die Sicherung ist unvollständig: \(file.name) fehlt. Es wurde nichts verändert.")
            }
            let (bytes, digest) = try checksum(of: filePath)
            guard bytes == file.bytes, digest == file.sha256 else {
                throw SetupError(description: "Die Sicherung ist beschädigt: \(file.name) hat nicht die Prüfsumme aus dem Manifest. Es wurde nichts verändert.")
            }
        }
        return manifest
    }

    /// Size and SHA-256 (hex) of a file, read in blocks so a large database needs little memory.
    static func checksum(of path: String) throws -> (bytes: Int64, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SetupError(description: "\(path) lässt sich nicht lesen.")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
            bytes += Int64(block.count)
        }
        return (bytes, Digits.hex(hasher.finalize()))
    }
}
