import Vapor

/// `lotse bench-ceiling`: the framework's ceiling for scripts/bench. Vapor with one route that
/// answers "hello" and nothing else (no middleware, no database, no log lines), measured beside
/// Lotse in the same run. It lives in the `lotse` binary rather than an executable of its own so
/// that no build (the tests' included) links a second Vapor program.
enum BenchCeiling {
    static let command = "bench-ceiling"

    static func run(arguments: [String]) async throws {
        // Drop the command's own name so Vapor sees `serve --port N`.
        let environment = Environment(name: "production", arguments: [arguments[0]] + arguments.dropFirst(2))
        let app = try await Application.make(environment)
        app.middleware = Middlewares()
        app.logger.logLevel = .error
        app.get("hello") { _ in "hello" }
        do {
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
