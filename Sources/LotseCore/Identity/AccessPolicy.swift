import Foundation

/// What a person may do in the parts of Lotse that exist so far. Deny by default: an action not
/// listed for a role is refused. Later issues extend `Action` and the table below; routes ask only
/// this type, never check roles themselves.
public enum Action: String, CaseIterable, Sendable {
    /// See one's own account and one's own sessions.
    case useOwnAccount
    /// Create, rename and deactivate regions and municipalities; rename the district.
    case administerOrganisation
    /// Create, change and deactivate users and their roles.
    case administerUsers
}

public enum AccessPolicy {
    /// The roles that may perform an action anywhere in their district.
    static func roles(for action: Action) -> Set<Role> {
        switch action {
        case .useOwnAccount: Set(Role.allCases)
        case .administerOrganisation, .administerUsers: [.admin]
        }
    }

    /// May `actor` perform `action` on something that belongs to `districtID`?
    /// A resource of another district is never reachable (tenants are separate).
    public static func permits(_ actor: Actor, _ action: Action, inDistrict districtID: UUID) -> Bool {
        guard actor.districtID == districtID else { return false }
        return permits(actor, action)
    }

    /// May `actor` perform `action` within their own district at all (used for navigation)?
    public static func permits(_ actor: Actor, _ action: Action) -> Bool {
        !actor.roles.isDisjoint(with: roles(for: action))
    }
}
