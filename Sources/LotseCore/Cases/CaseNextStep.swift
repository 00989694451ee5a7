import Foundation

/// The one next step of a case, as the summary at the top of the case page names it: the order
/// of the work in the KIM case-management process (consent, person, intake, assessment, goals,
/// linking to services, monitoring), with what is overdue before anything new.
public enum CaseNextStep: Equatable, Sendable {
    case recordConsent
    case recordClient
    case recordIntake
    /// The intake ended without case management: what is left is to close it.
    case closeAfterIntake
    case recordReview(id: UUID, dueOn: String)
    case updateAction(id: UUID, what: String, dueOn: String)
    case assess
    case agreeGoal
    case makeReferral
    case moveOn(to: Phase)
    case planReview
    /// Nothing is due: the case waits for its next review.
    case waitForReview(dueOn: String)
    /// Closed, or restricted (Art. 18 GDPR): no step is offered.
    case none

    public struct Facts: Sendable {
        public var phase: Phase
        public var isRestricted = false
        public var hasConsent = false
        public var hasClient = false
        public var intakeOutcome: IntakeOutcome?
        public var assessments = 0
        public var goals = 0
        public var referrals = 0
        /// The reviews not yet held and the actions not yet done, with their due days.
        public var openReviews: [(id: UUID, dueOn: String)] = []
        public var openActions: [(id: UUID, what: String, dueOn: String)] = []
        public var today: String

        public init(phase: Phase, today: String) {
            self.phase = phase
            self.today = today
        }
    }

    public static func decide(_ facts: Facts) -> CaseNextStep {
        if facts.phase == .closed || facts.isRestricted { return .none }
        if !facts.hasConsent { return facts.phase == .intake && facts.intakeOutcome != nil && facts.intakeOutcome != .caseManagement ? .closeAfterIntake : .recordConsent }
        if !facts.hasClient { return .recordClient }
        if facts.phase == .intake {
            guard let outcome = facts.intakeOutcome else { return .recordIntake }
            return outcome == .caseManagement ? .moveOn(to: .assessment) : .closeAfterIntake
        }
        let firstReview = facts.openReviews.min { $0.dueOn < $1.dueOn }
        if let review = firstReview, review.dueOn < facts.today { return .recordReview(id: review.id, dueOn: review.dueOn) }
        if let action = facts.openActions.filter({ $0.dueOn < facts.today }).min(by: { $0.dueOn < $1.dueOn }) {
            return .updateAction(id: action.id, what: action.what, dueOn: action.dueOn)
        }
        switch facts.phase {
        case .assessment: return facts.assessments == 0 ? .assess : .moveOn(to: .goalAgreement)
        case .goalAgreement: return facts.goals == 0 ? .agreeGoal : .moveOn(to: .serviceLinking)
        case .serviceLinking: return facts.referrals == 0 ? .makeReferral : .moveOn(to: .monitoring)
        case .monitoring:
            guard let review = firstReview else { return .planReview }
            return review.dueOn <= facts.today ? .recordReview(id: review.id, dueOn: review.dueOn) : .waitForReview(dueOn: review.dueOn)
        case .intake, .closed: return .none
        }
    }
}
