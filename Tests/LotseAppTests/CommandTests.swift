import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct CommandTests {
    func run(_ command: any AsyncCommand, _ arguments: [String], on app: Application) async throws {
        var context = CommandContext(console: app.console, input: CommandInput(arguments: ["lotse"] + arguments))
        context.application = app
        try await command.run(using: &context)
    }

    @Test func setupCreatesTheDistrictAndItsFirstAdministrator() async throws {
        try await withLotse { context in
            try await run(SetupCommand(), ["--district", "Kreis Höxter", "--username", "Eva.Schmidt", "--name", "Eva Schmidt"], on: context.app)
            let district = try #require(try await District.query(on: context.app.db).filter(\.$name == "Kreis Höxter").first())
            let eva = try #require(try await User.query(on: context.app.db).filter(\.$username == "eva.schmidt").first())
            #expect(eva.districtID == district.id)
            #expect(eva.mustChangePassword)
            let grants = try await ActorLoader.actor(for: eva, on: context.app.db).grants
            #expect(grants == [RoleGrant(role: .admin, scope: .district)])
            // The same username again is refused, nothing is created twice.
            await #expect(throws: ExitCode.self) {
                try await run(SetupCommand(), ["--district", "Kreis Höxter", "--username", "eva.schmidt", "--name", "Eva"], on: context.app)
            }
            await #expect(throws: ExitCode.self) { try await run(SetupCommand(), [], on: context.app) }
            #expect(try await District.query(on: context.app.db).filter(\.$name == "Kreis Höxter").count() == 1)
        }
    }

    @Test func deactivatingADistrictLocksItsPeopleOut() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.adminB)
            try await run(DistrictCommand(), ["--deactivate", "Kreis Anderswo"], on: context.app)
            #expect(try await browser.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            try await browser.get(SiteURL.signIn.path)
            let refused = try await browser.post(SiteURL.signIn.path, [("username", context.fixture.adminB.username), ("password", context.fixture.adminB.password)])
            #expect(refused.body.string.contains(SignInService.rejectedMessage))
            // The other district is untouched.
            try await context.browser().signIn(context.fixture.admin)
            try await run(DistrictCommand(), ["--activate", "Kreis Anderswo"], on: context.app)
            try await browser.signIn(context.fixture.adminB)
            #expect(try await browser.get(SiteURL.start.path).status == .ok)
            await #expect(throws: ExitCode.self) { try await run(DistrictCommand(), ["--deactivate", "Kreis Nirgendwo"], on: context.app) }
        }
    }
}

@Suite struct MigrationTests {
    @Test func migrationsRevertCleanlyAndRunAgain() async throws {
        try await withLotse { context in
            try await context.app.autoRevert()
            #expect(try await context.app.testing().sendRequest(.GET, SiteURL.readyz.path).status == .serviceUnavailable)
            try await context.app.autoMigrate()
            #expect(try await context.app.testing().sendRequest(.GET, SiteURL.readyz.path).status == .ok)
        }
    }

