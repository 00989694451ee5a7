import LotseAPI
import Vapor

/// The offices and checklists of the contract (Baustein 3), answered by `OfficeAPIController`.
extension ContractHandler {
    /// GET /api/v1/offices: Behörden
    func listOffices(_ input: Operations.ListOffices.Input) async throws -> Operations.ListOffices.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().list))))
    }

    /// POST /api/v1/offices: Behörde anlegen
    func createOffice(_ input: Operations.CreateOffice.Input) async throws -> Operations.CreateOffice.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().create))))
    }

    /// PATCH /api/v1/offices/{officeID}: Behörde ändern
    func updateOffice(_ input: Operations.UpdateOffice.Input) async throws -> Operations.UpdateOffice.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().update))))
    }

    /// POST /api/v1/offices/{officeID}/checklists: Checkliste anlegen
    func createChecklist(_ input: Operations.CreateChecklist.Input) async throws -> Operations.CreateChecklist.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().createChecklist))))
    }

    /// GET /api/v1/checklists: gültige Checklisten
    func listChecklists(_ input: Operations.ListChecklists.Input) async throws -> Operations.ListChecklists.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().checklists))))
    }

    /// GET /api/v1/checklists/{checklistID}: eine Fassung
    func readChecklist(_ input: Operations.ReadChecklist.Input) async throws -> Operations.ReadChecklist.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().checklist))))
    }

    /// POST /api/v1/checklists/{checklistID}/versions: neue Fassung
    func versionChecklist(_ input: Operations.VersionChecklist.Input) async throws -> Operations.VersionChecklist.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OfficeAPIController().version))))
    }
}

extension OfficeAPIController.OfficeDTO: ContractAnswer {
    var contract: Components.Schemas.Office {
        get throws {
            try .init(id: id.contract, name: name, kinds: kinds.map { try $0.contractCase() }, municipalityIds: municipalityIds.map(\.contract),
                      municipalities: municipalities, memberIds: memberIds.map(\.contract), isActive: isActive)
        }
    }
}

extension OfficeAPIController.ChecklistDTO: ContractAnswer {
    var contract: Components.Schemas.Checklist {
        get throws {
            try .init(id: id.contract, seriesId: seriesId.contract, officeId: officeId.contract, office: office, procedure: procedure.contractCase(),
                      title: title, version: version, validFrom: validFrom, validUntil: validUntil, isExample: isExample,
                      items: items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource, explanation: $0.explanation, documents: $0.documents) },
                      versions: versions.map { .init(id: $0.id.contract, version: $0.version, validFrom: $0.validFrom, validUntil: $0.validUntil) })
        }
    }
}
