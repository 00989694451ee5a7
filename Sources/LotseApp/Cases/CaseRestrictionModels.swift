import Fluent
import Foundation

/// A restriction of processing (Art. 18 GDPR) on one case: while it is active (`liftedOn` nil)
/// the case can be read but not changed or passed on. Its reasons may name the person's
/// circumstances, so they are sealed with the client's key; the rows stay as the case's history.
final class CaseRestriction: Model, @unchecked Sendable {
    static let schema = "case_restrictions"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $sealedReason, $restrictedBy, $restrictedOn, $liftedBy, $liftedOn, $sealedLiftReason] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "sealed_reason") var sealedReason: String
    @Field(key: "restricted_by") var restrictedBy: UUID
    @Field(key: "restricted_on") var restrictedOn: String
    @OptionalField(key: "lifted_by") var liftedBy: UUID?
    @OptionalField(key: "lifted_on") var liftedOn: String?
    @OptionalField(key: "sealed_lift_reason") var sealedLiftReason: String?

    init() {}
}

/// One correction of a person's data (Art. 16 GDPR): which fields changed from what to what,
/// sealed with the client's key; who corrected it and when stay readable for the history.
final class ClientCorrection: Model, @unchecked Sendable {
    static let schema = "client_corrections"
    var properties: [any AnyProperty] { [$id, $districtID, $clientID, $caseFileID, $correctedBy, $correctedAt, $sealedChanges] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "corrected_by") var correctedBy: UUID
    @Field(key: "corrected_at") var correctedAt: Date
    @Field(key: "sealed_changes") var sealedChanges: String

    init() {}
}
