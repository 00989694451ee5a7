import Fluent
import Foundation
import LotseCore
import Vapor

/// The offices and checklists over JSON (issue 16, parts 1 and 2), with the same checks as the browser.
struct OfficeAPIController {
    struct OfficeDTO: Content {
        let id: UUID
        let name: String
        let kinds: [String]
        let municipalityIds: [UUID]
        let municipalities: [String]
        let memberIds: [UUID]
        let isActive: Bool
        let providerId: UUID?
    }

    /// What the API sends to create or change an office; on PATCH a field left out keeps its value.
    struct OfficeInputDTO: Content {
        var name: String?
        var kinds: [OfficeKind]?
        var municipalityIds: [UUID]?
        var memberIds: [UUID]?
        var isActive: Bool?
        var providerId: UUID?
    }

    struct ItemDTO: Content {
        let position: Int
        let title: String
        let legalSource: String
        let explanation: String
        let documents: String
    }

    struct VersionDTO: Content {
        let id: UUID
        let version: Int
        let validFrom: String
        let validUntil: String?
    }

    struct ChecklistDTO: Content {
        let id: UUID
        let seriesId: UUID
        let officeId: UUID
        let office: String
        let procedure: String
        let title: String
        let version: Int
        let validFrom: String
        let validUntil: String?
        let isExample: Bool
        let items: [ItemDTO]
        let versions: [VersionDTO]
    }

    static func dto(_ office: ImmigrationOffice, towns: [UUID: String], members: [OfficeMember]) throws -> OfficeDTO {
        OfficeDTO(id: try office.requireID(), name: office.name, kinds: office.kinds.map(\.rawValue), municipalityIds: office.municipalityIDs,
                  municipalities: office.municipalityIDs.compactMap { towns[$0] }, memberIds: members.filter { $0.officeID == office.id }.map(\.userID),
                  isActive: office.isActive, providerId: office.providerID)
    }

    static func dto(_ shown: ChecklistDesk.Shown) throws -> ChecklistDTO {
        let list = shown.checklist
        return ChecklistDTO(id: try list.requireID(), seriesId: list.seriesID, officeId: list.officeID, office: shown.office.name,
                            procedure: list.procedure.rawValue, title: list.title, version: list.version, validFrom: list.validFrom,
                            validUntil: list.validUntil, isExample: list.isExample,
                            items: shown.items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource,
                                                           explanation: $0.explanation, documents: $0.documents) },
                            versions: try shown.versions.map { .init(id: try $0.requireID(), version: $0.version, validFrom: $0.validFrom, validUntil: $0.validUntil) })
    }

    /// The offices: for everyone who reads requirements, and for the administration (which keeps them).
    func list(req: Request) async throws -> [OfficeDTO] {
        let access = try (try? req.authorize(.readRequirements)) ?? req.authorize(.administerOrganisation)
        let isAdmin = AccessPolicy.permits(access.actor, .administerOrganisation)
        let offices = try await OfficeService.offices(districtID: access.scope.districtID, on: req.db).filter { isAdmin || $0.isActive }
        let towns = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let members = try await OfficeService.members(of: offices.compactMap(\.id), on: req.db)
        return try offices.map { try Self.dto($0, towns: towns, members: members) }
    }

    func create(req: Request) async throws -> OfficeDTO { try await save(req, id: nil) }
    func update(req: Request) async throws -> OfficeDTO { try await save(req, id: try req.id("officeID")) }

    private func save(_ req: Request, id: UUID?) async throws -> OfficeDTO {
        let scope = try req.authorize(.administerOrganisation).scope
        let sent = try req.content.decode(OfficeInputDTO.self)
        var input = OfficeService.OfficeInput()
        if let id {
            let stored = try await OfficeService.office(id, districtID: scope.districtID, on: req.db)
            input = .init(name: stored.name, kinds: stored.kinds, municipalityIDs: Set(stored.municipalityIDs),
                          memberIDs: Set(try await OfficeService.members(of: [id], on: req.db).map(\.userID)), isActive: stored.isActive,
                          providerID: stored.providerID)
        }
        input.name = sent.name ?? input.name
        input.kinds = sent.kinds ?? input.kinds
        input.municipalityIDs = sent.municipalityIds.map(Set.init) ?? input.municipalityIDs
        input.memberIDs = sent.memberIds.map(Set.init) ?? input.memberIDs
        input.isActive = sent.isActive ?? input.isActive
        input.providerID = sent.providerId ?? input.providerID
        let office = try await OfficeService.save(input, id: id, scope, audit: req.audit, on: req.db)
        return try Self.dto(office, towns: try await OrganisationService.municipalityNames(scope, on: req.db),
                            members: try await OfficeService.members(of: [try office.requireID()], on: req.db))
    }

    /// The version of each checklist valid today.
    func checklists(req: Request) async throws -> [ChecklistDTO] {
        let desk = try req.checklistDesk(.readRequirements)
        return try await desk.shown(try await desk.current()).map(Self.dto)
    }

    func checklist(req: Request) async throws -> ChecklistDTO {
        try Self.dto(try await req.checklistDesk(.readRequirements).shown(try req.id("checklistID")))
    }

    func createChecklist(req: Request) async throws -> ChecklistDTO {
        let desk = try req.checklistDesk(.maintainRequirements)
        let created = try await desk.create(try req.jsonFields().checklistInput, officeID: try req.id("officeID"))
        return try Self.dto(try await desk.shown(try created.requireID()))
    }

    func version(req: Request) async throws -> ChecklistDTO {
        let desk = try req.checklistDesk(.maintainRequirements)
        let created = try await desk.newVersion(try req.jsonFields().checklistInput, of: try req.id("checklistID"))
        return try Self.dto(try await desk.shown(try created.requireID()))
    }
}
