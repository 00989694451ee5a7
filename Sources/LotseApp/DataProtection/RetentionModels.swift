import Fluent
import Foundation

/// A closed case the data-protection officer holds back from anonymisation (legal hold), with the
/// reason (no personal data: "laufendes Widerspruchsverfahren", not a name). Lifting it deletes the row;
/// the audit trail keeps both steps.
final class RetentionHold: Model, @unchecked Sendable {
    static let schema = "retention_holds"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $reason, $heldBy, $heldOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "held_by") var heldBy: UUID
    @Field(key: "held_on") var heldOn: String

    init() {}
}

/// One run of the retention job for one district: when, started how, and how many cases it
/// anonymised, clients it erased and due cases it left because they were held. Counts, never content.
final class RetentionRun: Model, @unchecked Sendable {
    static let schema = "retention_runs"
    var properties: [any AnyProperty] { [$id, $districtID, $ranAt, $trigger, $casesAnonymised, $clientsErased, $casesHeld] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "ran_at") var ranAt: Date
    /// `job` (the daily run in the server) or `command` (`lotse retention run`).
    @Field(key: "trigger") var trigger: String
    @Field(key: "cases_anonymised") var casesAnonymised: Int
    @Field(key: "clients_erased") var clientsErased: Int
    @Field(key: "cases_held") var casesHeld: Int

    init() {}
}
