import Foundation
import Testing
import VaporTesting
@testable import LotseApp

/// A minimal browser for HTTP-level tests: keeps cookies, knows the last CSRF token it saw,
/// sends forms.
final class Browser: @unchecked Sendable {
    let app: Application
    let clock: TestClock
    var cookies: [String: String] = [:]
    var csrf: String?
    var headers: HTTPHeaders = [:]

    init(app: Application, clock: TestClock) {
        self.app = app
        self.clock = clock
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a form; the CSRF token of the last page is added unless `csrf: false`.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf includeCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if includeCSRF, let csrf { all.append(("_csrf", csrf)) }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse {
        var requestHeaders = headers
        if !cookies.isEmpty {
            requestHeaders.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if body != nil { requestHeaders.contentType = .urlEncodedForm }
        let response = try await app.testing().sendRequest(method, path, headers: requestHeaders,
                                                           body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.csrfToken(in: response.body.string) { csrf = token }
        return response
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Signs in through every step as a set-up user. Moves the clock on first, so that a code is
    /// never one already used (replay protection would rightly refuse it).
    @discardableResult
    func signIn(_ user: TestUser) async throws -> TestingHTTPResponse {
        clock.advance(by: 31)
        try await get(SiteURL.signIn.path)
        let afterPassword = try await post(SiteURL.signIn.path, [("username", user.username), ("password", user.password)])
        #expect(afterPassword.headers.first(name: .location) == SiteURL.signInCode.path)
        try await get(SiteURL.signInCode.path)
        let done = try await post(SiteURL.signInCode.path, [("code", user.code(at: clock.now))])
        #expect(done.headers.first(name: .location) == SiteURL.start.path)
        try await get(SiteURL.start.path)
        return done
    }
}

/// The JSON API as a client sees it.
struct APIClient: Sendable {
    let app: Application
    let clock: TestClock

    func token(for user: TestUser) async throws -> String {
        clock.advance(by: 31)
        let response = try await request(.POST, "/api/v1/auth/token", json: [
            "username": user.username, "password": user.password, "totpCode": user.code(at: clock.now),
        ])
        #expect(response.status == .created)
        return try response.content.decode(TokenAPIController.TokenResponse.self).token
    }

    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }

    func request(_ method: HTTPMethod, _ path: String, token: String? = nil, csv: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: csv))
    }

    func json(_ response: TestingHTTPResponse) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
    }

    /// POSTs to `/api/v1` + `path`, expects `status` and hands back the JSON object answered.
    func post(_ path: String, token: String, _ json: [String: Any], _ status: HTTPStatus,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await request(.POST, "/api/v1" + path, token: token, json: json)
        #expect(response.status == status, "\(path): \(response.body.string.prefix(600))", sourceLocation: sourceLocation)
        return (try? self.json(response) as? [String: Any]) ?? [:]
    }
}
