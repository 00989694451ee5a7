import Fluent
import Foundation

/// A browser session. Only the SHA-256 of the cookie's token is stored, so a copy of the database
/// does not contain working sessions. Several processes share sessions through this table.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"
    var properties: [any AnyProperty] { [$id, $tokenHash, $user, $stage, $csrfToken, $createdAt, $lastSeenAt, $clientAddress, $userAgent, $pendingTOTPSealed] }

    /// How far a sign-in has got. Only `.active` sessions reach anything beyond the sign-in steps.
    enum Stage: String, Codable, Sendable {
        case needsNewPassword
        case needsEnrolment
        case needsCode
        case active
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Enum(key: "stage") var stage: Stage
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "user_agent") var userAgent: String
    /// During enrolment: the new TOTP secret, sealed, until the person confirms it with a code.
    @OptionalField(key: "pending_totp_sealed") var pendingTOTPSealed: String?

    init() {}

    init(tokenHash: String, userID: UUID, stage: Stage, csrfToken: String, now: Date, clientAddress: String, userAgent: String) {
        self.tokenHash = tokenHash
        $user.id = userID
        self.stage = stage
        self.csrfToken = csrfToken
        createdAt = now
        lastSeenAt = now
        self.clientAddress = clientAddress
        self.userAgent = userAgent
    }
}

/// A bearer token for the JSON API, stored as its SHA-256.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    var properties: [any AnyProperty] { [$id, $tokenHash, $user, $createdAt, $expiresAt, $revokedAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        $user.id = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One failed sign-in, counted under a hashed key (account name or client address).
final class SignInFailure: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"
    var properties: [any AnyProperty] { [$id, $key, $occurredAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}

    init(key: String, occurredAt: Date) {
        self.key = key
        self.occurredAt = occurredAt
    }
}
