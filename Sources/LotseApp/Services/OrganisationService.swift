import Fluent
import Vapor

/// The organisation of a district: its name, regions and municipalities. Every function takes the
/// district it works in, and an id from another district is "not found".
enum OrganisationService {
    struct RegionInput: Sendable {
        var name: String
        var kind: Region.Kind
        var parentMunicipalityID: UUID?
        var isActive: Bool
    }

    struct MunicipalityInput: Sendable {
        var name: String
        var regionID: UUID?
        var isActive: Bool
    }

    // MARK: Reading

    static func district(_ id: UUID, on database: any Database) async throws -> District {
        guard let district = try await District.find(id, on: database) else { throw PublicError.notFound }
        return district
    }

    static func regions(districtID: UUID, on database: any Database) async throws -> [Region] {
        try await Region.query(on: database).filter(\.$districtID == districtID).sort(\.$name).all()
    }

    static func municipalities(districtID: UUID, on database: any Database) async throws -> [Municipality] {
        try await Municipality.query(on: database).filter(\.$districtID == districtID).sort(\.$name).all()
    }

    static func region(_ id: UUID, districtID: UUID, on database: any Database) async throws -> Region {
        guard let region = try await Region.query(on: database).filter(\.$id == id).filter(\.$districtID == districtID).first() else {
            throw PublicError.notFound
        }
        return region
    }

    static func municipality(_ id: UUID, districtID: UUID, on database: any Database) async throws -> Municipality {
        guard let municipality = try await Municipality.query(on: database)
            .filter(\.$id == id).filter(\.$districtID == districtID).first() else {
            throw PublicError.notFound
        }
        return municipality
    }

    static func municipalityNames(districtID: UUID, on database: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await municipalities(districtID: districtID, on: database).compactMap { municipality in
            municipality.id.map { ($0, municipality.name) }
        })
    }

    // MARK: Changing

    static func renameDistrict(_ id: UUID, to name: String, on database: any Database) async throws -> District {
        var failure = ValidationFailure()
        Check.name(name, field: "name", label: "den Namen des Kreises", into: &failure)
        try failure.throwIfAny()
        let district = try await self.district(id, on: database)
        district.name = name
        try await district.save(on: database)
        return district
    }

    static func saveRegion(_ input: RegionInput, id: UUID?, districtID: UUID, on database: any Database) async throws -> Region {
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "einen Namen", into: &failure)
        let sameName = try await Region.query(on: database).filter(\.$districtID == districtID).filter(\.$name == input.name).first()
        if let sameName, sameName.id != id {
            failure.add("name", "Eine Region oder ein Sozialbezirk mit diesem Namen gibt es schon.")
        }
        switch input.kind {
        case .socialDistrict:
            if let parent = input.parentMunicipalityID {
                if try await Municipality.query(on: database).filter(\.$id == parent).filter(\.$districtID == districtID).first() == nil {
                    failure.add("parentMunicipalityId", "Bitte wählen Sie eine Kommune dieses Kreises.")
                }
            } else {
                failure.add("parentMunicipalityId", "Bitte wählen Sie die Kommune, zu der der Sozialbezirk gehört.")
            }
        case .region:
            if input.parentMunicipalityID != nil {
                failure.add("parentMunicipalityId", "Eine Region fasst Kommunen zusammen und gehört selbst zu keiner Kommune.")
            }
        }
        try failure.throwIfAny()
        let region: Region
        if let id {
            region = try await self.region(id, districtID: districtID, on: database)
        } else {
            region = Region(districtID: districtID, name: input.name, kind: input.kind)
        }
        region.name = input.name
        region.kind = input.kind
        region.parentMunicipalityID = input.kind == .socialDistrict ? input.parentMunicipalityID : nil
        region.isActive = input.isActive
        try await region.save(on: database)
        return region
    }

    static func saveMunicipality(_ input: MunicipalityInput, id: UUID?, districtID: UUID, on database: any Database) async throws -> Municipality {
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "einen Namen", into: &failure)
        let sameName = try await Municipality.query(on: database).filter(\.$districtID == districtID).filter(\.$name == input.name).first()
        if let sameName, sameName.id != id {
            failure.add("name", "Eine Kommune mit diesem Namen gibt es in diesem Kreis schon.")
        }
        if let regionID = input.regionID {
            let region = try await Region.query(on: database).filter(\.$id == regionID).filter(\.$districtID == districtID).first()
            if region == nil || region?.kind != .region {
                failure.add("regionId", "Bitte wählen Sie eine Region dieses Kreises (keinen Sozialbezirk).")
            }
        }
        try failure.throwIfAny()
        let municipality: Municipality
        if let id {
            municipality = try await self.municipality(id, districtID: districtID, on: database)
        } else {
            municipality = Municipality(districtID: districtID, regionID: input.regionID, name: input.name)
        }
        municipality.name = input.name
        municipality.regionID = input.regionID
        // Deactivated, never deleted: later records (cases, services, positions) keep pointing here.
        municipality.isActive = input.isActive
        try await municipality.save(on: database)
        return municipality
    }
}
