import Fluent
import LotseCore
import Vapor

/// The administration's pages for people: list, create, change roles, deactivate, reset access.
struct UserAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.users, use: list)
        routes.get(.newUser, use: new)
        routes.post(.users, use: create)
        routes.get(.user(.key), use: edit)
        routes.post(.user(.key), use: update)
        routes.get(.userDeactivate(.key), use: confirmDeactivate)
        routes.post(.userDeactivate(.key), use: deactivate)
        routes.post(.userActivate(.key), use: activate)
        routes.get(.userReset(.key), use: confirmReset)
        routes.post(.userReset(.key), use: reset)
    }

    static let perPage = 50
    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Benutzer*innen", href: SiteURL.users.path)]

    // MARK: List

    /// The addresses around one account (or, without an id, the list's own).
    struct Links: Encodable {
        let list = SiteURL.users
        let new = SiteURL.newUser
        let edit, reset, deactivate, activate: SiteURL?

        init(_ id: UUID?) {
            edit = id.map { .user(.value($0)) }
            reset = id.map { .userReset(.value($0)) }
            deactivate = id.map { .userDeactivate(.value($0)) }
            activate = id.map { .userActivate(.value($0)) }
        }
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let links: Links
            let displayName: String
            let username: String
            let roles: String
            let status: String
        }

        let rows: [Row]
        let total: String
        let page: Int
        let pageCount: Int
        let previousPage: String?
        let nextPage: String?
        let links = Links(nil)
    }

    func list(req: Request) async throws -> Response {
        let access = try req.authorize(.administerUsers)
        let page = max(1, (try? req.query.get(Int.self, at: "seite")) ?? 1)
        let (users, total) = try await UserAdministration.users(access.scope, page: page, perPage: Self.perPage, on: req.db)
        let grants = try await UserAdministration.grants(of: users, on: req.db)
        let pending = try await GrantApprovals.pendingGrants(of: users.compactMap(\.id), on: req.db)
        try await req.audit.record(.usersListed, on: req.db)
        let words = try await DistrictWords.load(access.scope.districtID, on: req.db)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        let rows = users.map { user in
            ListPage.Row(
                links: Links(user.id), displayName: user.displayName, username: user.username,
                roles: ((grants[user.id ?? UUID()] ?? []).map { words.name($0.role) }
                        + (pending[user.id ?? UUID()] ?? []).map { "\(words.name($0.role)) (beantragt)" }).joined(separator: ", "),
                status: Self.status(of: user))
        }
        let content = ListPage(rows: rows, total: GermanFormat.number(total), page: page, pageCount: pageCount,
                               previousPage: page > 1 ? SiteURL.users.with([("seite", String(page - 1))]) : nil,
                               nextPage: page < pageCount ? SiteURL.users.with([("seite", String(page + 1))]) : nil)
        return try await req.render("identity/users", title: "Benutzer*innen", content: content, breadcrumbs: [Self.crumbs[0]])
    }

    static func status(of user: User) -> String {
        if !user.isActive { return "deaktiviert" }
        if user.mustChangePassword || user.totpSecretSealed == nil { return "Ersteinrichtung ausstehend" }
        return "aktiv"
    }

    // MARK: Form

    struct UserForm: Encodable {
        struct RoleFieldset: Encodable {
            let code: String
            let label: String
            let checked: Bool
            let wholeDistrict: Bool
            let municipalities: [FormOption]
        }

        let isNew: Bool
        let action: String
        let links: Links
        let displayName: String
        let username: String
        let roles: [RoleFieldset]
        let status: String
        let isActive: Bool
        let isSelf: Bool
        /// Roles asked for and waiting for a second person, in words.
        let pending: [String]
        let hasPending: Bool
        let grantRequests = SiteURL.grantRequests
    }

    func renderForm(_ req: Request, user: User?, input: UserAdministration.Input, failure: ValidationFailure? = nil) async throws -> Response {
        let access = try req.authorize(.administerUsers)
        let municipalities = try await OrganisationService.municipalities(access.scope, on: req.db)
            .filter(\.isActive)
        let words = try await DistrictWords.load(access.scope.districtID, on: req.db)
        let roles = Role.allCases.map { role in
            let grant = input.grants.first { $0.role == role }
            let chosen: Set<UUID> = if case .municipalities(let ids) = grant?.scope { ids } else { [] }
            return UserForm.RoleFieldset(
                code: role.rawValue, label: words.name(role), checked: grant != nil,
                wholeDistrict: grant.map { $0.scope == .district } ?? !role.isUsuallyLocal,
                municipalities: municipalities.map { FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: chosen.contains($0.id ?? UUID())) })
        }
        let towns = Dictionary(uniqueKeysWithValues: municipalities.compactMap { town in town.id.map { ($0, town.name) } })
        var waiting: [RoleGrant] = []
        if let id = user?.id { waiting = try await GrantApprovals.pendingGrants(of: [id], on: req.db)[id] ?? [] }
        let form = UserForm(
            isNew: user == nil, action: user?.id.map { SiteURL.user(.value($0)).path } ?? SiteURL.users.path, links: Links(user?.id),
            displayName: input.displayName, username: input.username, roles: roles,
            status: user.map(Self.status(of:)) ?? "", isActive: user?.isActive ?? true, isSelf: user?.id == access.user.id,
            pending: waiting.map { grant in
                if case .municipalities(let ids) = grant.scope { return "\(words.name(grant.role)) für \(ids.compactMap { towns[$0] }.sorted().joined(separator: ", "))" }
                return "\(words.name(grant.role)) für den ganzen Kreis"
            }, hasPending: !waiting.isEmpty)
        let title = user == nil ? "Benutzer*in anlegen" : "Benutzer*in bearbeiten"
        return try await req.render("identity/user-form", title: title, content: form, breadcrumbs: Self.crumbs, failure: failure)
    }

    /// Reads the role fieldsets: `role` (checked roles), `scope-<role>` and `municipalities-<role>`.
    static func grants(from fields: FormFields) -> [RoleGrant] {
        let checked = Set(fields.all("role"))
        return Role.allCases.filter { checked.contains($0.rawValue) }.map { role in
            if fields.text("scope-\(role.rawValue)") == "municipalities" {
                return RoleGrant(role: role, scope: .municipalities(Set(fields.all("municipalities-\(role.rawValue)").compactMap(UUID.init(uuidString:)))))
            }
            return RoleGrant(role: role, scope: .district)
        }
    }

    func new(req: Request) async throws -> Response {
        try req.authorize(.administerUsers)
        return try await renderForm(req, user: nil, input: .init(displayName: "", username: "", grants: []))
    }

    struct OneTimePasswordPage: Encodable {
        let links: Links
        let displayName: String
        let username: String
        let oneTimePassword: String
        let isReset: Bool
        /// Roles that wait for a second person before they take effect.
        let awaitsApproval: Bool
        let grantRequests = SiteURL.grantRequests
    }

    func create(req: Request) async throws -> Response {
        let access = try req.authorize(.administerUsers)
        let fields = try await req.formFields()
        let input = UserAdministration.Input(
            displayName: fields.text("displayName"), username: SignInService.normalisedUsername(fields.text("username")),
            grants: Self.grants(from: fields))
        do {
            let (user, oneTimePassword) = try await UserAdministration.create(input, access, request: req)
            return try await showOneTimePassword(req, user: user, password: oneTimePassword, isReset: false)
        } catch let failure as ValidationFailure {
            return try await renderForm(req, user: nil, input: input, failure: failure)
        }
    }

    /// Shown once: the password is not stored in plain text and cannot be shown again.
    func showOneTimePassword(_ req: Request, user: User, password: String, isReset: Bool) async throws -> Response {
        let waiting = try await GrantApprovals.pendingGrants(of: [try user.requireID()], on: req.db)[try user.requireID()] ?? []
        let page = OneTimePasswordPage(links: Links(user.id), displayName: user.displayName, username: user.username,
                                       oneTimePassword: password, isReset: isReset, awaitsApproval: !waiting.isEmpty)
        return try await req.render("identity/user-one-time-password", title: isReset ? "Zugang zurückgesetzt" : "Benutzer*in angelegt",
                                    content: page, breadcrumbs: Self.crumbs, status: isReset ? .ok : .created)
    }

    func loadUser(_ req: Request) async throws -> (Authorized, User) {
        let access = try req.authorize(.administerUsers)
        let user = try await UserAdministration.user(try req.id("userID"), access.scope, on: req.db)
        return (access, user)
    }

    func edit(req: Request) async throws -> Response {
        let (_, user) = try await loadUser(req)
        let actor = try await ActorLoader.actor(for: user, on: req.db)
        try await req.audit.record(.userRead, object: ("user", user.id), on: req.db)
        return try await renderForm(req, user: user, input: .init(displayName: user.displayName, username: user.username, grants: actor.grants))
    }

    func update(req: Request) async throws -> Response {
        let (access, user) = try await loadUser(req)
        let fields = try await req.formFields()
        let grants = Self.grants(from: fields)
        do {
            let waits = try await UserAdministration.update(user, displayName: fields.text("displayName"), grants: grants, access.scope, by: access.actor,
                                                            audit: req.audit, now: req.now, on: req.db)
            return req.seeOther(.user(.value(try user.requireID())), notice: waits ? .awaitingApproval : .saved)
        } catch let failure as ValidationFailure {
            return try await renderForm(req, user: user, input: .init(displayName: fields.text("displayName"), username: user.username, grants: grants),
                                        failure: failure)
        }
    }

    // MARK: Deactivate, activate, reset (weighty: a confirmation page first)

    struct ConfirmPage: Encodable {
        let links: Links
        let displayName: String
        let username: String
        let activeSessions: Int
    }

    func confirmPage(_ req: Request, template: String, title: String) async throws -> Response {
        let (_, user) = try await loadUser(req)
        let sessions = try await UserSession.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$stage == .active).count()
        try await req.audit.record(.userRead, object: ("user", user.id), on: req.db)
        let page = ConfirmPage(links: Links(user.id), displayName: user.displayName, username: user.username, activeSessions: sessions)
        return try await req.render(template, title: title, content: page, breadcrumbs: Self.crumbs)
    }

    func confirmDeactivate(req: Request) async throws -> Response {
        try await confirmPage(req, template: "identity/user-deactivate", title: "Benutzer*in deaktivieren")
    }

    func deactivate(req: Request) async throws -> Response {
        let (access, user) = try await loadUser(req)
        try await UserAdministration.setActive(user, false, by: access.actor, request: req)
        return req.seeOther(.user(.value(try user.requireID())), notice: .deactivated)
    }

    func activate(req: Request) async throws -> Response {
        let (access, user) = try await loadUser(req)
        try await UserAdministration.setActive(user, true, by: access.actor, request: req)
        return req.seeOther(.user(.value(try user.requireID())), notice: .activated)
    }

    func confirmReset(req: Request) async throws -> Response {
        try await confirmPage(req, template: "identity/user-reset", title: "Zugang zurücksetzen")
    }

    func reset(req: Request) async throws -> Response {
        let (_, user) = try await loadUser(req)
        let password = try await UserAdministration.resetAccess(user, request: req)
        return try await showOneTimePassword(req, user: user, password: password, isReset: true)
    }
}
