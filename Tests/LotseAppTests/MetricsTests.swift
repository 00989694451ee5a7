import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp

/// Issue 14, part 5: `/metrics` in the Prometheus text format, only for this machine or with the
/// token of `LOTSE_METRICS_TOKEN`; requests by route pattern and status with their durations,
/// sign-in failures, rate-limit refusals, audit-append time; no id and no name in it.
@Suite struct MetricsTests {
    @Test func monitoringReadsCountsAndDurationsWithoutPersonalData() async throws {
        try await withLotse(adjust: { $0.metricsToken = "geheimes-token-fuer-die-ueberwachung"; $0.anonymousRequestsPerMinute = 6 }) { context in
            let person = context.browser()
            let user = context.fixture.users[.caseManager]!
            try await person.signIn(user)
            let desk = context.caseDesk()
            let file = try await desk.openCase(.init(municipalityID: context.fixture.municipalityA1, openedOn: desk.today, accessChannel: .walkIn))
            #expect(try await person.get("/cases/\(try file.requireID())").status == .ok)
            // A wrong password, then more anonymous requests than the limit of six a minute.
            let stranger = context.browser()
            _ = try await stranger.get(SiteURL.signIn.path)
            #expect(try await stranger.post(SiteURL.signIn.path, [("username", user.username), ("password", "falsch")]).status == .unprocessableEntity)
            for _ in 0..<5 { _ = try await stranger.get(SiteURL.signIn.path) }
            context.clock.advance(by: 60)

            // Without the token, and not from this machine: not found (the test client has no address).
            let tester = try context.app.testing()
            #expect(try await tester.sendRequest(.GET, SiteURL.metrics.path).status == .notFound)
            #expect(try await tester.sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer falsch"]).status == .notFound)
            let scraped = try await tester.sendRequest(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer geheimes-token-fuer-die-ueberwachung"])
            #expect(scraped.status == .ok && scraped.headers.contentType?.description.hasPrefix("text/plain") == true)
            let text = scraped.body.string
            #expect(text.contains(#"http_requests_total{method="GET",path="/cases/:caseID",status="200"}"#))
            #expect(text.contains("http_request_duration_seconds_bucket{"))
            #expect(text.contains(#"lotse_sign_in_failures_total{step="password"}"#))
            #expect(text.contains("lotse_rate_limit_refusals_total"))
            #expect(text.contains("lotse_audit_append_duration_seconds_count"))
            // No id, no user name, no address in any line.
            let ids = try Regex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
            #expect(text.firstMatch(of: ids) == nil && !text.contains(user.username))
        }
    }

    @Test func aClientOnThisMachineReadsItWithoutAToken() async throws {
        try await withLotse { context in
            let running = try context.app.testing(method: .running(port: 0))
            #expect(try await running.sendRequest(.GET, SiteURL.healthz.path).status == .ok)
            let local = try await running.sendRequest(.GET, SiteURL.metrics.path)
            #expect(local.status == .ok && local.body.string.contains("http_requests_total"))
        }
    }
}

/// The pool's use is counted where every database access passes: a transaction holds one
/// connection for its whole length, however many queries it runs, and Lotse's own SQL is counted too.
@Suite struct DatabasePoolGaugeTests {
    @Test func aTransactionHoldsOneConnectionUntilItEnds() async throws {
        try await withLotse { context in
            let gauge = DatabasePoolGauge(database: "pool-test")
            let metered = MeteredDatabase(inner: context.app.db, gauge: gauge)
            #expect(gauge.current == 0)
            let during = try await metered.transaction { db in
                let before = gauge.current
                _ = try await User.query(on: db).count()
                _ = try await User.query(on: db).count()
                return (before, gauge.current)
            }
            #expect(during == (1, 1))
            #expect(gauge.current == 0)
            // Lotse's SQL reaches the wrapped database as an SQL database, and is counted while it runs.
            let sql = try #require(metered as any Database as? any SQLDatabase)
            try await sql.raw("SELECT 1").run()
            #expect(gauge.current == 0)
            await #expect(throws: (any Error).self) { try await sql.raw("SELECT * FROM no_such_table").run() }
            #expect(gauge.current == 0)
        }
    }

    @Test func monitoringSeesThePoolsSizeAndUse() async throws {
        try await withLotse { context in
            let running = try context.app.testing(method: .running(port: 0))
            let text = try await running.sendRequest(.GET, SiteURL.metrics.path).body.string
            #expect(text.contains(#"lotse_database_connections_in_use{database="main"}"#))
            #expect(text.contains(#"lotse_database_connections_in_use{database="keys"}"#))
            #expect(text.contains(#"lotse_database_connections_max{database="main"}"#))
        }
    }
}
