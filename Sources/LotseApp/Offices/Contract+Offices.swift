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

    /// GET /api/v1/office/handovers: Übergaben an die eigene Behörde
    func listOfficeHandovers(_ input: Operations.ListOfficeHandovers.Input) async throws -> Operations.ListOfficeHandovers.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(HandoverAPIController().list))))
    }

    /// GET /api/v1/office/handovers/{handoverID}: eine Übergabe lesen
    func readOfficeHandover(_ input: Operations.ReadOfficeHandover.Input) async throws -> Operations.ReadOfficeHandover.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(HandoverAPIController().read))))
    }

    /// POST /api/v1/office/handovers/{handoverID}/feedback: Rückmeldung der Behörde
    func recordHandoverFeedback(_ input: Operations.RecordHandoverFeedback.Input) async throws -> Operations.RecordHandoverFeedback.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(HandoverAPIController().feedback))))
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
                      municipalities: municipalities, memberIds: memberIds.map(\.contract), isActive: isActive,
                      providerId: providerId?.contract)
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

extension HandoverAPIController.RowDTO: ContractAnswer {
    var contract: Components.Schemas.OfficeHandoverRow {
        get throws {
            try .init(id: id.contract, procedure: procedure.contract, municipality: municipality, handedOverOn: handedOverOn, status: status.contract,
                      statusOn: statusOn, readable: readable)
        }
    }
}

extension HandoverAPIController.HandoverDTO: ContractAnswer {
    var contract: Components.Schemas.OfficeHandover {
        get throws {
            try .init(id: id.contract, office: office, procedure: procedure.contract, municipality: municipality, handedOverOn: handedOverOn,
                      status: status.contract, statusOn: statusOn, readable: readable, blockedReason: blockedReason,
                      person: person.map { .init(givenNames: $0.givenNames, familyName: $0.familyName, birthDate: $0.birthDate) },
                      checklist: checklist, version: version,
                      items: items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource, status: $0.status.contract,
                                               note: $0.note, reviewOn: $0.reviewOn) },
                      events: events.contract)
        }
    }
}

/// The offices' backlog figures of the contract (issue 16, part 5), answered by `BacklogAPIController`.
extension ContractHandler {
    /// GET /api/v1/offices/{officeID}/backlog: Antragsstau der eigenen Behörde
    func listBacklog(_ input: Operations.ListBacklog.Input) async throws -> Operations.ListBacklog.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(BacklogAPIController().list))))
    }

    /// POST /api/v1/offices/{officeID}/backlog: Zahlen eines Monats
    func recordBacklog(_ input: Operations.RecordBacklog.Input) async throws -> Operations.RecordBacklog.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(BacklogAPIController().record))))
    }

    /// POST /api/v1/offices/{officeID}/backlog/import: Zahlen aus einer CSV-Datei
    func importBacklog(_ input: Operations.ImportBacklog.Input) async throws -> Operations.ImportBacklog.Output {
        switch try await BacklogAPIController().importCSV(req: CurrentRequest.get()) {
        case .imported(let imported): .ok(.init(body: .json(.init(created: imported.created, updated: imported.updated))))
        case .rejected(let rejected): .unprocessableContent(.init(body: .json(rejected.contract)))
        }
    }
}

extension BacklogAPIController.RowDTO: ContractAnswer {
    var contract: Components.Schemas.BacklogRow {
        get throws {
            try .init(month: month, procedure: procedure.contract, received: figures.received, granted: figures.granted, refused: figures.refused,
                      withdrawn: figures.withdrawn, pending: figures.pending, pendingOverThreeMonths: figures.pendingOverThreeMonths,
                      pendingOverSixMonths: figures.pendingOverSixMonths)
        }
    }
}

extension BacklogAPIController.RejectedDTO: ContractAnswer {
    var contract: Components.Schemas.ImportRejected {
        .init(error: true, reason: reason, requestId: requestId, rows: lines.map { .init(line: $0.line, reasons: $0.reasons) })
    }
}
