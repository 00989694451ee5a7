import Fluent
import LotseCore
import Vapor

/// Creating, changing, deactivating and resetting users of one district. Shared by the
/// administration pages and the API so both apply the same rules; every function takes the scope
/// the access policy granted, and every change is audited in its own transaction.
enum UserAdministration {
    struct Input: Sendable {
        var displayName: String
        var username: String
        var grants: [RoleGrant]
    }

    /// Who asks: a signed-in administrator, whose new or wider roles wait for a second person
    /// (`DutySeparation`), or the operator at the console (`lotse setup`), the root of trust.
    enum Requester: Sendable, Equatable {
        case person(UUID)
        case operatorConsole
    }

    static func users(_ scope: AccessScope, page: Int, perPage: Int, on database: any Database) async throws -> (users: [User], total: Int) {
        let query = User.query(on: database).filter(\.$districtID == scope.districtID)
        let total = try await query.count()
        let users = try await query.copy().sort(\.$displayName).range(((page - 1) * perPage)..<(page * perPage)).all()
        return (users, total)
    }

    static func user(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> User {
        guard let user = try await User.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return user
    }

    static func grants(of users: [User], on database: any Database) async throws -> [UUID: [RoleGrant]] {
        let ids = users.compactMap(\.id)
        let records = try await RoleGrantRecord.query(on: database).filter(\.$user.$id ~~ ids).all()
        return Dictionary(grouping: records, by: { $0.$user.id }).mapValues(ActorLoader.grants(from:))
    }

    static func validate(_ input: Input, _ scope: AccessScope, existingID: UUID?, on database: any Database) async throws {
        var failure = ValidationFailure()
        Check.name(input.displayName, field: "displayName", label: "den Namen der Person", into: &failure)
        if existingID == nil {
            let username = input.username
            if username.isEmpty {
                failure.add("username", "Bitte geben Sie einen Benutzernamen ein.")
            } else if !UsernameRules.isValid(username) {
                failure.add("username", UsernameRules.message)
            } else if try await User.query(on: database).filter(\.$username == username).first() != nil {
                failure.add("username", "Diesen Benutzernamen gibt es schon. Bitte wählen Sie einen anderen.")
            }
        }
        if input.grants.isEmpty {
            failure.add("roles", "Bitte vergeben Sie mindestens eine Rolle.")
        } else if DutySeparation.conflicts(input.grants) {
            failure.add("roles", DutySeparation.conflictMessage)
        }
        let known = Set(try await OrganisationService.municipalities(scope, on: database).compactMap(\.id))
        let words = try await DistrictWords.load(scope.districtID, on: database)
        for grant in input.grants {
            if case .municipalities(let ids) = grant.scope {
                if ids.isEmpty {
                    failure.add("scope-\(grant.role.rawValue)", "Bitte wählen Sie für die Rolle „\(words.name(grant.role))“ mindestens eine Kommune oder den ganzen Kreis.")
                } else if !ids.isSubset(of: known) {
                    failure.add("scope-\(grant.role.rawValue)", "Bitte wählen Sie für die Rolle „\(words.name(grant.role))“ nur Kommunen dieses Kreises.")
                }
            }
        }
        try failure.throwIfAny()
    }

    /// Creates the user with a one-time password, returned once and never stored in plain text.
    /// Roles that need a second person start as requests.
    static func create(_ input: Input, _ scope: AccessScope, by requester: Requester, audit: AuditContext, now: Date, on database: any Database,
                       hash: (String) async throws -> String) async throws -> (User, String) {
        try await validate(input, scope, existingID: nil, on: database)
        let plan = requester == .operatorConsole ? (now: input.grants, pending: []) : DutySeparation.plan(held: [], wanted: input.grants)
        let oneTimePassword = SecureRandom.oneTimePassword()
        let user = User(districtID: scope.districtID, username: input.username, displayName: input.displayName,
                        passwordHash: try await hash(oneTimePassword), mustChangePassword: true)
        try await database.transaction { database in
            try await user.create(on: database)
            try await replaceGrants(of: user, with: plan.now, on: database)
            try await audit.record(.userCreated, object: ("user", user.id), districtID: scope.districtID, on: database)
            if case .person(let asker) = requester {
                try await GrantApprovals.request(plan.pending, for: user, by: asker, audit: audit, now: now, on: database)
            }
        }
        return (user, oneTimePassword)
    }

    static func create(_ input: Input, _ access: Authorized, request: Request) async throws -> (User, String) {
        try await create(input, access.scope, by: .person(access.actor.userID), audit: request.audit, now: request.now, on: request.db) {
            try await SignInService.hash($0, request: request)
        }
    }

    /// A change of roles or scopes ends the person's sessions and API tokens: what they may see is
    /// decided at sign-in, so the new rights take effect with the next one, the old ones at once.
    /// Removing or narrowing takes effect now; a new or wider role that opens personal data waits
    /// for a second person (`GrantApprovals`). Nobody changes their own roles. Answers whether
    /// something now waits for approval.
    @discardableResult
    static func update(_ user: User, displayName: String?, grants: [RoleGrant]?, _ scope: AccessScope, by actor: Actor,
                       audit: AuditContext, now: Date, on database: any Database) async throws -> Bool {
        let heldGrants = try await ActorLoader.actor(for: user, on: database).grants
        let input = Input(displayName: displayName ?? user.displayName, username: user.username, grants: grants ?? heldGrants)
        if user.id == actor.userID, Set(input.grants) != Set(heldGrants) {
            var failure = ValidationFailure()
            failure.add("roles", DutySeparation.ownRolesMessage)
            throw failure
        }
        try await validate(input, scope, existingID: user.id, on: database)
        let plan = DutySeparation.plan(held: heldGrants, wanted: input.grants)
        let rolesChange = Set(plan.now) != Set(heldGrants)
        user.displayName = input.displayName
        try await database.transaction { database in
            try await user.save(on: database)
            try await replaceGrants(of: user, with: plan.now, on: database)
            if rolesChange { try await SessionStore.endAll(of: user.requireID(), on: database, now: now) }
            try await audit.record(.userUpdated, object: ("user", user.id), on: database)
            if grants != nil { try await GrantApprovals.request(plan.pending, for: user, by: actor.userID, audit: audit, now: now, on: database) }
        }
        return !plan.pending.isEmpty
    }

    /// Deactivating ends every session and API token of the person at once.
    static func setActive(_ user: User, _ active: Bool, by actor: Actor, request: Request) async throws {
        if !active && user.id == actor.userID {
            throw PublicError(status: .conflict, reason: "Sie können Ihr eigenes Konto nicht deaktivieren.")
        }
        user.isActive = active
        try await request.db.transaction { database in
            try await user.save(on: database)
            if !active { try await SessionStore.endAll(of: user.requireID(), on: database, now: request.now) }
            try await request.audit.record(active ? .userActivated : .userDeactivated, object: ("user", user.id), on: database)
        }
    }

    /// A new one-time password and a new authenticator enrolment, e.g. after a lost phone.
    static func resetAccess(_ user: User, request: Request) async throws -> String {
        let oneTimePassword = SecureRandom.oneTimePassword()
        user.passwordHash = try await SignInService.hash(oneTimePassword, request: request)
        user.mustChangePassword = true
        user.totpSecretSealed = nil
        user.totpLastStep = nil
        try await request.db.transaction { database in
            try await user.save(on: database)
            try await SessionStore.endAll(of: user.requireID(), on: database, now: request.now)
            try await request.audit.record(.userAccessReset, object: ("user", user.id), on: database)
        }
        return oneTimePassword
    }

    static func replaceGrants(of user: User, with grants: [RoleGrant], on database: any Database) async throws {
        let userID = try user.requireID()
        try await RoleGrantRecord.query(on: database).filter(\.$user.$id == userID).delete()
        for grant in grants {
            switch grant.scope {
            case .district:
                try await RoleGrantRecord(userID: userID, role: grant.role, municipalityID: nil).create(on: database)
            case .municipalities(let ids):
                for id in ids.sorted(by: { $0.uuidString < $1.uuidString }) {
                    try await RoleGrantRecord(userID: userID, role: grant.role, municipalityID: id).create(on: database)
                }
            }
        }
    }
}
