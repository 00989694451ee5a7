import LotseCore
import Vapor

/// A signed-in person together with the scope the access policy granted for one action.
struct Authorized: Sendable {
    let signedIn: SignedIn
    let scope: AccessScope

    var user: User { signedIn.user }
    var actor: Actor { signedIn.actor }
}

/// Who made a request, once a session cookie or bearer token has been checked.
struct SignedIn: Sendable {
    let user: User
    let actor: Actor
    /// The browser session; nil for API requests.
    let session: UserSession?
}

extension Request {
    private struct SignedInKey: StorageKey { typealias Value = SignedIn }
    private struct PendingSessionKey: StorageKey { typealias Value = UserSession }
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// A session that has not finished the sign-in steps yet.
    var pendingSession: UserSession? {
        get { storage[PendingSessionKey.self] }
        set { storage[PendingSessionKey.self] = newValue }
    }

    /// For visitors without a session: the token of the double-submit cookie.
    var anonymousCSRFToken: String? {
        get { storage[AnonymousCSRFKey.self] }
        set { storage[AnonymousCSRFKey.self] = newValue }
    }

    /// The signed-in actor; routes behind `RequireActiveSession` or the bearer middleware always have one.
    func requireSignedIn() throws -> SignedIn {
        guard let signedIn else { throw PublicError(status: .unauthorized, reason: LotseErrorMiddleware.message(for: .unauthorized)) }
        return signedIn
    }

    /// Asks the access policy. A refusal is a 403 with a German reason (and, like every denied
    /// access, an entry in the audit trail, written by the error middleware). The scope it returns
    /// is what the data services require.
    @discardableResult
    func authorize(_ action: Action) throws -> Authorized {
        let signedIn = try requireSignedIn()
        guard let scope = AccessPolicy.scope(for: signedIn.actor, action) else {
            throw PublicError.forbidden()
        }
        return Authorized(signedIn: signedIn, scope: scope)
    }

    /// The address the request came from (see `ClientAddress`).
    var clientAddress: String {
        ClientAddress.resolve(
            peer: remoteAddress?.ipAddress,
            forwardedFor: headers.first(name: "X-Forwarded-For"),
            trustedProxies: lotse.configuration.trustedProxies)
    }

    /// Whether the browser reached us over TLS, directly or through a trusted proxy.
    var isSecureConnection: Bool {
        if application.http.server.configuration.tlsConfiguration != nil { return true }
        guard let peer = remoteAddress?.ipAddress, lotse.configuration.trustedProxies.contains(peer) else { return false }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}

extension Request {
    /// An id from the path. Something that is not an id is "not found", like an id that does not exist.
    func id(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw PublicError.notFound }
        return id
    }
}
