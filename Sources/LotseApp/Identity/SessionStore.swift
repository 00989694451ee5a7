import Fluent
import LotseCore
import Vapor

/// Creates, finds and ends browser sessions. A new session (and so a new id) is issued at every
/// step up in the sign-in, so a session id known before sign-in is worthless after it.
enum SessionStore {
    /// The session with its person already loaded (`session.$user.value`): one statement, not two,
    /// on every signed-in request (issue 17).
    static func find(token: String, on request: Request) async throws -> UserSession? {
        guard let session = try await UserSession.query(on: request.db).join(User.self, on: \UserSession.$user.$id == \User.$id)
            .filter(\.$tokenHash == sha256Hex(token)).first() else {
            return nil
        }
        session.$user.value = try session.joined(User.self)
        let now = request.now
        let lifetime = session.stage == .active ? request.lotse.configuration.sessionLifetime : .pendingSignIn
        if lifetime.isExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
            try await session.delete(on: request.db)
            return nil
        }
        if lifetime.shouldRecordActivity(lastSeenAt: session.lastSeenAt, now: now) {
            session.lastSeenAt = now
            try await session.save(on: request.db)
        }
        return session
    }

    /// Starts a session at `stage` for `user`, replacing the request's current one, and sets the cookie.
    @discardableResult
    static func start(_ stage: UserSession.Stage, for user: User, replacing old: UserSession?, request: Request, response: Response) async throws -> UserSession {
        if let old { try await old.delete(on: request.db) }
        let token = SecureRandom.token()
        let session = UserSession(
            tokenHash: sha256Hex(token), userID: try user.requireID(), stage: stage, csrfToken: SecureRandom.token(),
            now: request.now, clientAddress: request.clientAddress,
            userAgent: String((request.headers.first(name: .userAgent) ?? "unbekannt").prefix(200)))
        try await session.create(on: request.db)
        response.cookies[BrowserSessionMiddleware.cookieName] = BrowserSessionMiddleware.cookie(token, for: request)
        return session
    }

    static func end(_ session: UserSession, request: Request, response: Response) async throws {
        try await session.delete(on: request.db)
        response.cookies[BrowserSessionMiddleware.cookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), path: "/", isSecure: request.isSecureConnection, isHTTPOnly: true, sameSite: .strict)
    }

    /// Ends every session and API token of a user (deactivation, reset of access, a change of roles).
    static func endAll(of userID: UUID, on database: any Database, now: Date) async throws {
        try await UserSession.query(on: database).filter(\.$user.$id == userID).delete()
        try await revokeTokens(of: userID, on: database, now: now)
    }

    /// Ends the person's other sessions and every API token: after a password change or "end the
    /// other sessions", no credential someone else may hold survives, a stolen token included.
    static func endOthers(of userID: UUID, keeping current: UUID?, on database: any Database, now: Date) async throws {
        let others = UserSession.query(on: database).filter(\.$user.$id == userID)
        if let current { others.filter(\.$id != current) }
        try await others.delete()
        try await revokeTokens(of: userID, on: database, now: now)
    }

    static func revokeTokens(of userID: UUID, on database: any Database, now: Date) async throws {
        try await APIToken.query(on: database).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }
}
