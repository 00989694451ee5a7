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
    _ = LotseMetrics.bootstrapped
    try configureDatabase(app, configuration.database)
    if let chain = app.lotse.auditChain {
        let databases = app.databases, loops = app.eventLoopGroup, logger = Logger(label: "lotse.audit")
        // On an SQLite file the grouped entries are written through a connection of their own (see
        // `DatabaseID.auditWriter`); elsewhere through the pool every request uses.
        let writer: DatabaseID? = databases.configuration(for: .auditWriter) == nil ? nil : .auditWriter
        let loop = app.auditWriterLoop
        app.lotse.auditGroupCommit = AuditGroupCommit(chain: chain) {
            databases.database(writer, logger: logger, on: writer == nil ? loops.any() : loop)!
        }
    }
    app.lifecycle.use(RepeatingJob.anonymousRefusals)
    Migrations.register(on: app)
    if let keys = app.lotse.recordKeys { RecordKeyMiddleware<CaseFile>.register(on: app.databases, keys: keys) }
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
    app.leaf.tags["day"] = GermanDayTag()
    FieldErrorTags.register(in: &app.leaf.tags)
    app.leaf.tags["field"] = FieldTag()
    // Larger than Vapor's 16 KB default so a long user form is never cut off; still small.
    app.routes.defaultMaxBodySize = "256kb"

    // Outermost first: every response, error pages and static files included, gets the security
    // headers and the request id; errors become German pages below that.
    app.middleware = Middlewares()
    // First: a stop waits for every request that got this far (see InFlightRequests).
    app.middleware.use(app.inFlightRequests)
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LotseErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(AnonymousRateLimitMiddleware())
    app.middleware.use(OriginCheckMiddleware())

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(SetupCommand(), as: "setup")
    app.asyncCommands.use(DistrictCommand(), as: "district")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RetentionCommand(), as: "retention")

    try routes(app)
}

/// SQL statements carry bound values, which can be personal data: they are never logged on SQLite,
/// and on PostgreSQL (whose driver needs a level) only at `trace`, a level not for production.
func configureDatabase(_ app: Application, _ choice: LotseConfiguration.DatabaseChoice) throws {
    let eventLoops = Array(app.eventLoopGroup.makeIterator()).count
    // SQLite: Fluent's pool of one connection per event loop (SQLite writes one at a time anyway).
    let (main, keys) = (DatabasePoolGauge.main, DatabasePoolGauge.keys)
    switch choice {
    case .sqliteMemory:
        main.configured(connections: eventLoops); keys.configured(connections: eventLoops)
        app.databases.use(.sqlite(.memory, sqlLogLevel: nil).metered(by: main), as: .sqlite, isDefault: true)
        app.databases.use(.sqlite(.memory, sqlLogLevel: nil).metered(by: keys), as: .keyStore, isDefault: false)
    case .sqliteFile(let path):
        // SQLite's calls block a thread of this pool, and a connection waiting for the write lock
        // (`busy_timeout`) blocks one while it waits. With a thread for every connection (two
        // per event loop, case database and key store, and the audit writer) the one holding
        // the lock always finds a thread to finish on; with fewer, two waiting writers once held
        // both threads of a two-core machine until their five seconds ran out (issue 17).
        // Set before `app.databases` is first used, which takes the pool it finds.
        app.threadPool = NIOThreadPool(numberOfThreads: 2 * eventLoops + 2)
        // The data folder holds social data: readable by the service account only.
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder + "/keystore", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        main.configured(connections: eventLoops); keys.configured(connections: eventLoops)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil).metered(by: main), as: .sqlite, isDefault: true)
        app.databases.use(.sqlite(.file(LotseConfiguration.keyStorePath(besides: path)), sqlLogLevel: nil).metered(by: keys),
                          as: .keyStore, isDefault: false)
        // The audit trail's grouped entries get a connection of their own: their transaction spans five
        // statements, each a trip to the thread pool and back, and on a request's connection it kept
        // every other request of that event loop from reading meanwhile (issue 17). WAL lets the
        // readers go on while it writes. Fluent keeps one connection per event loop and database; the
        // group commit always uses the same loop, so this is one more connection, opened on first use.
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .auditWriter, isDefault: false)
        app.lifecycle.use(SQLitePragmas())
    case .postgres(let url, let schema):
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema { postgres.searchPath = [schema] }
        // Fluent's default is one connection per event loop: at 50 concurrent requests on two cores
        // the heavy pages waited for the pool until they timed out (issue 17). The size is per event
        // loop; `LOTSE_DATABASE_CONNECTIONS` changes it (README, "Betrieb").
        let connections = app.lotse.configuration.databaseConnectionsPerEventLoop
        main.configured(connections: connections * eventLoops)
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: connections, connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: .trace).metered(by: main), as: .psql, isDefault: true)
        // The key store: its own schema, and with LOTSE_KEYSTORE_DATABASE_URL its own role too.
        var keyStore = try SQLPostgresConfiguration(url: app.lotse.configuration.keyStoreURL ?? url)
        keyStore.searchPath = [LotseConfiguration.keyStoreSchema(besides: schema)]
        keys.configured(connections: max(1, connections / 2) * eventLoops)
        app.databases.use(.postgres(configuration: keyStore, maxConnectionsPerEventLoop: max(1, connections / 2), connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: .trace).metered(by: keys), as: .keyStore, isDefault: false)
        app.lifecycle.use(KeyStoreSchema())
    }
}

struct KeyStoreSchema: LifecycleHandler {
    func willBootAsync(_ application: Application) async throws { try await prepareKeyStore(application) }
}

/// The key store's PostgreSQL schema must exist before its migrations can record themselves there.
func prepareKeyStore(_ app: Application) async throws {
    guard case .postgres(_, let schema) = app.lotse.configuration.database,
          let sql = app.db(.keyStore) as? any SQLDatabase else { return }
    try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: LotseConfiguration.keyStoreSchema(besides: schema))").run()
}

/// WAL lets readers work while one request writes; `synchronous = FULL` syncs every commit; a busy timeout makes a second writer wait
/// instead of failing; foreign keys are switched on by the driver itself. `busy_timeout` holds per
/// connection, so it is set on the pooled connection of every event loop and on the audit writer's.
struct SQLitePragmas: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        for eventLoop in application.eventLoopGroup.makeIterator() {
            let database = application.databases.database(.sqlite, logger: application.logger, on: eventLoop)
            guard let sql = database as? any SQLDatabase else { continue }
            try await Self.set(on: sql, cacheMegabytes: 16)
        }
        // The audit writer's one connection: the same durability and waiting; it reads little, so SQLite's small default cache.
        if application.databases.configuration(for: .auditWriter) != nil,
           let sql = application.databases.database(.auditWriter, logger: application.logger, on: application.auditWriterLoop) as? any SQLDatabase {
            try await Self.set(on: sql, cacheMegabytes: 2)
        }
    }

    private static func set(on sql: any SQLDatabase, cacheMegabytes: Int) async throws {
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        // Every commit reaches the disk before Lotse answers, also across a power cut (the
        // default of this SQLite, stated so it cannot change underneath; README, "Betrieb").
        try await sql.raw("PRAGMA synchronous = FULL").run()
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        // 16 MB of pages per request connection instead of SQLite's 2 MB: a Kreis's lists and counts
        // otherwise read the same index pages from the file again on every request (issue 17:
        // a tenth of "Heute fällig" went to `pread`). Two such connections and the audit writer's
        // stay well within the memory target of 150 MB.
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-1024 * cacheMegabytes))").run()
    }
}
