import Foundation
import Testing
@testable import LotseCore

@Suite struct DutySeparationTests {
    let town1 = UUID(), town2 = UUID()

    @Test(arguments: [Role.caseManager, .dataProtection, .coordinator, .erasureApprover])
    func theAdministrationHoldsNoRoleThatReadsOrSupervisesData(_ role: Role) {
        #expect(DutySeparation.conflicts([RoleGrant(role: .admin, scope: .district), RoleGrant(role: role, scope: .district)]))
        #expect(!DutySeparation.conflicts([RoleGrant(role: role, scope: .district)]))
    }

    @Test func steeringAndImmigrationOfficeMayBeCombinedWithTheAdministration() {
        #expect(!DutySeparation.conflicts([RoleGrant(role: .admin, scope: .district), RoleGrant(role: .steeringMember, scope: .district),
                                           RoleGrant(role: .immigrationOffice, scope: .district)]))
    }

    @Test func aNewOrWiderRoleWaitsANarrowerOneDoesNot() {
        let local = RoleGrant(role: .caseManager, scope: .municipalities([town1]))
        let wider = RoleGrant(role: .caseManager, scope: .municipalities([town1, town2]))
        let steering = RoleGrant(role: .steeringMember, scope: .district)
        // New: waits; a steering seat does not.
        var plan = DutySeparation.plan(held: [], wanted: [local, steering])
        #expect(plan.now == [steering] && plan.pending == [local])
        // Wider: the old grant stays until approval.
        plan = DutySeparation.plan(held: [local], wanted: [wider])
        #expect(plan.now == [local] && plan.pending == [wider])
        // Narrower or equal, or removed: at once.
        plan = DutySeparation.plan(held: [wider], wanted: [local])
        #expect(plan.now == [local] && plan.pending.isEmpty)
        plan = DutySeparation.plan(held: [wider, steering], wanted: [])
        #expect(plan.now.isEmpty && plan.pending.isEmpty)
        // From some municipalities to the whole district is wider.
        plan = DutySeparation.plan(held: [local], wanted: [RoleGrant(role: .caseManager, scope: .district)])
        #expect(plan.now == [local] && plan.pending.count == 1)
    }

    /// Every pair of held and wanted grants over three municipalities: what takes effect at once
    /// never allows more than was held, except for roles without approval.
    @Test func nothingWidensWithoutApproval() {
        let scopes: [GrantScope] = [.district, .municipalities([town1]), .municipalities([town2]), .municipalities([town1, town2])]
        for role in Role.allCases {
            for held in [nil] + scopes.map(Optional.some) {
                for wanted in [nil] + scopes.map(Optional.some) {
                    let plan = DutySeparation.plan(held: held.map { [RoleGrant(role: role, scope: $0)] } ?? [],
                                                   wanted: wanted.map { [RoleGrant(role: role, scope: $0)] } ?? [])
                    for grant in plan.now where DutySeparation.needApproval.contains(role) {
                        #expect(held.map { DutySeparation.covers($0, grant.scope) } == true, "\(role) \(String(describing: held)) → \(String(describing: wanted))")
                    }
                    #expect(plan.now.count + plan.pending.count >= (wanted == nil ? 0 : 1))
                }
            }
        }
    }
}
