import Fluent
import Foundation
import LotseCore
import Vapor

/// The naturalisation campaign over JSON (issue 16, part 6), with the same desk as the browser.
/// Every write answers the whole campaign; on PATCH a field left out (or null) keeps its value.
struct CampaignAPIController {
    struct EventDTO: Sendable {
        let id: UUID
        let kind: Coded
        let heldOn: String
        let place: String
        let municipalityId: UUID
        let municipality: String
        let languages: [String]
        let partnerIds: [UUID]
        let participants: Int?
        let followUps: Int?
    }

    struct MaterialDTO: Sendable {
        let id: UUID
        let title: String
        let language: String
        let link: String
        let municipalityIds: [UUID]
    }

    struct ReachDTO: Sendable {
        let municipalityId: UUID
        let municipality: String
        let reach: CampaignReach.Reach
    }

    struct CampaignDTO: Sendable {
        let id: UUID
        let title: String
        let aims: String
        let targetGroups: [Coded]
        let languages: [String]
        let partnerIds: [UUID]
        let startsOn: String
        let endsOn: String?
        let events: [EventDTO]
        let materials: [MaterialDTO]
        let reach: [ReachDTO]
    }

    static func dto(_ shown: CampaignDesk.Shown, towns: [UUID: String], today: String) throws -> CampaignDTO {
        let c = shown.campaign
        let reach = CampaignReach.byMunicipality(shown.events.map(\.reachEvent), today: today)
        return CampaignDTO(
            id: try c.requireID(), title: c.title, aims: c.aims, targetGroups: c.targetGroups.map(Coded.init), languages: c.languages,
            partnerIds: c.partnerIDs, startsOn: c.startsOn, endsOn: c.endsOn,
            events: try shown.events.map { e in
                EventDTO(id: try e.requireID(), kind: Coded(e.kind), heldOn: e.heldOn, place: e.place, municipalityId: e.municipalityID,
                         municipality: towns[e.municipalityID] ?? "", languages: e.languages, partnerIds: e.partnerIDs,
                         participants: e.participants, followUps: e.followUps)
            },
            materials: try shown.materials.map { MaterialDTO(id: try $0.requireID(), title: $0.title, language: $0.language, link: $0.link,
                                                             municipalityIds: $0.municipalityIDs) },
            reach: reach.map { ReachDTO(municipalityId: $0.key, municipality: towns[$0.key] ?? "", reach: $0.value) }
                .sorted { $0.municipality < $1.municipality })
    }

    private func answer(_ req: Request, _ desk: CampaignDesk, _ id: UUID) async throws -> CampaignDTO {
        try Self.dto(try await desk.shown(id), towns: try await OrganisationService.municipalityNames(desk.scope, on: req.db), today: desk.today)
    }

    /// The stored fields with those sent on top; a field sent empty or null keeps the stored one.
    private func merged(_ stored: FormFields, _ req: Request) throws -> FormFields {
        let sent = try req.jsonFields().values.filter { !$0.value.isEmpty }
        return FormFields(values: stored.values.merging(sent) { $1 })
    }

    func list(req: Request) async throws -> [CampaignDTO] {
        let desk = try req.campaignDesk(.readCampaign)
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: req.db)
        return try await desk.shown(try await desk.campaigns()).map { try Self.dto($0, towns: towns, today: desk.today) }
    }

    func read(req: Request) async throws -> CampaignDTO {
        try await answer(req, try req.campaignDesk(.readCampaign), try req.id("campaignID"))
    }

    func create(req: Request) async throws -> CampaignDTO {
        let desk = try req.campaignDesk(.manageCampaign)
        let campaign = try await desk.save(try req.jsonFields().campaignInput, id: nil)
        return try await answer(req, desk, try campaign.requireID())
    }

    func update(req: Request) async throws -> CampaignDTO {
        let desk = try req.campaignDesk(.manageCampaign)
        let id = try req.id("campaignID")
        try await desk.save(try merged(CampaignController.fields(try await desk.shown(id).campaign), req).campaignInput, id: id)
        return try await answer(req, desk, id)
    }

    func createEvent(req: Request) async throws -> CampaignDTO {
        let desk = try req.campaignDesk(.manageCampaign)
        let id = try req.id("campaignID")
        try await desk.saveEvent(try req.jsonFields().campaignEventInput, campaignID: id, eventID: nil)
        return try await answer(req, desk, id)
    }

    func updateEvent(req: Request) async throws -> CampaignDTO {
        let desk = try req.campaignDesk(.manageCampaign)
        let event = try await desk.event(try req.id("eventID"))
        try await desk.saveEvent(try merged(CampaignController.fields(event), req).campaignEventInput, campaignID: nil, eventID: try event.requireID())
        return try await answer(req, desk, event.campaignID)
    }

    func createMaterial(req: Request) async throws -> CampaignDTO {
        let desk = try req.campaignDesk(.manageCampaign)
        let id = try req.id("campaignID")
        try await desk.addMaterial(try req.jsonFields().campaignMaterialInput, campaignID: id)
        return try await answer(req, desk, id)
    }
}
