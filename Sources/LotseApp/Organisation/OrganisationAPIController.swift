import Fluent
import LotseCore
import Vapor

/// The district, its regions and municipalities over JSON, for the administration.
struct OrganisationAPIController {
    struct DistrictPatch: Content { let name: String? }

    struct RegionBody: Content {
        let name: String?
        let kind: String?
        let parentMunicipalityId: UUID?
        let isActive: Bool?
    }

    struct MunicipalityBody: Content {
        let name: String?
        /// Send null to take the municipality out of its region.
        let regionId: UUID??
        let isActive: Bool?
    }

    func district(req: Request) async throws -> DistrictDTO {
        let access = try req.authorize(.administerOrganisation)
        return try DistrictDTO(try await OrganisationService.district(access.scope, on: req.db))
    }

    func renameDistrict(req: Request) async throws -> DistrictDTO {
        let access = try req.authorize(.administerOrganisation)
        let body = try req.decodeJSON(DistrictPatch.self)
        let district = try await OrganisationService.renameDistrict(
            to: (body.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines), access.scope, audit: req.audit, on: req.db)
        return try DistrictDTO(district)
    }

    func regions(req: Request) async throws -> [RegionDTO] {
        let access = try req.authorize(.administerOrganisation)
        return try await OrganisationService.regions(access.scope, on: req.db).map(RegionDTO.init)
    }

    func region(req: Request) async throws -> RegionDTO {
        let access = try req.authorize(.administerOrganisation)
        return try RegionDTO(try await OrganisationService.region(try req.id("regionID"),
                                                                  access.scope, on: req.db))
    }

    func createRegion(req: Request) async throws -> RegionDTO {
        try await saveRegion(req, id: nil)
    }

    func updateRegion(req: Request) async throws -> RegionDTO {
        try await saveRegion(req, id: try req.id("regionID"))
    }

    func saveRegion(_ req: Request, id: UUID?) async throws -> RegionDTO {
        let access = try req.authorize(.administerOrganisation)
        let scope = access.scope
        var existing: Region?
        if let id { existing = try await OrganisationService.region(id, scope, on: req.db) }
        let body = try req.decodeJSON(RegionBody.self)
        var kind = existing?.kind ?? .region
        if let text = body.kind {
            guard let parsed = Region.Kind(rawValue: text) else {
                var failure = ValidationFailure()
                failure.add("kind", "Die Art muss „region“ oder „socialDistrict“ sein.")
                throw failure
            }
            kind = parsed
        }
        let input = OrganisationService.RegionInput(
            name: (body.name ?? existing?.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            kind: kind,
            parentMunicipalityID: body.parentMunicipalityId ?? (kind == .socialDistrict ? existing?.parentMunicipalityID : nil),
            isActive: body.isActive ?? existing?.isActive ?? true)
        return try RegionDTO(try await OrganisationService.saveRegion(input, id: id, scope, audit: req.audit, on: req.db))
    }

    func municipalities(req: Request) async throws -> [MunicipalityDTO] {
        let access = try req.authorize(.administerOrganisation)
        return try await OrganisationService.municipalities(access.scope, on: req.db).map(MunicipalityDTO.init)
    }

    func municipality(req: Request) async throws -> MunicipalityDTO {
        let access = try req.authorize(.administerOrganisation)
        return try MunicipalityDTO(try await OrganisationService.municipality(
            try req.id("municipalityID"), access.scope, on: req.db))
    }

    func createMunicipality(req: Request) async throws -> MunicipalityDTO {
        try await saveMunicipality(req, id: nil)
    }

    func updateMunicipality(req: Request) async throws -> MunicipalityDTO {
        try await saveMunicipality(req, id: try req.id("municipalityID"))
    }

    func saveMunicipality(_ req: Request, id: UUID?) async throws -> MunicipalityDTO {
        let access = try req.authorize(.administerOrganisation)
        let scope = access.scope
        var existing: Municipality?
        if let id { existing = try await OrganisationService.municipality(id, scope, on: req.db) }
        let body = try req.decodeJSON(MunicipalityBody.self)
        let input = OrganisationService.MunicipalityInput(
            name: (body.name ?? existing?.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
            regionID: body.regionId ?? existing?.regionID,
            isActive: body.isActive ?? existing?.isActive ?? true)
        return try MunicipalityDTO(try await OrganisationService.saveMunicipality(input, id: id, scope, audit: req.audit, on: req.db))
    }
}
