import Fluent
import Foundation
import LotseCore

/// A help plan agreed in a district-level case conference (issue 19, part 6). Its goals and
/// actions are about the client: sealed with the client's key, like the minutes.
final class HelpPlan: Model, @unchecked Sendable {
    static let schema = "help_plans"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $conferenceID, $agreedOn, $sealedGoals, $acceptedProviderIDs, $dueOn, $lastReviewedOn, $sealedReviewNote, $recordedBy, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "conference_id") var conferenceID: UUID
    @Field(key: "agreed_on") var agreedOn: String
    @OptionalField(key: "sealed_goals") var sealedGoals: String?
    /// The organisations present that accepted the plan.
    @Field(key: "accepted_provider_ids") var acceptedProviderIDs: [UUID]
    /// The next review; nil once the plan has ended. A review due today or earlier is a due item.
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "last_reviewed_on") var lastReviewedOn: String?
    @OptionalField(key: "sealed_review_note") var sealedReviewNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One action of a help plan, with the organisation responsible for it.
final class HelpPlanItem: Model, @unchecked Sendable {
    static let schema = "help_plan_items"
    var properties: [any AnyProperty] { [$id, $planID, $position, $sealedAction, $providerID, $dueOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "position") var position: Int
    @OptionalField(key: "sealed_action") var sealedAction: String?
    @Field(key: "provider_id") var providerID: UUID
    @OptionalField(key: "due_on") var dueOn: String?

    init() {}
}
