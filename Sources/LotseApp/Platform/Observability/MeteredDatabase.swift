import Fluent
import Metrics
import NIOConcurrencyHelpers
import SQLKit

/// The database pool's use for `/metrics` (issue 14, part 5). Neither Fluent nor its connection
/// pool (AsyncKit) tells how many connections are leased, so Lotse counts at the one door every
/// database access passes: each query, and each transaction or `withConnection` block, holds one
/// pooled connection, or waits for one, for exactly as long as it runs. The gauge
/// `lotse_database_connections_in_use` is that count ("in use or awaited": a value above
/// `lotse_database_connections_max` means requests are queuing for the pool).
/// One per database of the process (`main`, `keys`), like the registry it reports to.
final class DatabasePoolGauge: Sendable {
    static let main = DatabasePoolGauge(database: "main")
    static let keys = DatabasePoolGauge(database: "keys")

    private let inFlight = NIOLockedValueBox(0)
    private let inUse: Gauge
    private let capacity: Gauge

    init(database: String) {
        inUse = Gauge(label: "lotse_database_connections_in_use", dimensions: [("database", database)])
        capacity = Gauge(label: "lotse_database_connections_max", dimensions: [("database", database)])
        inUse.record(0)
    }

    /// The pool's size: connections per event loop times the event loops.
    func configured(connections: Int) { capacity.record(connections) }

    /// Counts `work` as holding a connection from the moment it asks for one until it ends.
    func holding<T>(_ work: () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        change(by: 1)
        return work().always { _ in self.change(by: -1) }
    }

    func holding<T>(_ work: () async throws -> T) async throws -> T {
        change(by: 1)
        defer { change(by: -1) }
        return try await work()
    }

    var current: Int { inFlight.withLockedValue { $0 } }

    private func change(by delta: Int) {
        let now = inFlight.withLockedValue { value -> Int in value += delta; return value }
        inUse.record(now)
    }
}

extension DatabaseConfigurationFactory {
    /// The same database, with every access counted by `gauge`.
    func metered(by gauge: DatabasePoolGauge) -> DatabaseConfigurationFactory {
        .init { MeteredDatabaseConfiguration(inner: self.make(), gauge: gauge) }
    }
}

struct MeteredDatabaseConfiguration: DatabaseConfiguration {
    var inner: any DatabaseConfiguration
    let gauge: DatabasePoolGauge

    /// Model middleware belongs to the database itself, so it is read from and kept in the inner one.
    var middleware: [any AnyModelMiddleware] {
        get { inner.middleware }
        set { inner.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        MeteredDatabaseDriver(inner: inner.makeDriver(for: databases), gauge: gauge)
    }
}

struct MeteredDatabaseDriver: DatabaseDriver {
    let inner: any DatabaseDriver
    let gauge: DatabasePoolGauge

    func makeDatabase(with context: DatabaseContext) -> any Database {
        MeteredDatabase(inner: inner.makeDatabase(with: context), gauge: gauge)
    }

    func shutdown() { inner.shutdown() }
    func shutdownAsync() async { await inner.shutdownAsync() }
}

/// Both of Lotse's drivers (SQLite, PostgreSQL) are SQL databases, and Lotse's own SQL reaches
/// them with `as? any SQLDatabase`: the wrapper is one too, and forwards to the inner database.
/// Inside a transaction or `withConnection` block the connection is already held: the database
/// handed to the block is wrapped with `gauge == nil`, so its queries are not counted twice.
struct MeteredDatabase: Database, SQLDatabase {
    let inner: any Database
    let gauge: DatabasePoolGauge?

    private var sql: any SQLDatabase {
        guard let sql = inner as? any SQLDatabase else {
            preconditionFailure("Lotse's database drivers are SQL databases")
        }
        return sql
    }

    private func counted<T>(_ work: () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard let gauge else { return work() }
        return gauge.holding(work)
    }

    // MARK: Database

    var context: DatabaseContext { inner.context }
    var inTransaction: Bool { inner.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        counted { inner.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { counted { inner.execute(schema: schema) } }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { counted { inner.execute(enum: `enum`) } }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        counted { inner.transaction { closure(MeteredDatabase(inner: $0, gauge: nil)) } }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        counted { inner.withConnection { closure(MeteredDatabase(inner: $0, gauge: nil)) } }
    }

    // MARK: SQLDatabase

    var logger: Logger { sql.logger }
    var eventLoop: any EventLoop { sql.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        counted { sql.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard let gauge else { return try await sql.execute(sql: query, onRow) }
        try await gauge.holding { try await sql.execute(sql: query, onRow) }
    }
}
