import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct AccountTests {
    @Test func theUserSeesAndEndsTheirOtherSessions() async throws {
        try await withLotse { context in
            let office = context.browser()
            let laptop = context.browser()
            office.headers.replaceOrAdd(name: .userAgent, value: "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0")
            try await office.signIn(context.fixture.caseManager)
            try await laptop.signIn(context.fixture.caseManager)
            let page = try await office.get(SiteURL.account.path).body.string
            #expect(page.contains("Firefox unter Windows"))
            #expect(page.contains("diese Sitzung"))
            #expect(page.components(separatedBy: "/end\"").count - 1 == 2)
            #expect(page.contains("Alle anderen Sitzungen beenden"))
            let ended = try await office.post("/account/sessions/end-others")
            #expect(ended.headers.first(name: .location) == "/account?hinweis=sitzung-beendet")
            #expect(try await laptop.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            #expect(try await office.get(SiteURL.start.path).status == .ok)
        }
    }

    @Test func endingOneSessionAndSomeoneElsesIsNotFound() async throws {
        try await withLotse { context in
            let mine = context.browser()
            let second = context.browser()
            let other = context.browser()
            try await mine.signIn(context.fixture.caseManager)
            try await second.signIn(context.fixture.caseManager)
            try await other.signIn(context.fixture.admin)
            let otherSession = try #require(try await UserSession.query(on: context.app.db).filter(\.$user.$id == context.fixture.admin.id).first())
            try await mine.get(SiteURL.account.path)
            let foreign = try await mine.post("/account/sessions/\(try otherSession.requireID())/end")
            #expect(foreign.status == .notFound)
            #expect(try await other.get(SiteURL.start.path).status == .ok)
            let secondSession = try #require(try await UserSession.query(on: context.app.db)
                .filter(\.$user.$id == context.fixture.caseManager.id).sort(\.$createdAt, .descending).first())
            let ended = try await mine.post("/account/sessions/\(try secondSession.requireID())/end")
            #expect(ended.headers.first(name: .location) == "/account?hinweis=sitzung-beendet")
            #expect(try await second.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            // Ending the own current session signs out.
            let ownSession = try #require(try await UserSession.query(on: context.app.db).filter(\.$user.$id == context.fixture.caseManager.id).first())
            let own = try await mine.post("/account/sessions/\(try ownSession.requireID())/end")
            #expect(own.headers.first(name: .location) == "/sign-in?hinweis=abgemeldet")
        }
    }

    @Test func changingTheOwnPasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await withLotse { context in
            let user = context.fixture.caseManager
            let office = context.browser()
            let laptop = context.browser()
            try await office.signIn(user)
            try await laptop.signIn(user)
            #expect(try await office.get(SiteURL.account.path).body.string.contains("href=\"/account/password\""))
            try await office.get(SiteURL.accountPassword.path)
            let wrong = try await office.post(SiteURL.accountPassword.path, [("currentPassword", "falsch"), ("password", "Ampel-Fahrrad-Tulpe-9"), ("passwordRepeat", "Ampel-Fahrrad-Tulpe-9")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Das bisherige Passwort ist nicht richtig."))
            let weak = try await office.post(SiteURL.accountPassword.path, [("currentPassword", user.password), ("password", "Passwort1234"), ("passwordRepeat", "Passwort1234")])
            #expect(weak.body.string.contains("zu verbreitet"))
            let changed = try await office.post(SiteURL.accountPassword.path, [("currentPassword", user.password), ("password", "Ampel-Fahrrad-Tulpe-9"), ("passwordRepeat", "Ampel-Fahrrad-Tulpe-9")])
            #expect(changed.headers.first(name: .location) == "/account?hinweis=passwort-geaendert")
            #expect(try await office.get(SiteURL.start.path).status == .ok)
            #expect(try await laptop.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            let stored = try #require(try await User.find(user.id, on: context.app.db))
            #expect(try await context.app.password.async.verify(PasswordRules.prehash("Ampel-Fahrrad-Tulpe-9"), created: stored.passwordHash))
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == "signIn.passwordChanged").count() == 1)
        }
    }

    @Test func theNavigationShowsOnlyWhatTheRoleMayUse() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            let adminPage = try await admin.get(SiteURL.start.path).body.string
            #expect(adminPage.contains("href=\"/admin/users\""))
            #expect(adminPage.contains("href=\"/admin/organisation\""))
            for role in [Role.caseManager, .coordinator, .immigrationOffice, .steeringMember, .dataProtection] {
                let browser = context.browser()
                try await browser.signIn(context.fixture.users[role]!)
                let page = try await browser.get(SiteURL.start.path).body.string
                // The data-protection officer decides on role requests, and sees nothing else of the administration.
                #expect(!page.replacingOccurrences(of: "href=\"/admin/grant-requests\"", with: "").contains("href=\"/admin/"), "\(role) sieht Administrationslinks")
                #expect(page.contains("href=\"/admin/grant-requests\"") == (role == .dataProtection))
                #expect(page.contains("href=\"/account\""))
                #expect(try await browser.get(SiteURL.users.path).status == .forbidden)
                #expect(try await browser.get(SiteURL.organisation.path).status == .forbidden)
            }
        }
    }
}
