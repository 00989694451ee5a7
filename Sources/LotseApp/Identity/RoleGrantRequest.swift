import Fluent
import Foundation
import LotseCore

enum GrantRequestStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, rejected, withdrawn

    var germanName: String {
        switch self {
        case .pending: "wartet auf Bestätigung"
        case .approved: "bestätigt"
        case .rejected: "abgelehnt"
        case .withdrawn: "zurückgezogen"
        }
    }
}

/// A role, or a wider scope of it, that an administrator asked for and a second person has not yet
/// approved (`DutySeparation`). Kept after the decision as its record.
final class RoleGrantRequest: Model, @unchecked Sendable {
    static let schema = "role_grant_requests"
    var properties: [any AnyProperty] { [$id, $districtID, $userID, $role, $municipalityIDs, $requestedBy, $requestedAt, $status, $decidedBy, $decidedAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: Role
    /// Empty: the whole district.
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]
    @Field(key: "requested_by") var requestedBy: UUID
    @Field(key: "requested_at") var requestedAt: Date
    @Field(key: "status") var status: GrantRequestStatus
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(districtID: UUID, userID: UUID, grant: RoleGrant, requestedBy: UUID, at now: Date) {
        (self.districtID, self.userID, self.role, self.requestedBy, self.requestedAt, self.status) = (districtID, userID, grant.role, requestedBy, now, .pending)
        switch grant.scope {
        case .district: municipalityIDs = []
        case .municipalities(let ids): municipalityIDs = ids.sorted { $0.uuidString < $1.uuidString }
        }
    }

    var grant: RoleGrant { RoleGrant(role: role, scope: municipalityIDs.isEmpty ? .district : .municipalities(Set(municipalityIDs))) }
}
