import Foundation
import LotseCore
import Vapor

/// What the API answers about the district, its regions and municipalities.
struct DistrictDTO: Content {
    let id: UUID
    let name: String
    let isActive: Bool

    init(_ district: District) throws {
        id = try district.requireID()
        name = district.name
        isActive = district.isActive
    }
}

struct RegionDTO: Content {
    let id: UUID
    let name: String
    let kind: String
    let parentMunicipalityId: UUID?
    let isActive: Bool

    init(_ region: Region) throws {
        id = try region.requireID()
        name = region.name
        kind = region.kind.rawValue
        parentMunicipalityId = region.parentMunicipalityID
        isActive = region.isActive
    }
}

struct MunicipalityDTO: Content {
    let id: UUID
    let name: String
    let regionId: UUID?
    let isActive: Bool

    init(_ municipality: Municipality) throws {
        id = try municipality.requireID()
        name = municipality.name
        regionId = municipality.regionID
        isActive = municipality.isActive
    }
}
