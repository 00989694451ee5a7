import Fluent
import LotseCore
import Vapor

/// The second pair of eyes for roles (`DutySeparation`): an administrator's new or wider role for
/// someone is a request until another administrator or the data-protection officer approves it.
/// Neither who asked nor the person concerned can decide. Every step is audited.
enum GrantApprovals {
    /// Makes `grants` the open requests for `user`: new ones are recorded, those no longer wanted
    /// are withdrawn, unchanged ones stay as they are.
    static func request(_ grants: [RoleGrant], for user: User, by asker: UUID, audit: AuditContext, now: Date, on database: any Database) async throws {
        let userID = try user.requireID()
        let open = try await RoleGrantRequest.query(on: database).filter(\.$userID == userID).filter(\.$status == .pending).all()
        for old in open where !grants.contains(old.grant) {
            (old.status, old.decidedBy, old.decidedAt) = (.withdrawn, asker, now)
            try await old.save(on: database)
        }
        for grant in grants where !open.contains(where: { $0.grant == grant }) {
            let request = RoleGrantRequest(districtID: user.districtID, userID: userID, grant: grant, requestedBy: asker, at: now)
            try await request.create(on: database)
            try await audit.record(.grantRequested, object: ("user", userID), on: database)
        }
    }

    /// A request as the administration and the data-protection officer see it.
    struct View: Content, Sendable {
        let id: UUID
        let userId: UUID
        let user: String
        let grant: RoleGrantDTO
        let roleName: String
        let scope: String
        let requestedBy: String
        let requestedAt: Date
        let status: GrantRequestStatus
        let mayDecide: Bool
    }

    /// The open requests of the district, oldest first.
    static func pending(_ scope: AccessScope, viewer: UUID, on database: any Database) async throws -> [View] {
        let requests = try await RoleGrantRequest.query(on: database).filter(\.$districtID == scope.districtID)
            .filter(\.$status == .pending).sort(\.$requestedAt).all()
        return try await views(requests, viewer: viewer, scope, on: database)
    }

    /// The roles waiting for each of `userIDs`.
    static func pendingGrants(of userIDs: [UUID], on database: any Database) async throws -> [UUID: [RoleGrant]] {
        guard !userIDs.isEmpty else { return [:] }
        let requests = try await RoleGrantRequest.query(on: database).filter(\.$userID ~~ userIDs).filter(\.$status == .pending).all()
        return Dictionary(grouping: requests, by: \.userID).mapValues { $0.map(\.grant) }
    }

    static let notTheSecondPerson = "Eine beantragte Rolle bestätigt oder ablehnt eine zweite Person: nicht, wer sie beantragt hat, "
        + "und nicht die Person selbst."

    /// Approves (the role takes effect, the person's sessions and tokens end) or rejects a request.
    static func decide(_ id: UUID, approve: Bool, _ scope: AccessScope, by decider: UUID, audit: AuditContext, now: Date,
                       on database: any Database) async throws -> View {
        guard let request = try await RoleGrantRequest.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        guard request.status == .pending else {
            throw PublicError(status: .conflict, reason: "Über diesen Antrag ist schon entschieden (\(request.status.germanName)).")
        }
        guard request.requestedBy != decider, request.userID != decider else { throw PublicError(status: .forbidden, reason: notTheSecondPerson) }
        let user = try await UserAdministration.user(request.userID, scope, on: database)
        if approve {
            let held = try await ActorLoader.actor(for: user, on: database).grants
            let grants = held.filter { $0.role != request.role } + [request.grant]
            if DutySeparation.conflicts(grants) { throw PublicError(status: .conflict, reason: DutySeparation.conflictMessage) }
            try await database.transaction { database in
                try await UserAdministration.replaceGrants(of: user, with: grants, on: database)
                try await SessionStore.endAll(of: user.requireID(), on: database, now: now)
                try await settle(request, .approved, by: decider, at: now, on: database)
                try await audit.record(.grantApproved, object: ("user", request.userID), on: database)
            }
        } else {
            try await database.transaction { database in
                try await settle(request, .rejected, by: decider, at: now, on: database)
                try await audit.record(.grantRejected, object: ("user", request.userID), on: database)
            }
        }
        return try await views([request], viewer: decider, scope, on: database)[0]
    }

    private static func settle(_ request: RoleGrantRequest, _ status: GrantRequestStatus, by decider: UUID, at now: Date, on database: any Database) async throws {
        (request.status, request.decidedBy, request.decidedAt) = (status, decider, now)
        try await request.save(on: database)
    }

    private static func views(_ requests: [RoleGrantRequest], viewer: UUID, _ scope: AccessScope, on database: any Database) async throws -> [View] {
        let people = Set(requests.flatMap { [$0.userID, $0.requestedBy] })
        let names = Dictionary(uniqueKeysWithValues: try await User.query(on: database).filter(\.$id ~~ Array(people)).all()
            .compactMap { user in user.id.map { ($0, user.displayName) } })
        let towns = try await OrganisationService.municipalityNames(scope, on: database)
        let words = try await DistrictWords.load(scope.districtID, on: database)
        return try requests.map { request in
            View(id: try request.requireID(), userId: request.userID, user: names[request.userID] ?? "", grant: RoleGrantDTO(request.grant),
                 roleName: words.name(request.role),
                 scope: request.municipalityIDs.isEmpty ? "ganzer Kreis" : request.municipalityIDs.map { towns[$0] ?? "" }.sorted().joined(separator: ", "),
                 requestedBy: names[request.requestedBy] ?? "", requestedAt: request.requestedAt, status: request.status,
                 mayDecide: request.status == .pending && request.requestedBy != viewer && request.userID != viewer)
        }
    }
}
