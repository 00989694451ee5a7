import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Every link and every form on every page a demo account reaches leads to an address a route
/// answers: the crawl signs in as each role, follows the links, and checks each `href`, `src` and
/// form `action` against the route table (and, for links, by fetching them).
@Suite struct SiteLinksTests {
    struct Reference {
        let method: HTTPMethod
        let path: String
        let page: String
    }

    /// Same-site addresses in a page: links and sources (GET) and forms (their method).
    static func references(in html: String, on page: String) -> [Reference] {
        var found: [Reference] = []
        func matches(_ pattern: String) -> [[String]] {
            guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
            let text = html as NSString
            return expression.matches(in: html, range: NSRange(location: 0, length: text.length)).map { match in
                (0..<match.numberOfRanges).map { match.range(at: $0).location == NSNotFound ? "" : text.substring(with: match.range(at: $0)) }
            }
        }
        for groups in matches(#"<(?:a|link|script)\b[^>]*?\b(?:href|src)="([^"]*)""#) {
            found.append(Reference(method: .GET, path: groups[1], page: page))
        }
        for groups in matches(#"<form\b([^>]*)>"#) {
            let attributes = groups[1]
            let method = attributes.range(of: #"method="post""#, options: [.regularExpression, .caseInsensitive]) == nil ? HTTPMethod.GET : .POST
            guard let action = attributes.range(of: #"action="[^"]*""#, options: .regularExpression) else {
                Issue.record("Ein Formular ohne action auf \(page)")
                continue
            }
            found.append(Reference(method: method, path: String(attributes[action].dropFirst(8).dropLast()), page: page))
        }
        return found.compactMap { reference in
            let path = reference.path.replacingOccurrences(of: "&amp;", with: "&")
            // An anchor on the page, or an address outside Lotse (a provider's website, mail, phone).
            if path.hasPrefix("#") && path.count > 1 || ["https://", "http://", "mailto:", "tel:"].contains(where: path.hasPrefix) { return nil }
            // Anything else must be a Lotse address: an empty or relative one is a view model that lost its link.
            guard path.hasPrefix("/"), !path.hasPrefix("//") else {
                Issue.record("„\(reference.path)“ auf \(page) ist keine Adresse von Lotse")
                return nil
            }
            return Reference(method: reference.method, path: path, page: reference.page)
        }
    }

    /// Whether a declared route answers `method` at `path` (the query and fragment are not part of it).
    static func routed(_ method: HTTPMethod, _ path: String, in routes: [Route]) -> Bool {
        let parts = path.split(separator: "?")[0].split(separator: "#").first.map { $0.split(separator: "/").map(String.init) } ?? []
        return routes.contains { route in
            guard route.method == method, route.path.count == parts.count || route.path.last == .catchall else { return false }
            return zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let text): text == part
                case .parameter: !part.isEmpty
                case .anything, .catchall: true
                }
            }
        }
    }

    static func shape(_ path: String) -> String {
        path.replacingOccurrences(of: #"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"#, with: ":id", options: .regularExpression)
            .replacingOccurrences(of: #"=\d{4}-[12]\b"#, with: "=:halbjahr", options: .regularExpression)
    }

    @Test func everyLinkAndFormOfEveryRoleLeadsToARoute() async throws {
        try await withLotse(migrate: false, adjust: { $0.isDemo = true }) { context in
            try await context.app.autoMigrate()
            #expect(try await DemoSeeder.seed(context.app))
            let district = try #require(try await District.query(on: context.app.db).filter(\.$name == "Kreis Paderborn").first())
            let routes = context.app.routes.all
            let publicFolder = context.app.directory.publicDirectory
            var checked = 0

            for account in try #require(DemoAccounts.stored(at: context.app.lotse.configuration.demoCredentialsPath)) {
                let user = TestUser(id: UUID(), username: account.username, password: account.password,
                                    totpSecret: try #require(Base32.decode(account.totpSecret)), districtID: try district.requireID(), canary: "")
                let browser = context.browser()
                try await browser.signIn(user)

                var queue = [SiteURL.start.path], seen = Set<String>(), shapes: [String: Int] = [:], fetched = Set<String>()
                while let page = queue.first, seen.count < 250 {
                    queue.removeFirst()
                    guard seen.insert(page).inserted else { continue }
                    let shape = Self.shape(page)
                    guard shapes[shape, default: 0] < 2 else { continue }
                    shapes[shape, default: 0] += 1
                    let response = try await browser.get(page)
                    #expect(response.status == .ok, "\(account.role): \(page) antwortet \(response.status.code)")
                    guard response.headers.contentType?.subType == "html" else { continue }

                    for reference in Self.references(in: response.body.string, on: page) {
                        checked += 1
                        let path = String(reference.path.split(separator: "?", omittingEmptySubsequences: false)[0])
                        let isFile = FileManager.default.fileExists(atPath: publicFolder + path.dropFirst())
                        #expect(isFile || Self.routed(reference.method, path, in: routes),
                                "\(account.role): \(reference.method) \(reference.path) auf \(page) – keine Route antwortet")
                        guard reference.method == .GET, !fetched.contains(reference.path) else { continue }
                        fetched.insert(reference.path)
                        if isFile || path == SiteURL.root.path || path.hasPrefix(SiteURL.signIn.path) { continue }
                        if !seen.contains(reference.path) { queue.append(reference.path) }
                    }
                }
                #expect(seen.count > 3, "\(account.role) erreicht nur \(seen.sorted())")
            }
            #expect(checked > 500, "nur \(checked) Verweise geprüft")
        }
    }

    @Test func aLinkToNoRouteIsFound() {
        let page = #"<a href=SiteURL.cases.path>Fälle</a> <a href="/nirgends/42">?</a> <form method="post" action="/cases/search"></form> <form action="/topics/x/gibt-es-nicht"></form>"#
        let references = Self.references(in: page, on: "/test")
        let answer = AsyncBasicResponder { _ in Response() }
        let routes = [(HTTPMethod.GET, SiteURL.cases), (.POST, .caseSearch), (.GET, .topic(.key))].map {
            Route(method: $0.0, path: $0.1.pattern, responder: answer, requestType: Request.self, responseType: Response.self)
        }
        let unanswered = references.filter { !Self.routed($0.method, $0.path, in: routes) }.map(\.path)
        #expect(unanswered == ["/nirgends/42", "/topics/x/gibt-es-nicht"])
    }
}
