import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct SignInTests {
    @Test func aSetUpUserSignsInWithPasswordAndCodeAndGetsANewSessionId() async throws {
        try await withLotse { context in
            let browser = context.browser()
            let user = context.fixture.admin
            try await browser.get(SiteURL.signIn.path)
            let response = try await browser.post(SiteURL.signIn.path, [("username", user.username), ("password", user.password)])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.signInCode.path)
            let pendingCookie = try #require(browser.cookies["lotse_session"])
            let cookieHeader = response.headers[.setCookie].joined()
            #expect(cookieHeader.contains("HttpOnly"))
            #expect(cookieHeader.contains("SameSite=Strict"))
            #expect(!cookieHeader.contains("Secure"), "über HTTP ohne TLS kein Secure-Cookie")
            // A pending sign-in reaches nothing but its own step.
            let blocked = try await browser.get(SiteURL.start.path)
            #expect(blocked.headers.first(name: .location) == SiteURL.signInCode.path)
            try await browser.get(SiteURL.signInCode.path)
            let done = try await browser.post(SiteURL.signInCode.path, [("code", user.code(at: context.clock.now))])
            #expect(done.headers.first(name: .location) == SiteURL.start.path)
            let activeCookie = try #require(browser.cookies["lotse_session"])
            #expect(activeCookie != pendingCookie)
            let start = try await browser.get(SiteURL.start.path)
            #expect(start.status == .ok)
            #expect(start.body.string.contains("Willkommen, Person \(user.username)"))
            // The pre-sign-in session id is worthless now.
            let stale = Browser(app: context.app, clock: context.clock)
            stale.cookies["lotse_session"] = pendingCookie
            #expect(try await stale.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
        }
    }

    @Test func wrongPasswordAndUnknownAccountGetTheSameAnswer() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            let wrong = try await browser.post(SiteURL.signIn.path, [("username", context.fixture.admin.username), ("password", "falsch-falsch-falsch")])
            let unknown = try await browser.post(SiteURL.signIn.path, [("username", "niemand.hier"), ("password", "falsch-falsch-falsch")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(unknown.status == .unprocessableEntity)
            let message = SignInService.rejectedMessage
            #expect(wrong.body.string.contains(message) && unknown.body.string.contains(message))
            // What was typed is kept, the password is not.
            #expect(unknown.body.string.contains("value=\"niemand.hier\""))
            #expect(!unknown.body.string.contains("falsch-falsch-falsch"))
        }
    }

    @Test func emptyFieldsGetAnErrorSummaryThatLinksToThem() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            let response = try await browser.post(SiteURL.signIn.path, [("username", ""), ("password", "")])
            let page = response.body.string
            #expect(page.contains("class=\"error-summary\""))
            #expect(page.contains("href=\"#username\""))
            #expect(page.contains("href=\"#password\""))
            #expect(page.contains("aria-invalid=\"true\""))
            #expect(page.contains("<title>Fehler: Anmelden – Lotse</title>"))
        }
    }

    @Test func failuresLockTheAccountNameWhetherOrNotItExists() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            for name in [context.fixture.admin.username, "gibt.es.nicht"] {
                for _ in 0..<5 {
                    try await browser.post(SiteURL.signIn.path, [("username", name), ("password", "daneben-daneben")])
                }
                let locked = try await browser.post(SiteURL.signIn.path, [("username", name), ("password", "daneben-daneben")])
                #expect(locked.status == .tooManyRequests)
                #expect(locked.body.string.contains(SignInService.lockedMessage))
            }
            // Even the right password is refused while locked …
            let refused = try await browser.post(SiteURL.signIn.path, [("username", context.fixture.admin.username), ("password", context.fixture.admin.password)])
            #expect(refused.status == .tooManyRequests)
            // … and accepted once the window has passed.
            context.clock.advance(by: 16 * 60)
            let accepted = try await browser.post(SiteURL.signIn.path, [("username", context.fixture.admin.username), ("password", context.fixture.admin.password)])
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func failuresFromOneAddressLockItForEveryAccount() async throws {
        try await withLotse(adjust: { $0.throttle = SignInThrottle(window: 900, maxFailuresPerAccount: 100, maxFailuresPerAddress: 3) }) { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            for index in 0..<3 {
                try await browser.post(SiteURL.signIn.path, [("username", "raten\(index)"), ("password", "daneben-daneben")])
            }
            let locked = try await browser.post(SiteURL.signIn.path, [("username", context.fixture.caseManager.username), ("password", context.fixture.caseManager.password)])
            #expect(locked.status == .tooManyRequests)
        }
    }

    @Test func aCodeCannotBeReplayed() async throws {
        try await withLotse { context in
            let user = context.fixture.admin
            let first = context.browser()
            try await first.signIn(user)
            let usedCode = user.code(at: context.clock.now)
            let second = context.browser()
            try await second.get(SiteURL.signIn.path)
            try await second.post(SiteURL.signIn.path, [("username", user.username), ("password", user.password)])
            try await second.get(SiteURL.signInCode.path)
            let replay = try await second.post(SiteURL.signInCode.path, [("code", usedCode)])
            #expect(replay.status == .unprocessableEntity)
            #expect(replay.body.string.contains(SignInService.wrongCodeMessage))
            // The code of the previous step is within ±1 but older than the used one: refused too.
            let older = try await second.post(SiteURL.signInCode.path, [("code", TOTP(secret: user.totpSecret).code(forStep: TOTP.step(at: context.clock.now) - 1))])
            #expect(older.status == .unprocessableEntity)
            // One step later the new code works.
            context.clock.advance(by: 30)
            let fresh = try await second.post(SiteURL.signInCode.path, [("code", user.code(at: context.clock.now))])
            #expect(fresh.headers.first(name: .location) == SiteURL.start.path)
        }
    }

    @Test func sessionsEndAfter30MinutesIdleAnd12HoursAtMost() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            context.clock.advance(by: 29 * 60)
            #expect(try await browser.get(SiteURL.start.path).status == .ok)
            context.clock.advance(by: 31 * 60)
            #expect(try await browser.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)

            try await browser.signIn(context.fixture.admin)
            for _ in 0..<24 {
                context.clock.advance(by: 29 * 60)
                _ = try await browser.get(SiteURL.start.path)
            }
            // 11 h 36 min of steady work: still signed in; past 12 h: not any more.
            #expect(try await browser.get(SiteURL.start.path).status == .ok)
            context.clock.advance(by: 25 * 60)
            #expect(try await browser.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let cookie = try #require(browser.cookies["lotse_session"])
            let response = try await browser.post(SiteURL.signOut.path)
            #expect(response.headers.first(name: .location) == "/sign-in?hinweis=abgemeldet")
            let stale = context.browser()
            stale.cookies["lotse_session"] = cookie
            #expect(try await stale.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            let page = try await browser.get("/sign-in?hinweis=abgemeldet")
            #expect(page.body.string.contains("Sie haben sich abgemeldet."))
        }
    }

    @Test func anUnfinishedSignInCanBeCancelled() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            try await browser.post(SiteURL.signIn.path, [("username", context.fixture.admin.username), ("password", context.fixture.admin.password)])
            let codePage = try await browser.get(SiteURL.signInCode.path)
            #expect(codePage.body.string.contains("Anmeldung abbrechen"))
            let cancelled = try await browser.post(SiteURL.signOut.path)
            #expect(cancelled.headers.first(name: .location) == "/sign-in?hinweis=abgemeldet")
            #expect(try await UserSession.query(on: context.app.db).count() == 0)
            #expect(try await browser.get(SiteURL.signInCode.path).headers.first(name: .location) == SiteURL.signIn.path)
        }
    }

    @Test func rootSendsToSignInOrStart() async throws {
        try await withLotse { context in
            let browser = context.browser()
            #expect(try await browser.get("/").headers.first(name: .location) == SiteURL.signIn.path)
            try await browser.signIn(context.fixture.admin)
            #expect(try await browser.get("/").headers.first(name: .location) == SiteURL.start.path)
            #expect(try await browser.get(SiteURL.signIn.path).headers.first(name: .location) == SiteURL.start.path)
        }
    }

    @Test func stepsOutOfOrderGoBackToTheStart() async throws {
        try await withLotse { context in
            let browser = context.browser()
            for path in [SiteURL.signInNewPassword.path, SiteURL.signInAuthenticator.path, SiteURL.signInCode.path] {
                #expect(try await browser.get(path).headers.first(name: .location) == SiteURL.signIn.path)
            }
            try await browser.get(SiteURL.signIn.path)
            for path in [SiteURL.signInNewPassword.path, SiteURL.signInAuthenticator.path, SiteURL.signInCode.path] {
                #expect(try await browser.post(path, [("code", "123456"), ("password", "x")]).headers.first(name: .location) == SiteURL.signIn.path)
            }
        }
    }
}

