import Fluent
import LotseCore
import Vapor

/// Users of the district over JSON, for the administration.
struct UserAPIController {
    struct CreateBody: Content {
        let username: String?
        let displayName: String?
        let roles: [RoleGrantDTO]?
    }

    struct PatchBody: Content {
        let displayName: String?
        let roles: [RoleGrantDTO]?
        let isActive: Bool?
    }

    struct Created: Content {
        let user: UserDTO
        /// Shown once; the person must replace it at their first sign-in.
        let oneTimePassword: String
    }

    func list(req: Request) async throws -> Paged<UserDTO> {
        let access = try req.authorize(.administerUsers)
        let (page, perPage) = try PageWindow.read(req, perPageDefault: 50, perPageMax: 200)
        let (users, total) = try await UserAdministration.users(access.scope, page: page, perPage: perPage, on: req.db)
        let grants = try await UserAdministration.grants(of: users, on: req.db)
        let pending = try await GrantApprovals.pendingGrants(of: users.compactMap(\.id), on: req.db)
        try await req.audit.record(.usersListed, on: req.db)
        return Paged(items: try users.map { try UserDTO($0, grants: grants[try $0.requireID()] ?? [], pending: pending[try $0.requireID()] ?? []) },
                     page: page, perPage: perPage, total: total)
    }

    func loadUser(_ req: Request) async throws -> (Authorized, User) {
        let access = try req.authorize(.administerUsers)
        let user = try await UserAdministration.user(try req.id("userID"), access.scope, on: req.db)
        return (access, user)
    }

    func dto(_ user: User, _ req: Request) async throws -> UserDTO {
        try UserDTO(user, grants: try await ActorLoader.actor(for: user, on: req.db).grants,
                    pending: try await GrantApprovals.pendingGrants(of: [try user.requireID()], on: req.db)[try user.requireID()] ?? [])
    }

    func show(req: Request) async throws -> UserDTO {
        let (_, user) = try await loadUser(req)
        try await req.audit.record(.userRead, object: ("user", user.id), on: req.db)
        return try await dto(user, req)
    }

    func create(req: Request) async throws -> Created {
        let access = try req.authorize(.administerUsers)
        let body = try req.decodeJSON(CreateBody.self)
        let input = UserAdministration.Input(
            displayName: (body.displayName ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            username: SignInService.normalisedUsername(body.username ?? ""),
            grants: try (body.roles ?? []).grants())
        let (user, password) = try await UserAdministration.create(input, access, request: req)
        return Created(user: try await dto(user, req), oneTimePassword: password)
    }

    func update(req: Request) async throws -> UserDTO {
        let (access, user) = try await loadUser(req)
        let body = try req.decodeJSON(PatchBody.self)
        if body.displayName != nil || body.roles != nil {
            try await UserAdministration.update(
                user, displayName: body.displayName?.trimmingCharacters(in: .whitespacesAndNewlines),
                grants: try body.roles?.grants(), access.scope, by: access.actor, audit: req.audit, now: req.now, on: req.db)
        }
        if let active = body.isActive, active != user.isActive {
            try await UserAdministration.setActive(user, active, by: access.actor, request: req)
        }
        return try await dto(user, req)
    }

    struct ResetResult: Content { let oneTimePassword: String }

    func resetAccess(req: Request) async throws -> ResetResult {
        let (_, user) = try await loadUser(req)
        return ResetResult(oneTimePassword: try await UserAdministration.resetAccess(user, request: req))
    }
}

/// Role requests over JSON, for the administration and the data-protection officer.
struct GrantRequestAPIController {
    func list(req: Request) async throws -> [GrantApprovals.View] {
        let access = try req.authorize(.approveGrants)
        return try await GrantApprovals.pending(access.scope, viewer: access.actor.userID, on: req.db)
    }

    func approve(req: Request) async throws -> GrantApprovals.View { try await decide(req, approve: true) }

    func reject(req: Request) async throws -> GrantApprovals.View { try await decide(req, approve: false) }

    private func decide(_ req: Request, approve: Bool) async throws -> GrantApprovals.View {
        let access = try req.authorize(.approveGrants)
        return try await GrantApprovals.decide(try req.id("grantRequestID"), approve: approve, access.scope, by: access.actor.userID,
                                               audit: req.audit, now: req.now, on: req.db)
    }
}
