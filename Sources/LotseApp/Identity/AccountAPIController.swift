import Fluent
import LotseCore
import Vapor

/// `GET /api/v1/me`, and the caller's browser sessions, which they may end.
struct AccountAPIController {
    struct MeDTO: Content {
        let user: UserDTO
        let districtId: UUID
        let permissions: [String]
    }

    struct SessionDTO: Content {
        let id: UUID
        let startedAt: Date
        let lastSeenAt: Date
        let clientAddress: String
        let browser: String
    }

    func show(req: Request) async throws -> MeDTO {
        let access = try req.authorize(.useOwnAccount)
        try await req.audit.record(.accountRead, object: ("user", access.user.id), on: req.db)
        return MeDTO(user: try UserDTO(access.user, grants: access.actor.grants,
                                               pending: try await GrantApprovals.pendingGrants(of: [access.actor.userID], on: req.db)[access.actor.userID] ?? []), districtId: access.scope.districtID,
                     permissions: Action.allCases.filter { AccessPolicy.permits(access.actor, $0) }.map(\.rawValue))
    }

    func sessions(req: Request) async throws -> [SessionDTO] {
        let access = try req.authorize(.useOwnAccount)
        try await req.audit.record(.accountRead, object: ("user", access.user.id), on: req.db)
        return try await AccountService.activeSessions(of: access.user, on: req).map {
            SessionDTO(id: try $0.requireID(), startedAt: $0.createdAt, lastSeenAt: $0.lastSeenAt,
                       clientAddress: $0.clientAddress, browser: BrowserName.describe($0.userAgent))
        }
    }

    func endSession(req: Request) async throws -> HTTPStatus {
        let access = try req.authorize(.useOwnAccount)
        try await AccountService.endSession(try req.id("sessionID"), of: access.user, audit: req.audit, on: req.db)
        return .noContent
    }
}
