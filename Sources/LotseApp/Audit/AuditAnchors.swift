import Fluent
import Foundation
import LotseCore
import Vapor

/// The anchors of the audit chain (`AuditAnchor`): one JSON file each in the anchor folder
/// (`LOTSE_ANCHOR_DIR`, by default `audit-anchors` in the data folder), outside the database and
/// meant to be copied elsewhere by the operator. Written at every start of the server, every 24
/// hours while it runs, and on demand (`lotse audit anchor`); each also goes to the log.
struct AuditAnchors {
    let folder: String
    let signer: AuditAnchor.Signer

    init(configuration: LotseConfiguration) throws {
        guard let key = configuration.masterKey else {
            throw SetupError(description: "Ohne Hauptschlüssel lassen sich Anker des Protokolls weder schreiben noch prüfen.")
        }
        folder = configuration.anchorDirectory
        signer = AuditAnchor.Signer(masterKey: key)
    }

    /// The chain's head now, signed, in a new file.
    @discardableResult
    func take(on db: any Database, logger: Logger) async throws -> AuditAnchor {
        let head = try await AuditChainHead.find(1, on: db)
        let anchor = signer.anchor(sequence: head?.lastSequence ?? 0, hash: head?.lastHash ?? AuditChain.genesis,
                                   at: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let name = String(format: "audit-anchor-%012lld-%lld.json", anchor.sequence, anchor.anchoredAtMilliseconds)
        guard FileManager.default.createFile(atPath: folder + "/" + name, contents: try encoder.encode(anchor), attributes: [.posixPermissions: 0o600]) else {
            throw SetupError(description: "Der Anker \(folder)/\(name) ließ sich nicht schreiben.")
        }
        logger.notice("audit anchor", metadata: ["sequence": .stringConvertible(anchor.sequence), "hash": .string(anchor.hash)])
        return anchor
    }

    /// Every anchor in `folder` (default: the anchor folder), checked: a file that is not an anchor
    /// signed with this installation's key is refused, never skipped.
    func all(in other: String? = nil) throws -> [AuditAnchor] {
        let folder = other ?? self.folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return try names.filter { $0.hasPrefix("audit-anchor-") && $0.hasSuffix(".json") }.sorted().map { name in
            guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                  let anchor = try? JSONDecoder().decode(AuditAnchor.self, from: data), signer.isGenuine(anchor) else {
                throw SetupError(description: "Der Anker \(folder)/\(name) ist nicht echt oder beschädigt (Signatur passt nicht zum Hauptschlüssel).")
            }
            return anchor
        }
    }
}

extension RepeatingJob {
    /// Takes an anchor a few seconds after the server started (once `demo` or `--auto-migrate` has
    /// set up the database) and every 24 hours after; a failed attempt is tried again after 30 seconds.
    static var auditAnchor: RepeatingJob {
        RepeatingJob("audit_anchor", firstDelay: .seconds(3), every: .seconds(24 * 3600), retry: .seconds(30)) { app in
            _ = try await AuditAnchors(configuration: app.lotse.configuration).take(on: app.db, logger: app.logger)
        }
    }
}
