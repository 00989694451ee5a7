import Fluent
import Foundation
import LotseCore

/// A person's request for access to their data (Art. 15 GDPR), recorded on one of their cases by
/// the case manager, with its statutory deadline (one month after receipt) and how it was answered.
/// Names nobody: the data-protection officer sees it by case number.
final class AccessRequest: Model, @unchecked Sendable {
    static let schema = "access_requests"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $caseFileID, $receivedOn, $deadline, $recordedBy, $fulfilledOn, $fulfilledBy, $delivery] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "received_on") var receivedOn: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @OptionalField(key: "fulfilled_on") var fulfilledOn: String?
    @OptionalField(key: "fulfilled_by") var fulfilledBy: UUID?
    @OptionalField(key: "delivery") var delivery: AccessDelivery?

    init() {}
}
