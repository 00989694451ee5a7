import Fluent
import LotseCore
import Vapor

/// `lotse audit verify`: checks the whole hash chain of the audit trail and names the first
/// entry that was altered, inserted or removed. Exit status 1 when the chain is broken.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "aufgabe", help: "verify – prüft die Hash-Kette des Protokolls.")
        var task: String

        init() {}
    }

    var help: String { "Prüft das Protokoll (lotse audit verify)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "verify" else {
            context.console.error("Unbekannte Aufgabe „\(signature.task)“. Möglich ist: lotse audit verify")
            throw ExitCode(2)
        }
        let finding = try await Self.verify(context.application)
        switch finding {
        case .intact(let entries):
            context.console.success("Protokoll intakt: \(GermanFormat.number(entries)) Einträge, Hash-Kette geschlossen.")
        default:
            context.console.error(Self.describe(finding))
            throw ExitCode(1)
        }
    }

    static func verify(_ app: Application) async throws -> AuditChain.Finding {
        guard let chain = app.lotse.auditChain else {
            throw SetupError(description: "Ohne Hauptschlüssel lässt sich das Protokoll nicht prüfen.")
        }
        let entries = try await AuditEntry.query(on: app.db).sort(\.$sequence).all().map(\.record)
        let head = try await AuditChainHead.find(1, on: app.db)
        return chain.verify(entries, headSequence: head?.lastSequence ?? 0, headHash: head?.lastHash ?? AuditChain.genesis)
    }

    static func describe(_ finding: AuditChain.Finding) -> String {
        switch finding {
        case .intact(let entries): "Protokoll intakt: \(entries) Einträge."
        case .altered(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde nachträglich geändert."
        case .inserted(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde nachträglich eingefügt."
        case .removed(let position): "Protokoll verändert: Eintrag Nr. \(position) wurde entfernt."
        }
    }
}
