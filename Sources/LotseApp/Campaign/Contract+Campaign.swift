import LotseAPI
import Vapor

/// The naturalisation campaign of the contract (issue 16, part 6), answered by `CampaignAPIController`.
extension ContractHandler {
    /// GET /api/v1/campaigns: Kampagnen
    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().list))))
    }

    /// POST /api/v1/campaigns: Kampagne anlegen
    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().create))))
    }

    /// GET /api/v1/campaigns/{campaignID}: eine Kampagne
    func readCampaign(_ input: Operations.ReadCampaign.Input) async throws -> Operations.ReadCampaign.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().read))))
    }

    /// PATCH /api/v1/campaigns/{campaignID}: Kampagne ändern
    func updateCampaign(_ input: Operations.UpdateCampaign.Input) async throws -> Operations.UpdateCampaign.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().update))))
    }

    /// POST /api/v1/campaigns/{campaignID}/events: Veranstaltung anlegen
    func createCampaignEvent(_ input: Operations.CreateCampaignEvent.Input) async throws -> Operations.CreateCampaignEvent.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().createEvent))))
    }

    /// PATCH /api/v1/campaign-events/{eventID}: Veranstaltung ändern
    func updateCampaignEvent(_ input: Operations.UpdateCampaignEvent.Input) async throws -> Operations.UpdateCampaignEvent.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().updateEvent))))
    }

    /// POST /api/v1/campaigns/{campaignID}/materials: Material hinzufügen
    func createCampaignMaterial(_ input: Operations.CreateCampaignMaterial.Input) async throws -> Operations.CreateCampaignMaterial.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CampaignAPIController().createMaterial))))
    }
}

extension CampaignAPIController.CampaignDTO: ContractAnswer {
    var contract: Components.Schemas.Campaign {
        get throws {
            try .init(id: id.contract, title: title, aims: aims, targetGroups: targetGroups.contract, languages: languages,
                      partnerIds: partnerIds.map(\.contract), startsOn: startsOn, endsOn: endsOn,
                      events: events.map { e in
                          try .init(id: e.id.contract, kind: e.kind.contract, heldOn: e.heldOn, place: e.place, municipalityId: e.municipalityId.contract,
                                    municipality: e.municipality, languages: e.languages, partnerIds: e.partnerIds.map(\.contract),
                                    participants: e.participants, followUps: e.followUps)
                      },
                      materials: materials.map { .init(id: $0.id.contract, title: $0.title, language: $0.language, link: $0.link,
                                                       municipalityIds: $0.municipalityIds.map(\.contract)) },
                      reach: reach.map { .init(municipalityId: $0.municipalityId.contract, municipality: $0.municipality, events: $0.reach.events,
                                               participants: $0.reach.participants, followUps: $0.reach.followUps) })
        }
    }
}
