import Fluent
import Vapor

/// `lotse demo`: migrates the embedded database in the demo data folder, fills it with the demo
/// Kreis (once) and serves it, by default on http://127.0.0.1:8080.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Adresse, an der Lotse lauscht (Standard: 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port (Standard: 8080).")
        var port: Int?

        init() {}
    }

    var help: String { "Startet Lotse mit Demodaten (Kreis Paderborn) auf der eingebetteten Datenbank." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await DemoSeeder.seed(app) {
            app.logger.info("Demodaten angelegt", metadata: ["data_dir": .string(app.lotse.configuration.dataDirectory)])
        }
        let hostname = signature.hostname ?? "127.0.0.1"
        let port = signature.port ?? 8080
        app.logger.notice("Lotse-Demo: http://\(hostname):\(port) – die Demo-Zugänge stehen auf der Anmeldeseite.")
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["lotse serve", "--hostname", hostname, "--port", String(port)])
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}
