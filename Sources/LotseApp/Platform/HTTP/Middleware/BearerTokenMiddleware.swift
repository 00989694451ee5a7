import Fluent
import LotseCore
import Vapor

/// Accepts `Authorization: Bearer …` with a token from `POST /api/v1/auth/token` that is neither
/// expired nor revoked, of a user who is still active. Cookies are not accepted on the API, so a
/// forged cross-site request carries no credentials there.
struct BearerTokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization,
              // The token with its person, in one statement (issue 17).
              let token = try await APIToken.query(on: request.db).join(User.self, on: \APIToken.$user.$id == \User.$id)
                  .filter(\.$tokenHash == sha256Hex(bearer.token)).first(),
              token.revokedAt == nil, token.expiresAt > request.now,
              case let user = try token.joined(User.self), user.isActive
        else {
            throw PublicError(status: .unauthorized, reason: "Bitte melden Sie sich an: Das Zugriffstoken fehlt, ist abgelaufen oder wurde widerrufen.",
                              headers: ["WWW-Authenticate": "Bearer"])
        }
        request.signedIn = SignedIn(user: user, actor: try await ActorLoader.actor(for: user, on: request.db), session: nil)
        return try await next.respond(to: request)
    }
}
