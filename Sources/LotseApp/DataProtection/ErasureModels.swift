import Fluent
import Foundation

enum ErasureStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, rejected

    var germanName: String {
        switch self {
        case .pending: "wartet auf den Datenschutz"
        case .approved: "bestätigt und gelöscht"
        case .rejected: "abgelehnt"
        }
    }
}

/// A case manager's request to erase a person (Art. 17 GDPR), decided by the data-protection
/// officer. The client is named by id only (it is gone once approved); the reason names nobody.
final class ErasureRequest: Model, @unchecked Sendable {
    static let schema = "erasure_requests"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $caseFileID, $clientID, $reason, $requestedBy, $requestedOn, $status, $decidedBy, $decidedOn, $decisionReason, $casesAnonymised] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @OptionalField(key: "client_id") var clientID: UUID?
    @Field(key: "reason") var reason: String
    @Field(key: "requested_by") var requestedBy: UUID
    @Field(key: "requested_on") var requestedOn: String
    @Field(key: "status") var status: ErasureStatus
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "cases_anonymised") var casesAnonymised: Int?

    init() {}
}
