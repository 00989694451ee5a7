import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LotseCore
import Vapor

/// Sets up one Lotse application: database, migrations, middleware, views and routes.
/// The database is chosen by the caller, never guessed here, so tests stay on the database they asked for.
public func configure(_ app: Application, with configuration: LotseConfiguration) async throws {
    app.lotse = LotseServices(configuration: configuration)
    try configureDatabase(app, configuration.database)
    app.migrations.add(CreateOrganisation())
    app.migrations.add(CreateIdentity())
    app.migrations.add(AddSignInFailureIndex())
    app.migrations.add(CreateAuditTrail())
    app.migrations.add(CreateDirectory())
    app.migrations.add(CreateOfficeHours())
    app.translations = Translations.load(shipped: app.directory.resourcesDirectory + "Translations",
                                         overrides: configuration.dataDirectory + "/translations")

    app.passwords.use(.bcrypt(cost: configuration.passwordCost))
    // Dates in the API are ISO 8601 strings, as the OpenAPI document says.
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    // Larger than Vapor's 16 KB default so a long user form is never cut off; still small.
    app.routes.defaultMaxBodySize = "256kb"

    // Outermost first: every response, error pages and static files included, gets the security
    // headers and the request id; errors become German pages below that.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LotseErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(OriginCheckMiddleware())

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(SetupCommand(), as: "setup")
    app.asyncCommands.use(DistrictCommand(), as: "district")
    app.asyncCommands.use(AuditCommand(), as: "audit")

    try routes(app)
}

/// SQL statements carry bound values, which can be personal data: they are never logged on SQLite,
/// and on PostgreSQL (whose driver needs a level) only at `trace`, a level not for production.
func configureDatabase(_ app: Application, _ choice: LotseConfiguration.DatabaseChoice) throws {
    switch choice {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
    case .sqliteFile(let path):
        // The data folder holds social data: readable by the service account only.
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        app.lifecycle.use(SQLitePragmas())
    case .postgres(let url, let schema):
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema { postgres.searchPath = [schema] }
        app.databases.use(.postgres(configuration: postgres, sqlLogLevel: .trace), as: .psql)
    }
}

/// WAL lets readers work while one request writes; a busy timeout makes a second writer wait
/// instead of failing; foreign keys are switched on by the driver itself. `busy_timeout` holds per
/// connection, so it is set on the pooled connection of every event loop.
struct SQLitePragmas: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        for eventLoop in application.eventLoopGroup.makeIterator() {
            let database = application.databases.database(.sqlite, logger: application.logger, on: eventLoop)
            guard let sql = database as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
        }
    }
}
