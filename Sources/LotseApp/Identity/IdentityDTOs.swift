import Foundation
import LotseCore
import Vapor

/// What the API answers about users and their roles.
struct RoleGrantDTO: Content {
    let role: String
    /// Absent or null: the whole district.
    let municipalityIds: [UUID]?

    init(role: String, municipalityIds: [UUID]?) {
        self.role = role
        self.municipalityIds = municipalityIds
    }

    init(_ grant: RoleGrant) {
        role = grant.role.rawValue
        if case .municipalities(let ids) = grant.scope {
            municipalityIds = ids.sorted { $0.uuidString < $1.uuidString }
        } else {
            municipalityIds = nil
        }
    }

    /// Nil when the role name is unknown.
    var grant: RoleGrant? {
        Role(rawValue: role).map { RoleGrant(role: $0, scope: municipalityIds.map { .municipalities(Set($0)) } ?? .district) }
    }
}

struct UserDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let roles: [RoleGrantDTO]
    let isActive: Bool
    let setupPending: Bool
    /// New or wider roles waiting for a second person.
    let pendingRoles: [RoleGrantDTO]

    init(_ user: User, grants: [RoleGrant], pending: [RoleGrant]) throws {
        id = try user.requireID()
        username = user.username
        displayName = user.displayName
        roles = grants.map(RoleGrantDTO.init)
        pendingRoles = pending.map(RoleGrantDTO.init)
        isActive = user.isActive
        setupPending = user.mustChangePassword || user.totpSecretSealed == nil
    }
}

extension Array where Element == RoleGrantDTO {
    /// Converts, failing with a German field message on an unknown role or a role named twice.
    func grants() throws -> [RoleGrant] {
        var failure = ValidationFailure()
        var result: [RoleGrant] = []
        for dto in self {
            guard let grant = dto.grant else {
                failure.add("roles", "Unbekannte Rolle „\(dto.role)“. Erlaubt sind: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            if result.contains(where: { $0.role == grant.role }) {
                failure.add("roles", "Die Rolle „\(dto.role)“ ist doppelt angegeben.")
            }
            result.append(grant)
        }
        try failure.throwIfAny()
        return result
    }
}
