import Fluent
import Logging
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// A clock the tests move forward by hand: sessions expire, TOTP steps pass, tokens run out.
final class TestClock: Sendable {
    private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// Every test gets its own database: a private in-memory SQLite, or, when the test command
/// provides `LOTSE_TEST_POSTGRES_URL`, its own schema in the throwaway PostgreSQL cluster. So the
/// same suite runs on both, in parallel.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["LOTSE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isPostgres: Bool { postgresURL != nil }

    static func choice() -> LotseConfiguration.DatabaseChoice {
        guard let url = postgresURL else { return .sqliteMemory }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return .postgres(url: url, schema: String(schema))
    }
}

struct TestContext {
    let app: Application
    let clock: TestClock
    let fixture: Fixture

    func browser() -> Browser { Browser(app: app, clock: clock) }
    func api() -> APIClient { APIClient(app: app, clock: clock) }

    /// Case work as an operator command in `district` (the fixture's district A unless named), or in
    /// `scope`, acting as `actor` (the fixture's case manager unless named), at the test clock's time.
    func caseDesk(in district: UUID? = nil, scope: AccessScope? = nil, as actor: UUID? = nil, requestID: String = "test") -> CaseDesk {
        CaseDesk(scope: scope ?? .operatorCommand(.workOnCases, districtID: district ?? fixture.districtA), db: app.db,
                 vault: ClientVault(keys: app.db(.keyStore), wrapper: app.lotse.clientKeys!), blindIndex: app.lotse.blindIndex!,
                 audit: app.audit(requestID: requestID), now: clock.now, actorID: actor ?? fixture.caseManager.id)
    }

    /// Bodies, meetings and decisions of district A as its coordination, at the test clock's time.
    func steeringDesk() throws -> SteeringDesk {
        SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: fixture.districtA), db: app.db, audit: app.audit(requestID: "test"),
                     now: clock.now, actorID: fixture.users[.coordinator]!.id, people: try app.knownPeople(audit: app.audit(requestID: "test")))
    }

    /// Findings and topics of district A as its coordination, at the test clock's time.
    func topicDesk() throws -> TopicDesk {
        TopicDesk(scope: .operatorCommand(.manageTopics, districtID: fixture.districtA), db: app.db, audit: app.audit(requestID: "test"),
                  now: clock.now, actorID: fixture.users[.coordinator]!.id, people: try app.knownPeople(audit: app.audit(requestID: "test")))
    }
}

/// Runs `body` against a fresh, migrated Lotse with the standard fixture.
func withLotse(
    migrate: Bool = true,
    logger: Logger? = nil,
    adjust: (inout LotseConfiguration) -> Void = { _ in },
    _ body: (TestContext) async throws -> Void
) async throws {
    let clock = TestClock()
    var configuration = LotseConfiguration(
        database: TestDatabase.choice(), dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("lotse-test-\(UUID())").path,
        masterKey: MasterKey.generate().key, passwordCost: 4, now: { clock.now })
    // A test sends a few requests at a time, and a hundred tests run at once against one PostgreSQL:
    // the production pool (8 per event loop) would take more connections than the server allows.
    configuration.databaseConnectionsPerEventLoop = 2
    adjust(&configuration)
    var schema: String?
    if case .postgres(_, let testSchema) = configuration.database { schema = testSchema }
    let app = try await Application.make(.testing)
    if let logger {
        app.logger = logger
    } else {
        // Failures show up as test issues; request logs would only bury them.
        app.logger.logLevel = .warning
    }
    do {
        try await configure(app, with: configuration)
        if let path = ProcessInfo.processInfo.environment["LOTSE_REACHED_STATUSES"] {
            app.middleware.use(ReachedStatusRecorder(path: path), at: .beginning)
        }
        app.responder.use(RouterBuiltOnce.factory())
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            try await prepareKeyStore(app)
        }
        var fixture = Fixture()
        if migrate {
            try await app.autoMigrate()
            fixture = try await Fixture.create(in: app)
        }
        try await body(TestContext(app: app, clock: clock, fixture: fixture))
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
            try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema + "_keys") CASCADE").run()
        }
        try await app.asyncShutdown()
    } catch {
        if let schema, let sql = app.db as? any SQLDatabase {
            try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
            try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema + "_keys") CASCADE").run()
        }
        try? await app.asyncShutdown()
        throw error
    }
}

extension TestContext {
    /// What Lotse publishes as the count of these records (`FigurePublisher`): the cell-key rule
    /// applied with the test's master key, so an expectation is exact however the ids fall.
    func published(_ ids: [UUID], threshold: Int = DisclosureControl.defaultThreshold) throws -> String {
        let keys = RecordKeys(masterKey: try #require(app.lotse.configuration.masterKey))
        return DisclosureControl.publish(keys.tally(ids), threshold: threshold).text(threshold: threshold)
    }
}

/// Vapor's in-memory tester asks the application for its responder on every request, and the
/// default one builds the whole router anew each time (a served Lotse builds it once, at start).
/// With Lotse's routes that was, with its tear-down, an eighth of the suites' time. No test adds a
/// route or middleware after its first request, so the router built for that one serves them all.
enum RouterBuiltOnce {
    static func factory() -> @Sendable (Application) -> any Responder {
        let built = NIOLockedValueBox<(any Responder)?>(nil)
        return { app in
            built.withLockedValue { responder in
                if let responder { return responder }
                let fresh = app.responder.default
                responder = fresh
                return fresh
            }
        }
    }
}
