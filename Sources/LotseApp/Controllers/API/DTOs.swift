import Foundation
import LotseCore
import Vapor

/// What the API returns and accepts. Fields a client may not set (district, ids, status of a
/// sign-in) are not part of any input type, so they cannot be assigned (no mass assignment).

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

struct RoleGrantDTO: Content {
    let role: String
    /// Absent or null: the whole district.
    let municipalityIds: [UUID]?

    init(role: String, municipalityIds: [UUID]?) {
        self.role = role
        self.municipalityIds = municipalityIds
    }

    init(_ grant: RoleGrant) {
        role = grant.role.rawValue
        if case .municipalities(let ids) = grant.scope {
            municipalityIds = ids.sorted { $0.uuidString < $1.uuidString }
        } else {
            municipalityIds = nil
        }
    }

    /// Nil when the role name is unknown.
    var grant: RoleGrant? {
        Role(rawValue: role).map { RoleGrant(role: $0, scope: municipalityIds.map { .municipalities(Set($0)) } ?? .district) }
    }
}

struct UserDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let roles: [RoleGrantDTO]
    let isActive: Bool
    let setupPending: Bool

    init(_ user: User, grants: [RoleGrant]) throws {
        id = try user.requireID()
        username = user.username
        displayName = user.displayName
        roles = grants.map(RoleGrantDTO.init)
        isActive = user.isActive
        setupPending = user.mustChangePassword || user.totpSecretSealed == nil
    }
}

struct Paged<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int
}

extension Array where Element == RoleGrantDTO {
    /// Converts, failing with a German field message on an unknown role or a role named twice.
    func grants() throws -> [RoleGrant] {
        var failure = ValidationFailure()
        var result: [RoleGrant] = []
        for dto in self {
            guard let grant = dto.grant else {
                failure.add("roles", "Unbekannte Rolle „\(dto.role)“. Erlaubt sind: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            if result.contains(where: { $0.role == grant.role }) {
                failure.add("roles", "Die Rolle „\(dto.role)“ ist doppelt angegeben.")
            }
            result.append(grant)
        }
        try failure.throwIfAny()
        return result
    }
}

extension Request {
    /// Decodes a JSON body; a malformed one is a 400 with a German reason instead of Vapor's English one.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch {
            throw PublicError(status: .badRequest, reason: "Der Inhalt der Anfrage ist kein gültiges JSON in der erwarteten Form. Siehe /api/v1/openapi.json.")
        }
    }
}
