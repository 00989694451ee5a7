import Fluent
import SQLKit
import Foundation
import Testing
import VaporTesting
@testable import LotseApp

@Suite struct HealthTests {
    @Test func healthzAnswersWhileTheProcessRuns() async throws {
        try await withLotse(migrate: false) { context in
            let response = try await context.app.testing().sendRequest(.GET, SiteURL.healthz.path)
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .json)
            #expect(try response.content.decode(HealthController.Status.self).status == "ok")
        }
    }

    @Test func readyzIs503BeforeMigrationAnd200After() async throws {
        try await withLotse(migrate: false) { context in
            let before = try await context.app.testing().sendRequest(.GET, SiteURL.readyz.path)
            #expect(before.status == .serviceUnavailable)
            try await context.app.autoMigrate()
            let after = try await context.app.testing().sendRequest(.GET, SiteURL.readyz.path)
            #expect(after.status == .ok)
            #expect(after.body.string.contains("bereit"))
        }
    }

    /// Probes ask many times a minute: one that answers writes no log line, one that fails does,
    /// like every other request (`RequestLogMiddleware`).
    @Test func aProbeThatAnswersWritesNoLogLineAFailingOneDoes() async throws {
        let logs = LogCapture()
        try await withLotse(migrate: false, logger: logs.logger(level: .info)) { context in
            let tester = try context.app.testing()
            #expect(try await tester.sendRequest(.GET, SiteURL.readyz.path).status == .serviceUnavailable)
            let healthz = try await tester.sendRequest(.GET, SiteURL.healthz.path)
            #expect(healthz.status == .ok && healthz.headers.first(name: "X-Request-Id") != nil)
            #expect(try await tester.sendRequest(.GET, "/gibt-es-nicht").status == .notFound)
            let requests = logs.text.split(separator: "\n").filter { $0.contains(#""message":"request""#) }
            #expect(requests.contains { $0.contains(#""route":"/readyz""#) && $0.contains(#""status":"503""#) }, "\(requests)")
            #expect(requests.contains { $0.contains(#""route":"(keine Route)""#) && $0.contains(#""status":"404""#) }, "\(requests)")
            #expect(!requests.contains { $0.contains("/healthz") }, "\(requests)")
            #expect(requests.allSatisfy { $0.range(of: #""duration_ms":"\d+\.\d""#, options: .regularExpression) != nil }, "\(requests)")
        }
        #expect(RequestLogMiddleware.tenths(12.34) == "12.3" && RequestLogMiddleware.tenths(0.96) == "1.0" && RequestLogMiddleware.tenths(0) == "0.0")
    }

    @Test func readyzIs503WhileAMigrationIsPending() async throws {
        try await withLotse(migrate: false) { context in
            // As after an update that brought a new migration: one is recorded as not yet run.
            try await context.app.autoMigrate()
            try await MigrationLog.query(on: context.app.db).filter(\.$name == AddSignInFailureIndex().name).delete()
            let pending = try await context.app.testing().sendRequest(.GET, SiteURL.readyz.path)
            #expect(pending.status == .serviceUnavailable)
        }
    }
}

@Suite struct SecurityHeaderTests {
    static let expected = ["Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"]

    func expectHeaders(_ response: TestingHTTPResponse, _ what: String) {
        for name in Self.expected {
            #expect(response.headers.first(name: name) != nil, "\(name) fehlt bei \(what)")
        }
        let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(csp.contains("script-src 'self'"))
        #expect(!csp.contains("unsafe-inline"))
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
        #expect(response.headers.first(name: "X-Request-Id") != nil)
    }

    @Test func onPagesErrorsStaticFilesAndTheAPI() async throws {
        try await withLotse { context in
            let tester = try context.app.testing()
            expectHeaders(try await tester.sendRequest(.GET, SiteURL.signIn.path), "Seite")
            expectHeaders(try await tester.sendRequest(.GET, "/gibt-es-nicht"), "404")
            expectHeaders(try await tester.sendRequest(.GET, "/css/lotse.css"), "CSS")
            expectHeaders(try await tester.sendRequest(.GET, "/js/lotse.js"), "JS")
            expectHeaders(try await tester.sendRequest(.GET, "/api/v1/me"), "API-Fehler")
            expectHeaders(try await tester.sendRequest(.GET, SiteURL.healthz.path), "healthz")
        }
    }

    /// The middleware read the path only for requests without a route (`Route.isProbe`): the files
    /// are still served and may be cached, every page, probe and unknown address may not.
    @Test func onlyStaticStylesMayBeCached() async throws {
        try await withLotse { context in
            let tester = try context.app.testing()
            let css = try await tester.sendRequest(.GET, "/css/lotse.css")
            #expect(css.status == .ok && css.headers.contentType?.subType == "css")
            #expect(css.headers.first(name: .cacheControl) == nil)
            let script = try await tester.sendRequest(.GET, "/js/lotse.js")
            #expect(script.status == .ok && script.body.readableBytes > 0)
            for path in [SiteURL.signIn.path, SiteURL.healthz.path, "/gibt-es-nicht", "/api/v1/me"] {
                #expect(try await tester.sendRequest(.GET, path).headers.first(name: .cacheControl) == "no-store", "\(path)")
            }
        }
    }

    @Test func errorPageIsGermanWithRequestIdAndNoInternals() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let response = try await browser.get("/admin/users/keine-gueltige-id")
            #expect(response.status == .notFound)
            let page = response.body.string
            let requestID = try #require(response.headers.first(name: "X-Request-Id"))
            #expect(page.contains("lang=\"de\""))
            #expect(page.contains(requestID))
            for detail in ["Swift", ".swift", "Fluent", "SQL", "Abort", "/work/", "Stack"] {
                #expect(!page.contains(detail), "\(detail) steht auf der Fehlerseite")
            }
        }
    }

    @Test func unknownPagesAnswer404InGerman() async throws {
        try await withLotse { context in
            let response = try await context.app.testing().sendRequest(.GET, "/gibt-es-nicht")
            #expect(response.status == .notFound)
            #expect(response.body.string.contains("Diese Seite gibt es nicht"))
            #expect(response.body.string.contains(response.headers.first(name: "X-Request-Id") ?? "–"))
        }
    }

    @Test func apiErrorsAreGermanJSON() async throws {
        try await withLotse { context in
            let response = try await context.api().request(.GET, "/api/v1/me")
            #expect(response.status == .unauthorized)
            let body = try #require(try context.api().json(response) as? [String: Any])
            #expect(body["error"] as? Bool == true)
            #expect((body["reason"] as? String)?.contains("Bitte melden Sie sich an") == true)
            #expect(body["requestId"] as? String == response.headers.first(name: "X-Request-Id"))
            #expect(response.headers.first(name: "WWW-Authenticate") == "Bearer")
        }
    }

    @Test func malformedJSONIsAGerman400() async throws {
        try await withLotse { context in
            var headers = HTTPHeaders()
            headers.contentType = .json
            let response = try await context.app.testing().sendRequest(.POST, "/api/v1/auth/token", headers: headers, body: ByteBuffer(string: "{kaputt"))
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("kein gültiges JSON"))
        }
    }
}

