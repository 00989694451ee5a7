import Fluent
import Foundation

/// A kreisangehörige Stadt or Gemeinde. Deactivated, never deleted, once anything refers to it.
final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"
    var properties: [any AnyProperty] { [$id, $districtID, $regionID, $name, $isActive] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @OptionalField(key: "region_id") var regionID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "is_active") var isActive: Bool

    init() {}

    init(id: UUID? = nil, districtID: UUID, regionID: UUID?, name: String) {
        self.id = id
        self.districtID = districtID
        self.regionID = regionID
        self.name = name
        isActive = true
    }
}
