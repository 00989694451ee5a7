import Vapor

// The framework's ceiling for scripts/bench: Vapor with one route that answers "hello" and nothing
// else (no middleware, no database, no log lines), built in the same run and measured beside Lotse.
let app = try await Application.make(.production)
app.middleware = Middlewares()
app.logger.logLevel = .error
app.get("hello") { _ in "hello" }
try await app.execute()
try await app.asyncShutdown()