@Suite struct SQLiteFileTests {
    @Test func theEmbeddedDatabaseUsesWALBusyTimeoutAndForeignKeys() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-file-\(UUID())").path
        try await withLotse(migrate: false, adjust: {
            $0.database = .sqliteFile(path: directory + "/lotse.sqlite")
        }) { context in
            try await context.app.autoMigrate()
            try await context.app.asyncBoot()
            guard let sql = context.app.db as? any SQLDatabase else { Issue.record("kein SQL"); return }
            let journal = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(journal == "wal")
            let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(keys == 1)
            let timeout = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect(timeout == 5000)
            #expect(FileManager.default.fileExists(atPath: directory + "/lotse.sqlite"))
            // The audit writer's own connection waits and syncs like the others.
            let writer = try #require(context.app.databases.database(.auditWriter, logger: context.app.logger,
                                                                      on: context.app.auditWriterLoop) as? any SQLDatabase)
            #expect(try await writer.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self) == 5000)
            #expect(try await writer.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) == 2, "FULL")
        }
    }

    /// Grouped audit entries are written through a connection of their own (issue 17), so three
    /// connections can write. One holds the write lock in its transaction while the other two wait
    /// for it, each waiting on a thread of the pool; the holder must still find a thread for its next
    /// statement. With two threads it found none until a waiter gave up after five seconds and its
    /// request failed.
    @Test func aWriterHoldingTheLockFinishesWhileTwoOthersWaitForIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-writers-\(UUID())").path
        try await withLotse(adjust: { $0.database = .sqliteFile(path: directory + "/lotse.sqlite"); $0.dataDirectory = directory }) { context in
            let app = context.app
            try await app.asyncBoot()
            let loops = Array(app.eventLoopGroup.makeIterator())
            let first = loops[0], second = loops.last ?? first
            let audit = app.audit(requestID: "drei-schreibende")
            let before = try await AuditTrailTests().entries(context).count
            let (locked, hasLock) = AsyncStream.makeStream(of: Void.self)
            let (release, mayGoOn) = AsyncStream.makeStream(of: Void.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await app.databases.database(.sqlite, logger: app.logger, on: first)!.transaction { database in
                        try await audit.record(.regionCreated, object: ("region", UUID()), on: database)
                        hasLock.yield()
                        for await _ in release { break }
                        try await audit.record(.regionCreated, object: ("region", UUID()), on: database)
                    }
                }
                for await _ in locked { break }
                group.addTask {
                    try await app.databases.database(.sqlite, logger: app.logger, on: second)!.transaction { database in
                        try await audit.record(.regionCreated, object: ("region", UUID()), on: database)
                    }
                }
                group.addTask { try await audit.record(.caseRead, object: ("case", UUID()), on: app.db) }
                // Time for both to reach the lock and wait; the outcome does not depend on it.
                try await Task.sleep(for: .milliseconds(300))
                mayGoOn.yield()
                try await group.waitForAll()
            }
            let stored = try await AuditTrailTests().entries(context)
            #expect(stored.count == before + 4)
            #expect(try await AuditCommand.verify(app) == .intact(entries: stored.count))
        }
    }
}

/// Two requests storing the same thing at once end in a refused unique key or foreign key: that is
/// a conflict to try again, told in German, never a server error with the database's own text.
@Suite struct ConstraintClashTests {
    struct ConstraintClash: DatabaseError, Error {
        var isSyntaxError: Bool { false }
        var isConnectionClosed: Bool { false }
        var isConstraintFailure: Bool { true }
        var description: String { "UNIQUE constraint failed: annual_reports.district_id" }
    }

    @Test func aConstraintFailureIsAConflictWithAGermanReason() async throws {
        try await withLotse(migrate: false) { context in
            let request = Request(application: context.app, method: .POST, url: "/api/v1/programme/reports", on: context.app.eventLoopGroup.next())
            let response = await LotseErrorMiddleware().response(for: ConstraintClash(), to: request)
            #expect(response.status == .conflict)
            let answer = try response.content.decode(APIError.self)
            #expect(answer.reason.contains("Bitte laden Sie die Seite neu"))
            let body = response.body.string ?? ""
            #expect(!body.isEmpty && !body.contains("UNIQUE") && !body.contains("annual_reports"))
        }
    }
}
