import Foundation

/// Where a role applies: the whole district, or only some of its municipalities.
public enum GrantScope: Equatable, Sendable, Hashable {
    case district
    case municipalities(Set<UUID>)
}

/// One role held by a person, with the scope it applies to.
public struct RoleGrant: Equatable, Sendable, Hashable {
    public var role: Role
    public var scope: GrantScope

    public init(role: Role, scope: GrantScope) {
        self.role = role
        self.scope = scope
    }
}

/// The signed-in person as the policy sees them: who, in which district, with which roles.
public struct Actor: Sendable, Equatable {
    public let userID: UUID
    public let districtID: UUID
    public let grants: [RoleGrant]

    public init(userID: UUID, districtID: UUID, grants: [RoleGrant]) {
        self.userID = userID
        self.districtID = districtID
        self.grants = grants
    }

    public var roles: Set<Role> { Set(grants.map(\.role)) }

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }
}
