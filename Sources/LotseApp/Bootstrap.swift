import Fluent
import LotseCore
import Vapor

/// What the `lotse` executable runs: reads the configuration for the command given, sets up the
/// application and executes the command. Kept here so the executable stays a few lines.
public enum LotseMain {
    /// `concurrencyOnEventLoops`: whether the executable could move Swift Concurrency onto NIO's
    /// event loops (see Sources/lotse/main.swift); a server says so when it starts.
    public static func run(concurrencyOnEventLoops: Bool = false) async -> Int32 {
        JSONLogHandler.bootstrap()
        do {
            var environment = try Environment.detect()
            let command = environment.arguments.dropFirst().first
            if command == BenchCeiling.command {
                try await BenchCeiling.run(arguments: environment.arguments)
                return 0
            }
            // The generator fills a demo installation, so it starts one as the demo does.
            let isDemo = command == "demo" || command == "generate"
            var configuration = try LotseConfiguration.fromEnvironment(demo: isDemo)
            if command == Restore.command {
                return try Restore.run(arguments: Array(environment.arguments.dropFirst(2)), configuration: configuration)
            }
            if isDemo, configuration.masterKey == nil {
                // The demo makes its own key, in its own folder.
                configuration.masterKey = try MasterKeySource.createKeyFile(at: configuration.newMasterKeyPath)
            }
            if command == nil || command == "serve", configuration.masterKey == nil {
                FileHandle.standardError.write(Data("""
                    Lotse: Kein Hauptschlüssel gefunden. Setzen Sie LOTSE_MASTER_KEY oder LOTSE_MASTER_KEY_FILE, \
                    oder richten Sie Lotse zuerst mit `lotse setup` ein (legt \(configuration.newMasterKeyPath) an).

                    """.utf8))
                return 1
            }
            // Real installations run as production (templates cached) unless `--env` says otherwise;
            // the demo stays in development, so template changes show at once.
            let explicitEnvironment = CommandLine.arguments.contains { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }
            if command != "demo" && !explicitEnvironment { environment = .production }
            let servesRequests = command == nil || command == "serve" || command == "demo"
            // A server on SQLite marks its data folder as in use, so a restore cannot replace its files.
            if servesRequests, case .sqliteFile(let path) = configuration.database {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try InstanceLock.holdShared(in: (path as NSString).deletingLastPathComponent)
            }
            let resources = try ResourceFolder.root()
            let app = try await Application.make(environment)
            app.directory = DirectoryConfiguration(workingDirectory: resources)
            do {
                try await configure(app, with: configuration)
                if servesRequests {
                    if !concurrencyOnEventLoops {
                        app.logger.warning("Swift Concurrency runs on its own thread pool, not on the event loops: every query costs two more thread switches")
                    }
                    app.lifecycle.use(RepeatingJob.auditAnchor)
                    app.lifecycle.use(RepeatingJob.retention(now: configuration.now()))
                }
                try await app.execute()
                if servesRequests {
                    // Vapor shuts its lifecycle handlers down (the databases among them) before the
                    // HTTP server it keeps in storage: a request still running or arriving on a kept-alive
                    // connection then finds no database, and Fluent's force unwrap ended the program
                    // with a crash on every SIGTERM under load (a systemd restart, a deployment).
                    // So first stop accepting and let running requests finish (Vapor's shutdown timeout),
                    // then wait for those whose client has already gone: they run on without a connection.
                    await app.server.shutdown()
                    let left = await app.inFlightRequests.drained(within: .seconds(15))
                    if left > 0 {
                        app.logger.warning("Stopping with requests still running after 15 s", metadata: ["requests": .stringConvertible(left)])
                    }
                }
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            return 0
        } catch let exit as ExitCode {
            return exit.code
        } catch let invalid as SetupError {
            FileHandle.standardError.write(Data("Lotse: \(invalid.description)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("Lotse: \(String(reflecting: error))\n".utf8))
            return 1
        }
    }
}
