import Foundation

/// A help plan agreed in a district-level case conference (issue 19, part 6; seed 004:
/// "Individuelle Teilhabekonferenz mit kreisweit einheitlichem Hilfeplanverfahren"): goals,
/// actions each with the organisation responsible, and a review date. It binds only the
/// organisations present that accepted it, so each action's organisation must be one of them.
public enum HelpPlanRules {
    public enum Problem: Sendable, Equatable {
        case notADistrictConference
        case noOrganisationAccepted
        case acceptedButAbsent
        case responsibleDidNotAccept(row: Int)
        case noAction
        case reviewBeforeAgreement
    }

    public struct Action: Sendable, Equatable {
        public let responsible: UUID?
        public init(responsible: UUID?) { self.responsible = responsible }
    }

    /// Days as YYYY-MM-DD. Rows are numbered from 1, as the form shows them.
    public static func problems(isDistrictLevel: Bool, present: Set<UUID>, accepted: Set<UUID>, actions: [Action],
                                agreedOn: String?, reviewOn: String?) -> [Problem] {
        var problems: [Problem] = []
        if !isDistrictLevel { problems.append(.notADistrictConference) }
        if accepted.isEmpty { problems.append(.noOrganisationAccepted) }
        if !accepted.isSubset(of: present) { problems.append(.acceptedButAbsent) }
        if actions.isEmpty { problems.append(.noAction) }
        for (index, action) in actions.enumerated() where !(action.responsible.map(accepted.contains) ?? false) {
            problems.append(.responsibleDidNotAccept(row: index + 1))
        }
        if let agreedOn, let reviewOn, reviewOn < agreedOn { problems.append(.reviewBeforeAgreement) }
        return problems
    }
}
