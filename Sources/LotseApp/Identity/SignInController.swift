import Fluent
import LotseCore
import Vapor

/// The browser sign-in: password, then (first time) a new password and the authenticator app,
/// then the six-digit code. Each step is its own page and its own session stage.
struct SignInController: RouteCollection {
    static func path(for stage: UserSession.Stage) -> String {
        switch stage {
        case .needsNewPassword: SiteURL.signInNewPassword.path
        case .needsEnrolment: SiteURL.signInAuthenticator.path
        case .needsCode: SiteURL.signInCode.path
        case .active: SiteURL.start.path
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.root, use: root)
        routes.get(.signIn, use: showSignIn)
        routes.post(.signIn, use: signIn)
        routes.get(.signInNewPassword, use: showNewPassword)
        routes.post(.signInNewPassword, use: setNewPassword)
        routes.get(.signInAuthenticator, use: showEnrolment)
        routes.post(.signInAuthenticator, use: enrol)
        routes.get(.signInCode, use: showCode)
        routes.post(.signInCode, use: checkCode)
        routes.post(.signOut, use: signOut)
    }

    func root(req: Request) async throws -> Response {
        req.redirect(to: req.signedIn == nil ? SiteURL.signIn.path : SiteURL.start.path)
    }

    // MARK: Password

    struct SignInForm: Encodable {
        var username = ""
        var demoAccounts: [DemoAccounts.Entry] = []
        var demoCodesValidUntil = ""
    }

    func showSignIn(req: Request) async throws -> Response {
        if req.signedIn != nil { return req.redirect(to: SiteURL.start.path) }
        return try await renderSignIn(req, form: SignInForm(), failure: nil)
    }

    func renderSignIn(_ req: Request, form: SignInForm, failure: ValidationFailure?, status: HTTPStatus? = nil) async throws -> Response {
        var form = form
        if req.lotse.configuration.isDemo {
            form.demoAccounts = DemoAccounts.load(for: req.lotse.configuration, now: req.now)
            form.demoCodesValidUntil = DemoAccounts.codesValidUntil(now: req.now)
        }
        return try await req.render("identity/sign-in/password", title: "Anmelden", content: form, failure: failure, status: status)
    }

    func signIn(req: Request) async throws -> Response {
        let fields = try await req.formFields()
        let form = SignInForm(username: fields.text("username"))
        let password = fields.first("password") ?? ""
        var failure = ValidationFailure()
        if form.username.isEmpty { failure.add("username", "Bitte geben Sie Ihren Benutzernamen ein.") }
        if password.isEmpty { failure.add("password", "Bitte geben Sie Ihr Passwort ein.") }
        if !failure.isEmpty { return try await renderSignIn(req, form: form, failure: failure) }

        switch try await SignInService.checkPassword(username: form.username, password: password, on: req) {
        case .locked:
            failure.add("username", SignInService.lockedMessage)
            return try await renderSignIn(req, form: form, failure: failure, status: .tooManyRequests)
        case .rejected:
            failure.add("username", SignInService.rejectedMessage)
            return try await renderSignIn(req, form: form, failure: failure)
        case .accepted(let user):
            let stage: UserSession.Stage = user.mustChangePassword ? .needsNewPassword
                : (user.totpSecretSealed == nil ? .needsEnrolment : .needsCode)
            let response = req.redirect(to: Self.path(for: stage), redirectType: .normal)
            try await SessionStore.start(stage, for: user, replacing: req.pendingSession ?? req.signedIn?.session, request: req, response: response)
            return response
        }
    }

    // MARK: New password (first sign-in, or after a reset by the administration)

    struct NewPasswordForm: Encodable {
        let minimumLength = PasswordRules.minimumLength
    }

    func pending(_ req: Request, at stage: UserSession.Stage) async throws -> (UserSession, User)? {
        guard let session = req.pendingSession, session.stage == stage else { return nil }
        return (session, try await session.$user.get(on: req.db))
    }

    func showNewPassword(req: Request) async throws -> Response {
        guard try await pending(req, at: .needsNewPassword) != nil else { return req.redirect(to: SiteURL.signIn.path) }
        return try await req.render("identity/sign-in/new-password", title: "Neues Passwort festlegen", content: NewPasswordForm())
    }

    func setNewPassword(req: Request) async throws -> Response {
        guard let (session, user) = try await pending(req, at: .needsNewPassword) else { return req.redirect(to: SiteURL.signIn.path) }
        let fields = try await req.formFields()
        let password = fields.first("password") ?? ""
        var failure = ValidationFailure()
        if let problem = PasswordRules.choiceProblem(password: password, repeated: fields.first("passwordRepeat"), username: user.username) {
            failure.add(problem.field, problem.message)
        } else if try await req.password.async.verify(PasswordRules.prehash(password), created: user.passwordHash) {
            failure.add("password", "Bitte wählen Sie ein neues Passwort, nicht das bisherige Einmalpasswort.")
        }
        if !failure.isEmpty {
            return try await req.render("identity/sign-in/new-password", title: "Neues Passwort festlegen", content: NewPasswordForm(), failure: failure)
        }
        user.passwordHash = try await SignInService.hash(password, request: req)
        user.mustChangePassword = false
        session.stage = user.totpSecretSealed == nil ? .needsEnrolment : .needsCode
        try await req.db.transaction { database in
            try await user.save(on: database)
            try await session.save(on: database)
            try await req.audit(as: user).record(.passwordChanged, object: ("user", user.id), on: database)
        }
        return req.redirect(to: Self.path(for: session.stage), redirectType: .normal)
    }

