import Fluent
import LotseCore
import Vapor

/// `POST /api/v1/auth/token` exchanges username, password and a TOTP code for a bearer token;
/// `DELETE /api/v1/auth/token` revokes the token it is called with.
struct TokenAPIController {
    static let lifetime: TimeInterval = 8 * 60 * 60

    struct TokenRequest: Content {
        let username: String
        let password: String
        let totpCode: String
    }

    struct TokenResponse: Content {
        let token: String
        let tokenType: String
        let expiresAt: Date
    }

    func issue(req: Request) async throws -> TokenResponse {
        let body = try req.decodeJSON(TokenRequest.self)
        switch try await SignInService.checkPassword(username: body.username, password: body.password, on: req) {
        case .locked:
            throw PublicError(status: .tooManyRequests, reason: SignInService.lockedMessage, headers: ["Retry-After": "900"])
        case .rejected:
            throw PublicError(status: .unauthorized, reason: SignInService.rejectedMessage)
        case .accepted(let user):
            guard !user.mustChangePassword, let secret = try SignInService.openSecret(of: user, request: req) else {
                try await req.audit(as: user).record(.tokenRefused, object: ("user", user.id), outcome: .denied, on: req.db)
                throw PublicError(status: .forbidden, reason: "Bitte schließen Sie zuerst die Ersteinrichtung im Browser ab (neues Passwort und Authenticator-App).")
            }
            guard try await SignInService.useCode(body.totpCode, secret: secret, user: user, request: req) else {
                throw PublicError(status: .unauthorized, reason: SignInService.wrongCodeMessage)
            }
            let token = SecureRandom.token()
            let expiresAt = req.now.addingTimeInterval(Self.lifetime)
            let stored = APIToken(tokenHash: sha256Hex(token), userID: try user.requireID(), createdAt: req.now, expiresAt: expiresAt)
            try await req.db.transaction { database in
                try await stored.create(on: database)
                try await req.audit(as: user).record(.tokenIssued, object: ("token", stored.id), on: database)
            }
            return TokenResponse(token: token, tokenType: "Bearer", expiresAt: expiresAt)
        }
    }

    func revoke(req: Request) async throws -> HTTPStatus {
        guard let bearer = req.headers.bearerAuthorization else { return .unauthorized }
        let hash = sha256Hex(bearer.token)
        let token = try await APIToken.query(on: req.db).filter(\.$tokenHash == hash).first()
        try await req.db.transaction { database in
            try await APIToken.query(on: database).filter(\.$tokenHash == hash).set(\.$revokedAt, to: req.now).update()
            try await req.audit.record(.tokenRevoked, object: ("token", token?.id), on: database)
        }
        return .noContent
    }
}
