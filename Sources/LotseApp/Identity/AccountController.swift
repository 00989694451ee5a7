import Fluent
import LotseCore
import Vapor

/// "Mein Konto": one's roles and the sessions one is signed in with, each of which can be ended.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.account, use: show)
        routes.post(.accountEndSession(.key), use: endSession)
        routes.post(.accountEndOtherSessions, use: endOthers)
        routes.get(.accountPassword, use: passwordForm)
        routes.post(.accountPassword, use: changePassword)
    }

    struct PasswordForm: Encodable {
        let minimumLength = PasswordRules.minimumLength
        let action = SiteURL.accountPassword
        let cancel = SiteURL.account
    }

    func passwordForm(req: Request) async throws -> Response {
        try req.authorize(.useOwnAccount)
        return try await req.render("identity/account-password", title: "Passwort ändern", content: PasswordForm(),
                                    breadcrumbs: [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Mein Konto", href: SiteURL.account.path)])
    }

    /// Needs the current password (a wrong one counts as a failed sign-in) and ends every other
    /// session and every API token of the person, so a credential someone else may hold does not
    /// survive the change.
    func changePassword(req: Request) async throws -> Response {
        let access = try req.authorize(.useOwnAccount)
        let user = access.user
        let fields = try await req.formFields()
        let password = fields.first("password") ?? ""
        var failure = ValidationFailure()
        if try await SignInService.isLocked(username: user.username, request: req) {
            failure.add("currentPassword", SignInService.lockedMessage)
        } else if try await !req.password.async.verify(PasswordRules.prehash(fields.first("currentPassword") ?? ""), created: user.passwordHash) {
            try await SignInService.recordFailure(username: user.username, request: req, on: req.db)
            failure.add("currentPassword", "Das bisherige Passwort ist nicht richtig.")
        } else if let problem = PasswordRules.choiceProblem(password: password, repeated: fields.first("passwordRepeat"), username: user.username) {
            failure.add(problem.field, problem.message)
        } else if password == fields.first("currentPassword") {
            failure.add("password", "Bitte wählen Sie ein anderes als das bisherige Passwort.")
        }
        if !failure.isEmpty {
            return try await req.render("identity/account-password", title: "Passwort ändern", content: PasswordForm(),
                                        breadcrumbs: [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Mein Konto", href: SiteURL.account.path)],
                                        failure: failure)
        }
        user.passwordHash = try await SignInService.hash(password, request: req)
        let current = access.signedIn.session?.id
        let userID = try user.requireID()
        try await req.db.transaction { database in
            try await user.save(on: database)
            try await SessionStore.endOthers(of: userID, keeping: current, on: database, now: req.now)
            try await req.audit.record(.passwordChanged, object: ("user", userID), on: database)
        }
        return req.seeOther(.account, notice: .passwordChanged)
    }

    struct AccountPage: Encodable {
        let displayName: String
        let username: String
        let roles: [RoleDescription]
        let sessions: [SessionRow]
        let hasOtherSessions: Bool
        let changePassword = SiteURL.accountPassword
        let endOthers = SiteURL.accountEndOtherSessions
    }

    struct SessionRow: Encodable {
        let id: String
        let startedAt: String
        let lastSeenAt: String
        let clientAddress: String
        let userAgent: String
        let isCurrent: Bool
        let end: SiteURL?
    }

    func show(req: Request) async throws -> Response {
        let access = try req.authorize(.useOwnAccount)
        let sessions = try await AccountService.activeSessions(of: access.user, on: req)
        let rows = sessions.map { session in
            SessionRow(
                id: session.id?.uuidString ?? "",
                startedAt: GermanFormat.dateTime(session.createdAt),
                lastSeenAt: GermanFormat.dateTime(session.lastSeenAt),
                clientAddress: session.clientAddress,
                userAgent: BrowserName.describe(session.userAgent),
                isCurrent: session.id == access.signedIn.session?.id,
                end: session.id.map { SiteURL.accountEndSession(.value($0)) })
        }
        let page = AccountPage(
            displayName: access.user.displayName, username: access.user.username,
            roles: try await RoleDescription.describe(access.actor.grants, access.scope, on: req.db),
            sessions: rows, hasOtherSessions: rows.contains { !$0.isCurrent })
        try await req.audit.record(.accountRead, object: ("user", access.user.id), on: req.db)
        return try await req.render("identity/account", title: "Mein Konto", content: page)
    }

    func endSession(req: Request) async throws -> Response {
        let access = try req.authorize(.useOwnAccount)
        let id = try req.id("sessionID")
        try await AccountService.endSession(id, of: access.user, audit: req.audit, on: req.db)
        if id == access.signedIn.session?.id {
            return req.seeOther(.signIn, notice: .signedOut)
        }
        return req.seeOther(.account, notice: .sessionEnded)
    }

    func endOthers(req: Request) async throws -> Response {
        let access = try req.authorize(.useOwnAccount)
        try await AccountService.endOtherSessions(of: access.user, keeping: access.signedIn.session?.id, now: req.now, audit: req.audit, on: req.db)
        return req.seeOther(.account, notice: .sessionEnded)
    }
}

/// Sessions of the signed-in user, for the account page and `GET /api/v1/me/sessions`.
enum AccountService {
    static func activeSessions(of user: User, on req: Request) async throws -> [UserSession] {
        let lifetime = req.lotse.configuration.sessionLifetime
        return try await UserSession.query(on: req.db)
            .filter(\.$user.$id == user.requireID()).filter(\.$stage == .active)
            .sort(\.$lastSeenAt, .descending).all()
            .filter { !lifetime.isExpired(createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, now: req.now) }
    }

    /// Ends one of the user's own sessions; someone else's session id is "not found".
    static func endSession(_ id: UUID, of user: User, audit: AuditContext, on database: any Database) async throws {
        guard let session = try await UserSession.query(on: database)
            .filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw PublicError.notFound
        }
        try await database.transaction { database in
            try await session.delete(on: database)
            try await audit.record(.sessionEnded, object: ("session", id), on: database)
        }
    }

    /// The other browser sessions and every API token of the person.
    static func endOtherSessions(of user: User, keeping current: UUID?, now: Date, audit: AuditContext, on database: any Database) async throws {
        let userID = try user.requireID()
        try await database.transaction { database in
            try await SessionStore.endOthers(of: userID, keeping: current, on: database, now: now)
            try await audit.record(.sessionEnded, object: ("user", user.id), on: database)
        }
    }
}

/// "Firefox unter Windows" is what a person recognises; the raw user-agent string is not.
enum BrowserName {
    static func describe(_ userAgent: String) -> String {
        let browsers = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"),
                        ("curl/", "curl"), ("python-requests", "Python-Skript")]
        let systems = [("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        let browser = browsers.first { userAgent.contains($0.0) }?.1 ?? "Unbekannter Browser"
        guard let system = systems.first(where: { userAgent.contains($0.0) })?.1 else { return browser }
        return "\(browser) unter \(system)"
    }
}