    /// The lookup and covering indexes (issue 17) exist after migrating, on SQLite and PostgreSQL alike.
    @Test func theLookupIndexesExist() async throws {
        try await withLotse { context in
            let sql = try #require(context.app.db as? any SQLDatabase)
            let query: SQLQueryString = sql.dialect.name == "sqlite"
                ? "SELECT name FROM sqlite_master WHERE type = 'index'" : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
            let names = Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
            for index in AddLookupIndexes.indexes + AddCoveringIndexes.indexes { #expect(names.contains(index.name), "\(index.name) fehlt") }
            #expect(names.contains(AddContactDayIndex.index.name), "\(AddContactDayIndex.index.name) fehlt")
        }
    }
}

@Suite struct PasswordHashingTests {
    @Test func passwordsSharingTheFirst72BytesDoNotBothVerify() async throws {
        try await withLotse { context in
            let common = String(repeating: "Lotse-", count: 12)  // 72 bytes
            let hash = try await context.app.password.async.hash(PasswordRules.prehash(common + "eins"))
            #expect(try await context.app.password.async.verify(PasswordRules.prehash(common + "eins"), created: hash))
            #expect(try await !context.app.password.async.verify(PasswordRules.prehash(common + "zwei"), created: hash))
            // Bcrypt alone would have accepted it: this is what the prehash protects against.
            let plain = try await context.app.password.async.hash(common + "eins")
            #expect(try await context.app.password.async.verify(common + "zwei", created: plain))
        }
    }
}

/// Over a real socket: the peer address is known, so the trusted-proxy rules can be seen working.
/// The ports lie below Linux's range for outgoing connections (32768–60999): a port drawn from
/// that range was once taken by one of the many PostgreSQL connections of the parallel suite, and the
/// server could not bind it ("Address already in use").
@Suite(.serialized) struct LiveServerTests {
    @Test func behindATrustedTLSProxyTheCookieIsSecureAndTheForwardedAddressCounts() async throws {
        try await withLotse(adjust: {
            $0.trustedProxies = ["127.0.0.1"]
            $0.throttle = SignInThrottle(window: 900, maxFailuresPerAccount: 100, maxFailuresPerAddress: 2)
        }) { context in
            let port = Int.random(in: 20_000...26_000)
            let tester = try context.app.testing(method: .running(hostname: "127.0.0.1", port: port))
            var headers: HTTPHeaders = ["X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"]
            let page = try await tester.sendRequest(.GET, SiteURL.signIn.path, headers: headers)
            let cookie = try #require(page.headers.first(name: .setCookie))
            #expect(cookie.contains("Secure"))
            let token = try #require(Browser.csrfToken(in: page.body.string))
            headers.replaceOrAdd(name: .cookie, value: cookie.split(separator: ";")[0].description)
            headers.contentType = .urlEncodedForm
            func attempt(from address: String) async throws -> HTTPStatus {
                headers.replaceOrAdd(name: "X-Forwarded-For", value: address)
                return try await tester.sendRequest(.POST, SiteURL.signIn.path, headers: headers,
                                                    body: ByteBuffer(string: "username=wer&password=falsch-falsch&_csrf=\(token)")).status
            }
            #expect(try await attempt(from: "198.51.100.7") == .unprocessableEntity)
            #expect(try await attempt(from: "198.51.100.7") == .unprocessableEntity)
            #expect(try await attempt(from: "198.51.100.7") == .tooManyRequests)
            // Another client behind the same proxy is not locked out by the first one.
            #expect(try await attempt(from: "203.0.113.20") == .unprocessableEntity)
        }
    }

    @Test func withoutATrustedProxyTheForwardedHeaderIsIgnored() async throws {
        try await withLotse(adjust: { $0.throttle = SignInThrottle(window: 900, maxFailuresPerAccount: 100, maxFailuresPerAddress: 2) }) { context in
            let port = Int.random(in: 26_001...32_000)
            let tester = try context.app.testing(method: .running(hostname: "127.0.0.1", port: port))
            let page = try await tester.sendRequest(.GET, SiteURL.signIn.path, headers: ["X-Forwarded-Proto": "https"])
            let cookie = try #require(page.headers.first(name: .setCookie))
            #expect(!cookie.contains("Secure"))
            let token = try #require(Browser.csrfToken(in: page.body.string))
            var headers: HTTPHeaders = ["Cookie": cookie.split(separator: ";")[0].description]
            headers.contentType = .urlEncodedForm
            var statuses: [HTTPStatus] = []
            for index in 0..<3 {
                // A client inventing a new address each time gains nothing.
                headers.replaceOrAdd(name: "X-Forwarded-For", value: "10.0.0.\(index)")
                statuses.append(try await tester.sendRequest(.POST, SiteURL.signIn.path, headers: headers,
                                                             body: ByteBuffer(string: "username=wer\(index)&password=falsch-falsch&_csrf=\(token)")).status)
            }
            #expect(statuses == [.unprocessableEntity, .unprocessableEntity, .tooManyRequests])
        }
    }
}
