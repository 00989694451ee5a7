import Fluent
import NIOConcurrencyHelpers
import LotseCore
import SQLKit
import Vapor

/// The checks behind both the browser sign-in and the API token: throttle, password, second factor.
/// The same answers whether or not an account exists.
enum SignInService {
    enum PasswordOutcome {
        case accepted(User)
        case rejected
        case locked
    }

    static let rejectedMessage = "Benutzername oder Passwort ist falsch, oder das Konto ist nicht aktiv."
    static let lockedMessage = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut."
    static let wrongCodeMessage = "Der Code ist falsch, abgelaufen oder wurde schon verwendet. Bitte geben Sie den aktuellen Code aus Ihrer Authenticator-App ein."

    /// A bcrypt hash of a random value, checked when no account matches, so that both cases take
    /// the same time. Computed once per process.
    private static let dummyHash = LockedValue<String?>(nil)

    /// The audit trail names the account only when it exists; what was typed is never recorded
    /// (a mistyped name can be a password).
    static func checkPassword(username: String, password: String, on request: Request) async throws -> PasswordOutcome {
        let user = try await User.query(on: request.db).filter(\.$username == normalisedUsername(username)).first()
        let audit = user.map(request.audit(as:)) ?? request.audit
        guard try await !isLocked(username: username, request: request) else {
            try await audit.record(.signInLocked, object: user.map { ("user", $0.id) }, outcome: .denied, on: request.db)
            return .locked
        }
        let hash: String
        if let user { hash = user.passwordHash } else { hash = try await dummy(request) }
        let matches = try await request.password.async.verify(PasswordRules.prehash(password), created: hash)
        if let user, matches, user.isActive, try await District.find(user.districtID, on: request.db)?.isActive == true {
            try await audit.record(.signInPasswordAccepted, object: ("user", user.id), on: request.db)
            return .accepted(user)
        }
        try await request.db.transaction { database in
            try await recordFailure(username: username, request: request, on: database)
            try await audit.record(.signInFailed, object: user.map { ("user", $0.id) }, outcome: .failed, on: database)
        }
        return .rejected
    }

    /// Checks a TOTP code against `secret` and uses it up; true when accepted.
    static func useCode(_ code: String, secret: [UInt8], user: User, request: Request) async throws -> Bool {
        guard try await !isLocked(username: user.username, request: request) else { return false }
        if let step = TOTP(secret: secret).acceptedStep(for: code, at: request.now, lastUsedStep: user.totpLastStep),
           try await claimStep(step, for: user, on: request.db) {
            user.totpLastStep = step
            return true
        }
        try await request.db.transaction { database in
            try await recordFailure(username: user.username, request: request, on: database)
            try await request.audit(as: user).record(.signInCodeFailed, object: ("user", user.id), outcome: .failed, on: database)
        }
        return false
    }

    /// Stores `step` as used only if no newer or equal step was stored meanwhile (two requests with
    /// the same code at once: exactly one wins).
    static func claimStep(_ step: Int64, for user: User, on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return false }
        let rows = try await sql.update(User.schema)
            .set("totp_last_step", to: SQLBind(step))
            .where("id", .equal, SQLBind(try user.requireID()))
            .where { group in
                group.where("totp_last_step", .is, SQLLiteral.null).orWhere("totp_last_step", .lessThan, SQLBind(step))
            }
            .returning("id")
            .all()
        return rows.count == 1
    }

    static func openSecret(of user: User, request: Request) throws -> [UInt8]? {
        guard let sealed = user.totpSecretSealed else { return nil }
        return try request.lotse.requireTOTPBox().open(sealed, context: "user:\(try user.requireID())")
    }

    static func sealSecret(_ secret: [UInt8], for user: User, request: Request) throws -> String {
        try request.lotse.requireTOTPBox().seal(secret, context: "user:\(try user.requireID())")
    }

    static func hash(_ password: String, request: Request) async throws -> String {
        try await request.password.async.hash(PasswordRules.prehash(password))
    }

    static func normalisedUsername(_ username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    // MARK: Throttle

    static func isLocked(username: String, request: Request) async throws -> Bool {
        let throttle = request.lotse.configuration.throttle
        let since = request.now.addingTimeInterval(-throttle.window)
        func failures(_ key: String) async throws -> Int {
            try await SignInFailure.query(on: request.db).filter(\.$key == key).filter(\.$occurredAt > since).count()
        }
        return throttle.isLocked(
            accountFailures: try await failures(SignInThrottle.accountKey(username)),
            addressFailures: try await failures(SignInThrottle.addressKey(request.clientAddress)))
    }

    static func recordFailure(username: String, request: Request, on database: any Database) async throws {
        let now = request.now
        try await SignInFailure(key: SignInThrottle.accountKey(username), occurredAt: now).create(on: database)
        try await SignInFailure(key: SignInThrottle.addressKey(request.clientAddress), occurredAt: now).create(on: database)
        // Old failures no longer count; removing them keeps the table small.
        try await SignInFailure.query(on: database)
            .filter(\.$occurredAt < now.addingTimeInterval(-request.lotse.configuration.throttle.window * 4)).delete()
    }

    private static func dummy(_ request: Request) async throws -> String {
        if let existing = dummyHash.value { return existing }
        let created = try await request.password.async.hash(SecureRandom.token())
        dummyHash.value = created
        return created
    }
}

/// A value shared across requests behind a lock.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
