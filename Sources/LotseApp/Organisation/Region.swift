import Fluent
import Foundation

/// A group of municipalities (Region, Clusterregion) or a social district inside one municipality
/// (Sozialbezirk, as in the city of Paderborn).
final class Region: Model, @unchecked Sendable {
    static let schema = "regions"
    var properties: [any AnyProperty] { [$id, $districtID, $name, $kind, $parentMunicipalityID, $isActive] }

    enum Kind: String, Codable, CaseIterable, Sendable {
        /// Groups whole municipalities.
        case region
        /// Divides one municipality; `parentMunicipalityID` names it.
        case socialDistrict

        var germanName: String {
            switch self {
            case .region: "Region"
            case .socialDistrict: "Sozialbezirk"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Enum(key: "kind") var kind: Kind
    @OptionalField(key: "parent_municipality_id") var parentMunicipalityID: UUID?
    @Field(key: "is_active") var isActive: Bool

    init() {}

    init(id: UUID? = nil, districtID: UUID, name: String, kind: Kind, parentMunicipalityID: UUID? = nil) {
        self.id = id
        self.districtID = districtID
        self.name = name
        self.kind = kind
        self.parentMunicipalityID = parentMunicipalityID
        isActive = true
    }
}
