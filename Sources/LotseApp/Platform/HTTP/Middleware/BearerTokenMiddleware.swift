import Fluent
import LotseCore
import Vapor

/// Accepts `Authorization: Bearer …` with a token from `POST /api/v1/auth/token` that is neither
/// expired nor revoked, of a user who is still active. Cookies are not accepted on the API, so a
/// forged cross-site request carries no credentials there.
struct BearerTokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization,
              let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == sha256Hex(bearer.token)).first(),
              token.revokedAt == nil, token.expiresAt > request.now,
              let user = try await User.find(token.$user.id, on: request.db), user.isActive
        else {
            throw PublicError(status: .unauthorized, reason: "Bitte melden Sie sich an: Das Zugriffstoken fehlt, ist abgelaufen oder wurde widerrufen.",
                              headers: ["WWW-Authenticate": "Bearer"])
        }
        request.signedIn = SignedIn(user: user, actor: try await ActorLoader.actor(for: user, on: request.db), session: nil)
        return try await next.respond(to: request)
    }
}
