import Fluent
import LotseCore
import Vapor

/// Office hours over JSON.
struct OfficeHoursAPIController {
    struct OfficeHoursDTO: Content {
        let id: UUID
        let municipalityId: UUID
        let place: String
        let times: String
        let languages: [String]
        let contact: String
        let isActive: Bool

        init(_ entry: OfficeHours) throws {
            id = try entry.requireID()
            municipalityId = entry.municipalityID
            place = entry.place
            times = entry.times
            languages = entry.languages
            contact = entry.contact
            isActive = entry.isActive
        }
    }

    struct Body: Content {
        let municipalityId: UUID?
        let place: String?
        let times: String?
        let languages: [String]?
        let contact: String?
        let isActive: Bool?
    }

    func list(req: Request) async throws -> [OfficeHoursDTO] {
        let access = try req.authorize(.readDirectory)
        return try await OfficeHoursCatalog.all(access.scope, on: req.db).map(OfficeHoursDTO.init)
    }

    func create(req: Request) async throws -> OfficeHoursDTO {
        try await save(req, id: nil)
    }

    func update(req: Request) async throws -> OfficeHoursDTO { try await save(req, id: try req.id("officeHoursID")) }

    func save(_ req: Request, id: UUID?) async throws -> OfficeHoursDTO {
        let access = try req.authorize(.editDirectory)
        var input = OfficeHoursCatalog.Input()
        if let id {
            let entry = try await OfficeHoursCatalog.entry(id, access.scope, on: req.db)
            input = .init(municipalityID: entry.municipalityID, place: entry.place, times: entry.times, languages: entry.languages,
                          contact: entry.contact, isActive: entry.isActive)
        }
        let body = try req.decodeJSON(Body.self)
        input.municipalityID = body.municipalityId ?? input.municipalityID
        input.place = body.place?.trimmingCharacters(in: .whitespaces) ?? input.place
        input.times = body.times?.trimmingCharacters(in: .whitespaces) ?? input.times
        input.languages = body.languages ?? input.languages
        input.contact = body.contact ?? input.contact
        input.isActive = body.isActive ?? input.isActive
        return try OfficeHoursDTO(try await OfficeHoursCatalog.save(input, id: id, access.scope, audit: req.audit, on: req.db))
    }
}