@Suite struct FirstSignInTests {
    @Test func oneTimePasswordThenOwnPasswordThenAuthenticator() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            try await admin.get("/admin/users/new")
            let created = try await admin.post(SiteURL.users.path, [
                ("displayName", "Eva Neu"), ("username", "Eva.Neu"), ("role", "caseManager"),
                ("scope-caseManager", "municipalities"), ("municipalities-caseManager", context.fixture.municipalityA2.uuidString),
            ])
            #expect(created.status == .created)
            let oneTime = try #require(created.body.string.firstMatch(of: /<p class="one-time-password"><code>([^<]+)<\/code>/)?.1).description
            // Case management waits for a second person (`FourEyesTests`): the data-protection officer confirms it.
            let request = try #require(try await RoleGrantRequest.query(on: context.app.db).first())
            _ = try await GrantApprovals.decide(try request.requireID(), approve: true, .operatorCommand(.approveGrants, districtID: context.fixture.districtA),
                                                by: context.fixture.users[.dataProtection]!.id, audit: context.app.audit(requestID: "test"),
                                                now: context.clock.now, on: context.app.db)

            let eva = context.browser()
            try await eva.get(SiteURL.signIn.path)
            let step1 = try await eva.post(SiteURL.signIn.path, [("username", "eva.neu"), ("password", oneTime)])
            #expect(step1.headers.first(name: .location) == SiteURL.signInNewPassword.path)
            try await eva.get(SiteURL.signInNewPassword.path)
            let tooShort = try await eva.post(SiteURL.signInNewPassword.path, [("password", "kurz"), ("passwordRepeat", "kurz")])
            #expect(tooShort.body.string.contains("mindestens 12 Zeichen"))
            let common = try await eva.post(SiteURL.signInNewPassword.path, [("password", "Passwort1234"), ("passwordRepeat", "Passwort1234")])
            #expect(common.body.string.contains("zu verbreitet"))
            let mismatch = try await eva.post(SiteURL.signInNewPassword.path, [("password", "Tulpe-Fahrrad-Regen-7"), ("passwordRepeat", "Tulpe-Fahrrad-Regen-8")])
            #expect(mismatch.body.string.contains("stimmen nicht überein"))
            let same = try await eva.post(SiteURL.signInNewPassword.path, [("password", oneTime), ("passwordRepeat", oneTime)])
            #expect(same.body.string.contains("nicht das bisherige Einmalpasswort"))
            let saved = try await eva.post(SiteURL.signInNewPassword.path, [("password", "Tulpe-Fahrrad-Regen-7"), ("passwordRepeat", "Tulpe-Fahrrad-Regen-7")])
            #expect(saved.headers.first(name: .location) == SiteURL.signInAuthenticator.path)

