import Foundation
import LotseCore

/// Approved erasures, kept outside the database (issue 15, part 4): a restore of an older backup
/// takes the database back to before an approval, and the person would return with it. Each
/// approval is written here first, as one small JSON file of ids (no personal data), and every
/// retention run (nightly, or `lotse retention run` after a restore) anonymises the cases named
/// here that are not anonymised. The folder belongs with the anchors: outside the backups of the
/// database, on the server's own disk.
struct ErasureLedger: Sendable {
    struct Entry: Codable, Sendable, Equatable {
        let requestID: UUID
        let districtID: UUID
        let caseIDs: [UUID]
        let approvedOn: String
    }

    let directory: String

    init(configuration: LotseConfiguration) {
        directory = configuration.erasureLedgerDirectory
    }

    func record(_ entry: Entry) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = directory + "/erasure-\(entry.requestID.uuidString.lowercased()).json"
        guard manager.createFile(atPath: path + ".neu", contents: try encoder.encode(entry), attributes: [.posixPermissions: 0o600]),
              rename(path + ".neu", path) == 0 else {
            throw SetupError(description: "Die Löschung ließ sich nicht in \(directory) festhalten; sie wurde nicht ausgeführt.")
        }
    }

    /// Every approved erasure of `district`; a file that cannot be read is reported, not skipped silently.
    func entries(of district: UUID) throws -> [Entry] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.filter { $0.hasPrefix("erasure-") && $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let data = manager.contents(atPath: directory + "/" + name),
                  let entry = try? JSONDecoder().decode(Entry.self, from: data) else {
                throw SetupError(description: "Die Datei \(directory)/\(name) ist beschädigt.")
            }
            return entry.districtID == district ? entry : nil
        }
    }
}
