import Fluent
import LotseCore
import Vapor

/// Reads the session cookie, ends expired sessions, and tells the request who is signed in.
/// Visitors without a session get a CSRF cookie for the sign-in form instead.
struct BrowserSessionMiddleware: AsyncMiddleware {
    static let cookieName = "lotse_session"
    static let anonymousCSRFCookieName = "lotse_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var issuedAnonymousToken: String?
        if let token = request.cookies[Self.cookieName]?.string, let session = try await SessionStore.find(token: token, on: request) {
            if session.stage == .active {
                let user = try await session.$user.get(on: request.db)
                guard user.isActive else {
                    // Deactivation ends sessions at once; this guards against one that slipped through.
                    try await session.delete(on: request.db)
                    return try await next.respond(to: request)
                }
                request.signedIn = SignedIn(user: user, actor: try await ActorLoader.actor(for: user, on: request.db), session: session)
            } else {
                request.pendingSession = session
            }
        } else if let existing = request.cookies[Self.anonymousCSRFCookieName]?.string, existing.count >= 32 {
            request.anonymousCSRFToken = existing
        } else {
            let fresh = SecureRandom.token()
            request.anonymousCSRFToken = fresh
            issuedAnonymousToken = fresh
        }
        let response = try await next.respond(to: request)
        if let issuedAnonymousToken {
            response.cookies[Self.anonymousCSRFCookieName] = Self.cookie(issuedAnonymousToken, for: request)
        }
        return response
    }

    /// `HttpOnly` (no script reads it), `SameSite=Strict` (no other site sends it), `Secure` over TLS.
    /// No expiry date: the cookie ends with the browser, the session on the server ends earlier.
    static func cookie(_ value: String, for request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: request.isSecureConnection, isHTTPOnly: true, sameSite: .strict)
    }
}

/// Lets through only requests of a completed sign-in; others are sent to the sign-in step they are at.
/// Future-based: a signed-in request passes without a task of its own (issue 17).
struct RequireActiveSession: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.signedIn != nil else {
            return request.eventLoop.makeFutureWithTask {
                await LotseErrorMiddleware.recordDenial(of: request, status: .unauthorized)
                let target = request.pendingSession.map { SignInController.path(for: $0.stage) } ?? SiteURL.signIn.path
                return request.redirect(to: target)
            }
        }
        return next.respond(to: request)
    }
}