            let enrolment = try await eva.get(SiteURL.signInAuthenticator.path)
            let page = enrolment.body.string
            #expect(page.contains("<svg"))
            #expect(page.contains("aria-label=\"QR-Code zum Einrichten der Authenticator-App\""))
            let grouped = try #require(page.firstMatch(of: /id="totp-secret">([A-Z2-7 ]+)</)?.1).description
            let secret = try #require(Base32.decode(grouped))
            #expect(secret.count == 20)
            // Reloading shows the same secret until it is confirmed.
            #expect(try await eva.get(SiteURL.signInAuthenticator.path).body.string.contains(grouped))
            let wrong = try await eva.post(SiteURL.signInAuthenticator.path, [("code", "000000")])
            #expect(wrong.status == .unprocessableEntity)
            let enrolled = try await eva.post(SiteURL.signInAuthenticator.path, [("code", TOTP(secret: secret).code(at: context.clock.now))])
            #expect(enrolled.headers.first(name: .location) == SiteURL.start.path)
            let start = try await eva.get(SiteURL.start.path)
            #expect(start.body.string.contains("Neustadt"))

            // Next time: password and code, no setup.
            try await eva.post(SiteURL.signOut.path)
            context.clock.advance(by: 31)
            try await eva.get(SiteURL.signIn.path)
            let again = try await eva.post(SiteURL.signIn.path, [("username", "eva.neu"), ("password", "Tulpe-Fahrrad-Regen-7")])
            #expect(again.headers.first(name: .location) == SiteURL.signInCode.path)
            // The secret is stored sealed, never in plain text.
            let stored = try #require(try await User.query(on: context.app.db).filter(\.$username == "eva.neu").first())
            #expect(stored.totpSecretSealed != nil)
            #expect(!(stored.totpSecretSealed ?? "").contains(Base32.encode(secret)))
            #expect(stored.passwordHash.hasPrefix("$2"))
        }
    }
}

@Suite struct FormProtectionTests {
    @Test func aFormWithoutOrWithAForeignCSRFTokenIsRefused() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let missing = try await browser.post(SiteURL.district.path, [("name", "Gekapert")], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.string.contains("Das Formular ist abgelaufen"))
            let other = context.browser()
            try await other.signIn(context.fixture.caseManager)
            let foreign = try await browser.post(SiteURL.district.path, [("name", "Gekapert"), ("_csrf", other.csrf ?? "")], csrf: false)
            #expect(foreign.status == .forbidden)
            let anonymous = context.browser()
            let noCookie = try await anonymous.post(SiteURL.signIn.path, [("username", "x"), ("password", "y"), ("_csrf", "erfunden-erfunden-erfunden-erfunden")], csrf: false)
            #expect(noCookie.status == .forbidden)
        }
    }

    @Test func aStateChangingRequestFromAForeignOriginIsRefused() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            browser.headers.replaceOrAdd(name: .host, value: "lotse.kreis.example")
            browser.headers.replaceOrAdd(name: .origin, value: "https://boese.example")
            #expect(try await browser.post(SiteURL.district.path, [("name", "Gekapert")]).status == .forbidden)
            browser.headers.replaceOrAdd(name: .origin, value: "https://lotse.kreis.example")
            #expect(try await browser.post(SiteURL.district.path, [("name", "Kreis Testhausen")]).status == .seeOther)
            browser.headers.remove(name: .origin)
            browser.headers.replaceOrAdd(name: "Sec-Fetch-Site", value: "cross-site")
            #expect(try await browser.post(SiteURL.district.path, [("name", "Gekapert")]).status == .forbidden)
            let district = try await District.find(context.fixture.districtA, on: context.app.db)
            #expect(district?.name == "Kreis Testhausen")
        }
    }
}
