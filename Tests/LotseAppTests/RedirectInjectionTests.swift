import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// No input reaches a header: every browser route, called by a role that may use it, with each of
/// its fields and the usual return fields (`back`, `from`, `to`, `period`) set to a line break with
/// a header behind it, another host or a path with a backslash. No answer may carry an extra
/// header or cookie, and every redirect stays on a path of Lotse.
@Suite struct RedirectInjectionTests {
    static let hostile = [
        "/topics/\(UUID().uuidString)\r\nSet-Cookie: pwn=1",
        "https://evil.example/",
        "//evil.example/findings",
    ]
    static let returnFields = ["back", "from", "to", "period"]

    @Test func noFieldOfAnyRouteReachesAResponseHeader() async throws {
        try await withLotse { context in
            let world = try await MatrixWorld.make(context)
            var browsers: [Role: Browser] = [:]
            var sent = 0
            for key in AccessMatrix.rows.keys.sorted() {
                let row = AccessMatrix.rows[key]!
                guard row.kind == .page, key != "POST /sign-out", key != "POST /account/sessions/end-others",
                      let role = Role.allCases.first(where: { AccessMatrix.expected(row, role: $0, .own) == .allowed }) else { continue }
                let actor = try #require(context.fixture.users[role])
                if browsers[role] == nil {
                    let browser = context.browser()
                    try await browser.signIn(actor)
                    browsers[role] = browser
                }
                let browser = try #require(browsers[role])
                let (method, path) = try await world.request(for: key, row: row, .own, actor: actor)
                let names = Set(row.form.map(\.0)).union(Self.returnFields)
                for name in names.sorted() {
                    for value in Self.hostile {
                        let response: TestingHTTPResponse
                        if method == .GET {
                            var components = URLComponents()
                            components.queryItems = [URLQueryItem(name: name, value: value)]
                            response = try await browser.get(path + "?" + (components.percentEncodedQuery ?? ""))
                        } else {
                            response = try await browser.post(path, row.form.filter { $0.0 != name } + [(name, value)])
                        }
                        sent += 1
                        Self.expectNoInjection(response, "\(key) \(name)=\(value.debugDescription)")
                    }
                }
            }
            #expect(sent > 250)
        }
    }

    @Test func theFindingsReturnAddressIsRebuiltFromTheAddressTable() {
        let topic = UUID()
        #expect(TopicController.returnAddress("/topics/\(topic.uuidString)") == SiteURL.topic(.value(topic)).path)
        #expect(TopicController.returnAddress("/findings?lifeDomain=work&unassigned=1") == "/findings?lifeDomain=work&unassigned=1")
        #expect(TopicController.returnAddress("/topics/\(topic.uuidString)\r\nSet-Cookie: pwn=1") == SiteURL.findings.path)
        #expect(TopicController.returnAddress("//evil.example/findings") == SiteURL.findings.path)
        #expect(TopicController.returnAddress("/findings?x=%0D%0AX-Pwn:%201").hasPrefix("/findings?x=%0D%0A"))
        #expect(LocalAddress.isSafe("/findings?x=%0D%0A") && !LocalAddress.isSafe("/a\r\nb") && !LocalAddress.isSafe("https://evil.example"))
        #expect(!LocalAddress.isSafe("//evil.example") && !LocalAddress.isSafe("/\\evil.example") && !LocalAddress.isSafe("/ä"))
    }

    static func expectNoInjection(_ response: TestingHTTPResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!response.headers[.setCookie].contains { $0.contains("pwn") }, "\(what)", sourceLocation: sourceLocation)
        for (name, value) in response.headers {
            #expect(!value.contains("\r") && !value.contains("\n"), "\(what): \(name)", sourceLocation: sourceLocation)
        }
        if let location = response.headers.first(name: .location) {
            #expect(LocalAddress.isSafe(location) && !location.contains("evil"), "\(what): \(location)", sourceLocation: sourceLocation)
        }
    }
}
