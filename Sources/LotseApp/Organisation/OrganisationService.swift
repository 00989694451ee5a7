import Fluent
import LotseCore
import Vapor

/// The organisation of a district: its name, regions and municipalities. Every function takes the
/// scope the access policy granted; an id outside it is "not found". Changes are recorded in the
/// audit trail in the same transaction.
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

    static func district(_ scope: AccessScope, on database: any Database) async throws -> District {
        guard let district = try await District.find(scope.districtID, on: database) else { throw PublicError.notFound }
        return district
    }

    static func regions(_ scope: AccessScope, on database: any Database) async throws -> [Region] {
        try await Region.query(on: database).filter(\.$districtID == scope.districtID).sort(\.$name).all()
    }

    static func municipalities(_ scope: AccessScope, on database: any Database) async throws -> [Municipality] {
        try await Municipality.query(on: database).filter(\.$districtID == scope.districtID).sort(\.$name).all()
    }

    static func region(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> Region {
        guard let region = try await Region.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return region
    }

    static func municipality(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> Municipality {
        guard let municipality = try await Municipality.query(on: database)
            .filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return municipality
    }

    static func municipalityNames(_ scope: AccessScope, on database: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await municipalities(scope, on: database).compactMap { municipality in
            municipality.id.map { ($0, municipality.name) }
        })
    }

    // MARK: Changing

    static func renameDistrict(to name: String, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws -> District {
        var failure = ValidationFailure()
        Check.name(name, field: "name", label: "den Namen des Kreises", into: &failure)
        try failure.throwIfAny()
        let district = try await self.district(scope, on: database)
        district.name = name
        try await database.transaction { database in
            try await district.save(on: database)
            try await audit.record(.districtRenamed, object: ("district", district.id), on: database)
        }
        return district
    }

    static func saveRegion(_ input: RegionInput, id: UUID?, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws -> Region {
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "einen Namen", into: &failure)
        let sameName = try await Region.query(on: database).filter(\.$districtID == scope.districtID).filter(\.$name == input.name).first()
        if let sameName, sameName.id != id {
            failure.add("name", "Eine Region oder ein Sozialbezirk mit diesem Namen gibt es schon.")
        }
        switch input.kind {
        case .socialDistrict:
            if let parent = input.parentMunicipalityID {
                if try await Municipality.query(on: database).filter(\.$id == parent).filter(\.$districtID == scope.districtID).first() == nil {
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
            region = try await self.region(id, scope, on: database)
        } else {
            region = Region(districtID: scope.districtID, name: input.name, kind: input.kind)
        }
        region.name = input.name
        region.kind = input.kind
        region.parentMunicipalityID = input.kind == .socialDistrict ? input.parentMunicipalityID : nil
        region.isActive = input.isActive
        try await database.transaction { database in
            try await region.save(on: database)
            try await audit.record(id == nil ? .regionCreated : .regionUpdated, object: ("region", region.id), on: database)
        }
        return region
    }

    static func saveMunicipality(_ input: MunicipalityInput, id: UUID?, _ scope: AccessScope, audit: AuditContext,
                                 on database: any Database) async throws -> Municipality {
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "einen Namen", into: &failure)
        let sameName = try await Municipality.query(on: database).filter(\.$districtID == scope.districtID).filter(\.$name == input.name).first()
        if let sameName, sameName.id != id {
            failure.add("name", "Eine Kommune mit diesem Namen gibt es in diesem Kreis schon.")
        }
        if let regionID = input.regionID {
            let region = try await Region.query(on: database).filter(\.$id == regionID).filter(\.$districtID == scope.districtID).first()
            if region == nil || region?.kind != .region {
                failure.add("regionId", "Bitte wählen Sie eine Region dieses Kreises (keinen Sozialbezirk).")
            }
        }
        try failure.throwIfAny()
        let municipality: Municipality
        if let id {
            municipality = try await self.municipality(id, scope, on: database)
        } else {
            municipality = Municipality(districtID: scope.districtID, regionID: input.regionID, name: input.name)
        }
        municipality.name = input.name
        municipality.regionID = input.regionID
        // Deactivated, never deleted: later records (cases, services, positions) keep pointing here.
        municipality.isActive = input.isActive
        try await database.transaction { database in
            try await municipality.save(on: database)
            try await audit.record(id == nil ? .municipalityCreated : .municipalityUpdated, object: ("municipality", municipality.id), on: database)
        }
        return municipality
    }
}
