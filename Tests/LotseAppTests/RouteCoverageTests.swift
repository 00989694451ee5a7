import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Every route of the application must be listed here with what an anonymous visitor and a
/// signed-in person without administration rights get. A new route without a row fails the test,
/// so nothing slips in unprotected. (The full role × scope matrix follows with the access policy issue.)
@Suite struct RouteCoverageTests {
    enum Expectation: Equatable {
        /// Open to everyone.
        case open
        /// Browser pages: anonymous visitors are sent to the sign-in.
        case signInRequired
        /// Sign-in steps: without a session in that step, back to the start of the sign-in.
        case signInStep
        /// API: 401 without a token.
        case tokenRequired
    }

    struct Row {
        let expectation: Expectation
        /// Only administrators may use it: others get 403.
        let adminOnly: Bool
    }

    static let id = "00000000-0000-4000-8000-000000000000"

    static let table: [String: Row] = [
        "GET /healthz": Row(expectation: .open, adminOnly: false),
        "GET /readyz": Row(expectation: .open, adminOnly: false),
        "GET /": Row(expectation: .open, adminOnly: false),
        "GET /sign-in": Row(expectation: .open, adminOnly: false),
        "POST /sign-in": Row(expectation: .open, adminOnly: false),
        "GET /sign-in/new-password": Row(expectation: .signInStep, adminOnly: false),
        "POST /sign-in/new-password": Row(expectation: .signInStep, adminOnly: false),
        "GET /sign-in/authenticator": Row(expectation: .signInStep, adminOnly: false),
        "POST /sign-in/authenticator": Row(expectation: .signInStep, adminOnly: false),
        "GET /sign-in/code": Row(expectation: .signInStep, adminOnly: false),
        "POST /sign-in/code": Row(expectation: .signInStep, adminOnly: false),
        "POST /sign-out": Row(expectation: .open, adminOnly: false),
        "GET /start": Row(expectation: .signInRequired, adminOnly: false),
        "GET /account": Row(expectation: .signInRequired, adminOnly: false),
        "POST /account/sessions/:sessionID/end": Row(expectation: .signInRequired, adminOnly: false),
        "POST /account/sessions/end-others": Row(expectation: .signInRequired, adminOnly: false),
        "GET /admin/organisation": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/district": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/regions/new": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/regions": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/regions/:regionID": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/regions/:regionID": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/municipalities/new": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/municipalities": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/municipalities/:municipalityID": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/municipalities/:municipalityID": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/users": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/users/new": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/users": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/users/:userID": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/users/:userID": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/users/:userID/deactivate": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/users/:userID/deactivate": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/users/:userID/activate": Row(expectation: .signInRequired, adminOnly: true),
        "GET /admin/users/:userID/reset": Row(expectation: .signInRequired, adminOnly: true),
        "POST /admin/users/:userID/reset": Row(expectation: .signInRequired, adminOnly: true),
        "GET /api/v1/openapi.json": Row(expectation: .open, adminOnly: false),
        "POST /api/v1/auth/token": Row(expectation: .open, adminOnly: false),
        "DELETE /api/v1/auth/token": Row(expectation: .tokenRequired, adminOnly: false),
        "GET /api/v1/me": Row(expectation: .tokenRequired, adminOnly: false),
        "GET /api/v1/me/sessions": Row(expectation: .tokenRequired, adminOnly: false),
        "DELETE /api/v1/me/sessions/:sessionID": Row(expectation: .tokenRequired, adminOnly: false),
        "GET /api/v1/district": Row(expectation: .tokenRequired, adminOnly: true),
        "PATCH /api/v1/district": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/regions": Row(expectation: .tokenRequired, adminOnly: true),
        "POST /api/v1/regions": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/regions/:regionID": Row(expectation: .tokenRequired, adminOnly: true),
        "PATCH /api/v1/regions/:regionID": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/municipalities": Row(expectation: .tokenRequired, adminOnly: true),
        "POST /api/v1/municipalities": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/municipalities/:municipalityID": Row(expectation: .tokenRequired, adminOnly: true),
        "PATCH /api/v1/municipalities/:municipalityID": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/users": Row(expectation: .tokenRequired, adminOnly: true),
        "POST /api/v1/users": Row(expectation: .tokenRequired, adminOnly: true),
        "GET /api/v1/users/:userID": Row(expectation: .tokenRequired, adminOnly: true),
        "PATCH /api/v1/users/:userID": Row(expectation: .tokenRequired, adminOnly: true),
        "POST /api/v1/users/:userID/reset-access": Row(expectation: .tokenRequired, adminOnly: true),
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    static func concretePath(_ key: String) -> (HTTPMethod, String) {
        let parts = key.split(separator: " ", maxSplits: 1)
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? Self.id : String($0) }.joined(separator: "/")
        return (HTTPMethod(rawValue: String(parts[0])), path.isEmpty ? "/" : path)
    }

    @Test func everyRouteHasARowAndEveryRowARoute() async throws {
        try await withLotse { context in
            let routes = Set(context.app.routes.all.map(Self.key))
            let listed = Set(Self.table.keys)
            #expect(routes.subtracting(listed).isEmpty, "Routen ohne Zeile: \(routes.subtracting(listed).sorted())")
            #expect(listed.subtracting(routes).isEmpty, "Zeilen ohne Route: \(listed.subtracting(routes).sorted())")
        }
    }

    @Test func anonymousVisitorsGetWhatTheTableSays() async throws {
        try await withLotse { context in
            for (key, row) in Self.table {
                let (method, path) = Self.concretePath(key)
                let browser = context.browser()
                try await browser.get("/sign-in")  // a CSRF cookie, as a real browser would have
                let response = method == .GET ? try await browser.get(path)
                    : try await browser.send(method, path, body: "_csrf=\(browser.csrf ?? "")")
                switch row.expectation {
                case .open:
                    #expect(response.status.code < 500, "\(key)")
                case .signInRequired, .signInStep:
                    #expect(response.status == .seeOther || response.status == .found, "\(key): \(response.status)")
                    #expect(response.headers.first(name: .location) == "/sign-in", "\(key)")
                case .tokenRequired:
                    #expect(response.status == .unauthorized, "\(key): \(response.status)")
                }
            }
        }
    }

    @Test func signedInNonAdministratorsAreRefusedAdministration() async throws {
        try await withLotse { context in
            let caseManager = context.fixture.caseManager
            let browser = context.browser()
            try await browser.signIn(caseManager)
            let token = try await context.api().token(for: caseManager)
            for (key, row) in Self.table where row.adminOnly {
                let (method, path) = Self.concretePath(key)
                let response: TestingHTTPResponse
                if row.expectation == .tokenRequired {
                    response = try await context.api().request(method, path, token: token, json: method == .GET ? nil : [:])
                } else {
                    response = method == .GET ? try await browser.get(path) : try await browser.post(path)
                }
                #expect(response.status == .forbidden, "\(key): \(response.status)")
            }
        }
    }
}
