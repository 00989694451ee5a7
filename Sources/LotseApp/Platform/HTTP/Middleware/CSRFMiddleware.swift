import LotseCore
import Vapor

/// Every browser form carries a token (`_csrf`) that another site cannot know: the session's own
/// token once signed in (or during the sign-in steps), before that the value of a double-submit cookie.
/// Future-based: a reading request passes without a task; only a form's body is awaited (issue 17).
struct CSRFMiddleware: Middleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard !OriginCheckMiddleware.safeMethods.contains(request.method) else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await FormFields.read(from: request) }.flatMap { form in
            let sent = Array((form.first(Self.fieldName) ?? "").utf8)
            guard let expected = request.expectedCSRFToken, !sent.isEmpty,
                  constantTimeEquals(sent, Array(expected.utf8)) else {
                return request.eventLoop.makeFailedFuture(PublicError.forbidden(
                    "Das Formular ist abgelaufen oder wurde nicht von Lotse gesendet. Bitte laden Sie die Seite neu und senden Sie es erneut."))
            }
            return next.respond(to: request)
        }
    }
}

extension Request {
    /// The token forms on this page must carry.
    var expectedCSRFToken: String? {
        signedIn?.session?.csrfToken ?? pendingSession?.csrfToken ?? anonymousCSRFToken
    }
}
