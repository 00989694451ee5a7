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

/// Takes an anchor a few seconds after the server started (once `demo` or `--auto-migrate` has set
/// up the database) and every 24 hours after; a failed attempt is tried again after 30 seconds.
final class AuditAnchorJob: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws {
        let anchors = try AuditAnchors(configuration: application.lotse.configuration)
        let db = application.db, logger = application.logger
        let task = Task {
            try? await Task.sleep(for: .seconds(3))
            while !Task.isCancelled {
                do {
                    try await anchors.take(on: db, logger: logger)
                    LotseMetrics.jobRan("audit_anchor", succeeded: true)
                    try? await Task.sleep(for: .seconds(24 * 3600))
                } catch {
                    LotseMetrics.jobRan("audit_anchor", succeeded: false)
                    logger.warning("audit anchor could not be written, next try in 30 s",
                                   metadata: ["error_type": .string(String(reflecting: type(of: error)))])
                    try? await Task.sleep(for: .seconds(30))
                }
            }
        }
        lock.withLock { self.task = task }
    }

    func shutdownAsync(_ application: Application) async {
        lock.withLock { task }?.cancel()
    }
}
