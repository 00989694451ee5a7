import Foundation

/// Separation of duties and four eyes for roles (issue 13). Whoever administers accounts must not
/// be able to read or supervise personal data through the same account, nobody changes their own
/// roles, and a role that opens personal data is granted or widened only when a second person
/// agrees: the administration asks, another administrator or the data-protection officer approves.
public enum DutySeparation {
    /// Roles that read personal data (case management; the audit trail for data protection), supervise
    /// those who do (the coordination) or decide that a person is erased: never together with the administration.
    public static let readOrSuperviseData: Set<Role> = [.caseManager, .dataProtection, .coordinator, .erasureApprover]

    /// Roles whose grant or widening waits for a second person. Steering-group members see only
    /// aggregated figures and need no second opinion; erasing a person does.
    public static let needApproval: Set<Role> = [.admin, .caseManager, .coordinator, .dataProtection, .immigrationOffice, .erasureApprover]

    public static let conflictMessage = "Wer Benutzer*innen und Organisation verwaltet, kann nicht zugleich Fälle bearbeiten, "
        + "koordinieren, den Datenschutz prüfen oder Löschungen bestätigen. Bitte vergeben Sie diese Rollen an getrennte Konten."
    public static let ownRolesMessage = "Ihre eigenen Rollen und Bereiche kann nur eine andere Person der Fachadministration ändern."

    /// Whether a set of grants combines the administration with a role it must not hold.
    public static func conflicts(_ grants: [RoleGrant]) -> Bool {
        let roles = Set(grants.map(\.role))
        return roles.contains(.admin) && !roles.isDisjoint(with: readOrSuperviseData)
    }

    /// Whether `inner` allows nothing that `outer` does not.
    public static func covers(_ outer: GrantScope, _ inner: GrantScope) -> Bool {
        switch (outer, inner) {
        case (.district, _): true
        case (.municipalities, .district): false
        case (.municipalities(let held), .municipalities(let wanted)): wanted.isSubset(of: held)
        }
    }

    /// What a change from `held` to `wanted` does at once, and what waits for approval. Removing a
    /// role or narrowing its scope is safe and immediate; a new or wider role that needs approval
    /// keeps its old grant (if any) until a second person approves the wanted one.
    public static func plan(held: [RoleGrant], wanted: [RoleGrant]) -> (now: [RoleGrant], pending: [RoleGrant]) {
        var now: [RoleGrant] = []
        var pending: [RoleGrant] = []
        for grant in wanted {
            let before = held.first { $0.role == grant.role }
            if !needApproval.contains(grant.role) || before.map({ covers($0.scope, grant.scope) }) == true {
                now.append(grant)
            } else {
                if let before { now.append(before) }
                pending.append(grant)
            }
        }
        return (now, pending)
    }
}
