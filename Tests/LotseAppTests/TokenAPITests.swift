import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct TokenAPITests {
    @Test func aTokenIsIssuedUsedRevokedAndExpires() async throws {
        try await withLotse { context in
            let api = context.api()
            let user = context.fixture.caseManager
            let token = try await api.token(for: user)
            let me = try #require(try api.json(try await api.request(.GET, "/api/v1/me", token: token)) as? [String: Any])
            #expect((me["user"] as? [String: Any])?["username"] as? String == user.username)
            #expect(me["permissions"] as? [String] == ["useOwnAccount", "readDirectory", "editDirectory", "readCoverage", "recordBriefContact", "readCases", "workOnCases", "answerEvidenceRequest", "readRequirements", "readCampaign"])
            #expect(try await api.request(.DELETE, "/api/v1/auth/token", token: token).status == .noContent)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .unauthorized)

            let second = try await api.token(for: user)
            context.clock.advance(by: 8 * 3600 + 60)
            #expect(try await api.request(.GET, "/api/v1/me", token: second).status == .unauthorized)
            #expect(try await api.request(.GET, "/api/v1/me", token: "erfunden").status == .unauthorized)
            // Stored as a hash only.
            let stored = try await APIToken.query(on: context.app.db).all()
            #expect(stored.allSatisfy { $0.tokenHash != second && $0.tokenHash.count == 64 })
        }
    }

    @Test func wrongCredentialsCodesAndUnfinishedSetupAreRefused() async throws {
        try await withLotse { context in
            let api = context.api()
            let user = context.fixture.admin
            let wrongPassword = try await api.request(.POST, "/api/v1/auth/token", json: ["username": user.username, "password": "nein-nein-nein", "totpCode": "123456"])
            let unknown = try await api.request(.POST, "/api/v1/auth/token", json: ["username": "wer.bitte", "password": "nein-nein-nein", "totpCode": "123456"])
            #expect(wrongPassword.status == .unauthorized && unknown.status == .unauthorized)
            var first = try #require(try api.json(wrongPassword) as? [String: AnyHashable])
            var second = try #require(try api.json(unknown) as? [String: AnyHashable])
            first["requestId"] = nil
            second["requestId"] = nil
            #expect(first == second)
            let wrongCode = try await api.request(.POST, "/api/v1/auth/token", json: ["username": user.username, "password": user.password, "totpCode": "000000"])
            #expect(wrongCode.status == .unauthorized)
            let fresh = try await Fixture.makeUser(context.app, username: "noch.neu", districtID: context.fixture.districtA,
                                                   grants: [RoleGrant(role: .coordinator, scope: .district)], enrolled: false)
            let setup = try await api.request(.POST, "/api/v1/auth/token", json: ["username": fresh.username, "password": fresh.password, "totpCode": "123456"])
            #expect(setup.status == .forbidden)
            #expect(setup.body.string.contains("Ersteinrichtung"))
            for _ in 0..<5 {
                _ = try await api.request(.POST, "/api/v1/auth/token", json: ["username": "ziel", "password": "falsch-falsch", "totpCode": "1"])
            }
            let locked = try await api.request(.POST, "/api/v1/auth/token", json: ["username": "ziel", "password": "falsch-falsch", "totpCode": "1"])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: "Retry-After") == "900")
        }
    }

    @Test func browserCookiesDoNotWorkOnTheAPI() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test func theAPIListsAndEndsOwnBrowserSessions() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.caseManager)
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let sessions = try #require(try api.json(try await api.request(.GET, "/api/v1/me/sessions", token: token)) as? [[String: Any]])
            #expect(sessions.count == 1)
            let id = try #require(sessions.first?["id"] as? String)
            let adminToken = try await api.token(for: context.fixture.admin)
            #expect(try await api.request(.DELETE, "/api/v1/me/sessions/\(id)", token: adminToken).status == .notFound)
            #expect(try await api.request(.DELETE, "/api/v1/me/sessions/\(id)", token: token).status == .noContent)
            #expect(try await browser.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
        }
    }
}
