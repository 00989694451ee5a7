import LotseCore
import Vapor

/// `lotse retention run`: what the server's daily job does, on demand (for an operator's cron, or
/// after a change of the retention periods). Prints per district what it anonymised.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "aufgabe", help: "run – anonymisiert alle fälligen, nicht zurückgehaltenen Fälle jedes Kreises.")
        var task: String

        init() {}
    }

    var help: String { "Führt den Löschlauf aus: anonymisiert abgeschlossene Fälle nach Ablauf ihrer Aufbewahrungsfrist (lotse retention run)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.task == "run" else {
            context.console.error("Unbekannte Aufgabe „\(signature.task)“. Möglich ist: lotse retention run")
            throw ExitCode(2)
        }
        for (district, run) in try await context.application.runRetention(trigger: "command") {
            context.console.print("\(district.name): \(GermanFormat.number(run.casesAnonymised)) Fälle anonymisiert, "
                                  + "\(GermanFormat.number(run.clientsErased)) Klient*innen gelöscht, "
                                  + "\(GermanFormat.number(run.casesHeld)) fällige Fälle zurückgehalten.")
        }
        if let pruning = try await context.application.pruneAuditTrail(trigger: "command") {
            context.console.print("Protokoll: \(GermanFormat.number(pruning.entries)) Einträge bis Nr. \(GermanFormat.number(Int(pruning.upToSequence))) "
                                  + "(geschrieben bis zum \(GermanFormat.germanDay(pruning.cutoffDay))) nach Ablauf der Aufbewahrungsfrist gelöscht.")
        }
    }
}