    // MARK: Authenticator enrolment

    struct EnrolmentPage: Encodable {
        let qrCodeSVG: String
        let secretGroups: String
        let issuer: String
        let account: String
    }

    func showEnrolment(req: Request) async throws -> Response {
        guard let (session, user) = try await pending(req, at: .needsEnrolment) else { return req.redirect(to: SiteURL.signIn.path) }
        return try await renderEnrolment(req, session: session, user: user, failure: nil)
    }

    func renderEnrolment(_ req: Request, session: UserSession, user: User, failure: ValidationFailure?) async throws -> Response {
        let box = try req.lotse.requireTOTPBox()
        let context = "enrolment:\(try session.requireID())"
        let secret: [UInt8]
        if let sealed = session.pendingTOTPSealed, let opened = try? box.open(sealed, context: context) {
            secret = opened
        } else {
            secret = TOTP.generateSecret()
            session.pendingTOTPSealed = try box.seal(secret, context: context)
            try await session.save(on: req.db)
        }
        let district = try await District.find(user.districtID, on: req.db)
        let issuer = "Lotse " + (district?.name ?? "")
        let uri = TOTP.provisioningURI(secret: secret, account: user.username, issuer: issuer.trimmingCharacters(in: .whitespaces))
        let encoded = Base32.encode(secret)
        let page = EnrolmentPage(
            qrCodeSVG: try QRCode(text: uri).svg(label: "QR-Code zum Einrichten der Authenticator-App"),
            secretGroups: stride(from: 0, to: encoded.count, by: 4).map {
                let start = encoded.index(encoded.startIndex, offsetBy: $0)
                return String(encoded[start..<(encoded.index(start, offsetBy: 4, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
            }.joined(separator: " "),
            issuer: issuer, account: user.username)
        return try await req.render("identity/sign-in/authenticator", title: "Authenticator-App einrichten", content: page, failure: failure)
    }

    func enrol(req: Request) async throws -> Response {
        guard let (session, user) = try await pending(req, at: .needsEnrolment) else { return req.redirect(to: SiteURL.signIn.path) }
        let code = try await req.formFields().text("code")
        let box = try req.lotse.requireTOTPBox()
        guard let sealed = session.pendingTOTPSealed,
              let secret = try? box.open(sealed, context: "enrolment:\(try session.requireID())") else {
            return req.redirect(to: Self.path(for: .needsEnrolment))
        }
        guard try await SignInService.useCode(code, secret: secret, user: user, request: req) else {
            var failure = ValidationFailure()
            failure.add("code", SignInService.wrongCodeMessage)
            return try await renderEnrolment(req, session: session, user: user, failure: failure)
        }
        user.totpSecretSealed = try SignInService.sealSecret(secret, for: user, request: req)
        try await req.db.transaction { database in
            try await user.save(on: database)
            try await req.audit(as: user).record(.authenticatorEnrolled, object: ("user", user.id), on: database)
        }
        return try await completeSignIn(req, user: user, pending: session)
    }

    // MARK: Code

    func showCode(req: Request) async throws -> Response {
        guard try await pending(req, at: .needsCode) != nil else { return req.redirect(to: SiteURL.signIn.path) }
        return try await req.render("identity/sign-in/code", title: "Code eingeben", content: [String: String]())
    }

    func checkCode(req: Request) async throws -> Response {
        guard let (session, user) = try await pending(req, at: .needsCode) else { return req.redirect(to: SiteURL.signIn.path) }
        let code = try await req.formFields().text("code")
        var failure = ValidationFailure()
        if code.isEmpty {
            failure.add("code", "Bitte geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.")
        } else if let secret = try SignInService.openSecret(of: user, request: req),
                  try await SignInService.useCode(code, secret: secret, user: user, request: req) {
            return try await completeSignIn(req, user: user, pending: session)
        } else {
            failure.add("code", SignInService.wrongCodeMessage)
        }
        return try await req.render("identity/sign-in/code", title: "Code eingeben", content: [String: String](), failure: failure)
    }

    /// The last step: a brand-new session id for the signed-in session.
    func completeSignIn(_ req: Request, user: User, pending: UserSession) async throws -> Response {
        let response = req.redirect(to: SiteURL.start.path, redirectType: .normal)
        let session = try await SessionStore.start(.active, for: user, replacing: pending, request: req, response: response)
        try await req.audit(as: user).record(.signInCompleted, object: ("session", session.id), on: req.db)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let response = req.seeOther(SiteURL.signIn.path, notice: .signedOut)
        if let session = req.signedIn?.session ?? req.pendingSession {
            try await SessionStore.end(session, request: req, response: response)
            try await req.audit.record(.signOut, object: ("session", session.id), on: req.db)
        }
        return response
    }
}
