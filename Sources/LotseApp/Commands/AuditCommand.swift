import Fluent
import LotseCore
import Vapor

/// `lotse audit verify`: checks the hash chain of the audit trail page by page (constant memory)
/// and names the first entry that was altered, inserted or removed, and every anchor the trail
/// contradicts. Exit status 1 when the chain is broken. `lotse audit anchor` writes an anchor now.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "aufgabe", help: "verify – prüft die Hash-Kette des Protokolls; anchor – schreibt einen Anker.")
        var task: String

        @Option(name: "anchors", help: "Ordner mit archivierten Ankern (Standard: LOTSE_ANCHOR_DIR bzw. audit-anchors im Datenordner).")
        var anchors: String?

        @Flag(name: "from-last-anchor", help: "Prüft erst ab dem letzten Anker (schneller; der Anker gilt als geprüft).")
        var fromLastAnchor: Bool

        init() {}
    }

    var help: String { "Prüft das Protokoll (lotse audit verify) oder schreibt einen Anker (lotse audit anchor)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.task {
        case "verify":
            let anchors = try AuditAnchors(configuration: app.lotse.configuration)
            let archived = try anchors.all(in: signature.anchors)
            let start = signature.fromLastAnchor ? archived.max { $0.sequence < $1.sequence } : nil
            let finding = try await Self.verify(app, after: start, anchors: archived)
            switch finding {
            case .intact(let entries):
                let from = start.map { " ab Anker bei Eintrag \(GermanFormat.number(Int($0.sequence)))" } ?? ""
                context.console.success("Protokoll intakt: \(GermanFormat.number(entries)) Einträge\(from) geprüft, Hash-Kette geschlossen, "
                                        + "\(archived.count) \(archived.count == 1 ? "Anker" : "Anker") bestätigt.")
            default:
                context.console.error(Self.describe(finding))
                throw ExitCode(1)
            }
        case "anchor":
            let anchor = try await AuditAnchors(configuration: app.lotse.configuration).take(on: app.db, logger: app.logger)
            context.console.success("Anker geschrieben: Eintrag \(GermanFormat.number(Int(anchor.sequence))), in \(app.lotse.configuration.anchorDirectory). "
                                    + "Bewahren Sie eine Kopie außerhalb dieses Servers auf.")
        default:
            context.console.error("Unbekannte Aufgabe „\(signature.task)“. Möglich sind: lotse audit verify, lotse audit anchor")
            throw ExitCode(2)
        }
    }

    static func verify(_ app: Application, after start: AuditAnchor? = nil, anchors: [AuditAnchor] = []) async throws -> AuditChain.Finding {
        guard let chain = app.lotse.auditChain else {
            throw SetupError(description: "Ohne Hauptschlüssel lässt sich das Protokoll nicht prüfen.")
        }
        return try await AuditTrailReader.verify(on: app.db, chain: chain, after: start, anchors: anchors)
    }

    static func describe(_ finding: AuditChain.Finding) -> String {
        switch finding {
        case .intact(let entries): "Protokoll intakt: \(entries) Einträge."
        case .altered(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde nachträglich geändert."
        case .inserted(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde nachträglich eingefügt."
        case .removed(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde entfernt."
        case .contradictsAnchor(let position):
            "Protokoll umgeschrieben: Eintrag Nr. \(position) ist nicht der, den ein Anker festgehalten hat (die Kette wurde mit dem Schlüssel neu berechnet)."
        }
    }
}
