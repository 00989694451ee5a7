/// The escalation ladder of a topic (DESIGN.md §3, seed 003 section 9): from the first finding to a
/// solution, a forwarding to the state, or a closure without solution. Every step is dated and has
/// a reason; the allowed steps live here.
public enum TopicStatus: String, Vocabulary, Comparable {
    case reported, analysing, planningConference, body, followUp, solved, forwardedToState, closedWithoutSolution

    public var germanName: String {
        switch self {
        case .reported: "gemeldet"
        case .analysing: "in Analyse"
        case .planningConference: "Planungskonferenz"
        case .body: "lokales Gremium oder Lenkungsgruppe"
        case .followUp: "Arbeitsgruppe, Austausch oder Auftrag"
        case .solved: "gelöst"
        case .forwardedToState: "an das Land weitergeleitet"
        case .closedWithoutSolution: "ohne Lösung geschlossen"
        }
    }

    public var isFinal: Bool { [.solved, .forwardedToState, .closedWithoutSolution].contains(self) }

    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: TopicStatus, rhs: TopicStatus) -> Bool { lhs.order < rhs.order }
}

public enum TopicLadder {
    /// Where a topic may go from `status`: one rung up; from a body or its follow-up to an end;
    /// back from a body to analysis (the body asked for more); closing without solution from
    /// any open rung. A final status is final.
    public static func next(from status: TopicStatus) -> [TopicStatus] {
        let allowed: Set<TopicStatus>
        switch status {
        case .reported: allowed = [.analysing, .closedWithoutSolution]
        case .analysing: allowed = [.planningConference, .body, .closedWithoutSolution]
        case .planningConference: allowed = [.body, .analysing, .closedWithoutSolution]
        case .body: allowed = [.followUp, .solved, .forwardedToState, .analysing, .closedWithoutSolution]
        case .followUp: allowed = [.body, .solved, .forwardedToState, .closedWithoutSolution]
        case .solved, .forwardedToState, .closedWithoutSolution: allowed = []
        }
        return TopicStatus.allCases.filter { allowed.contains($0) }
    }

    public static func mayMove(from: TopicStatus, to: TopicStatus) -> Bool { next(from: from).contains(to) }

    /// The step a body's decision on a topic suggests (issue 18, part 4): forwarding → forwarded to
    /// the state, closing → closed, a working group, an exchange or a task → follow-up. A topic not
    /// yet before a body goes there first; nil where the ladder allows neither.
    public static func stepProposed(by kind: DecisionKind, from status: TopicStatus) -> TopicStatus? {
        let target: TopicStatus = switch kind {
        case .forwardToState: .forwardedToState
        case .closeTopic: .closedWithoutSolution
        case .setUpWorkingGroup, .exchangeMeeting, .task: .followUp
        }
        if status == target { return nil }
        if mayMove(from: status, to: target) { return target }
        return mayMove(from: status, to: .body) ? .body : nil
    }
}
