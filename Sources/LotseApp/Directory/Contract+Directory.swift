import LotseAPI
import OpenAPIRuntime
import Vapor

/// The directory operations of `openapi.yaml`, implemented by Lotse's directory handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/providers: Träger des Kreises
    func listProviders(_ input: Operations.ListProviders.Input) async throws -> Operations.ListProviders.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().providers))))
    }

    /// POST /api/v1/providers: Träger anlegen (Koordination; Case Management für die eigenen Kommunen)
    func createProvider(_ input: Operations.CreateProvider.Input) async throws -> Operations.CreateProvider.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().createProvider))))
    }

    /// GET /api/v1/providers/{providerID}: Ein Träger
    func getProvider(_ input: Operations.GetProvider.Input) async throws -> Operations.GetProvider.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().provider))))
    }

    /// PATCH /api/v1/providers/{providerID}: Träger ändern
    func updateProvider(_ input: Operations.UpdateProvider.Input) async throws -> Operations.UpdateProvider.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().updateProvider))))
    }

    /// GET /api/v1/services: Angebote suchen
    func searchServices(_ input: Operations.SearchServices.Input) async throws -> Operations.SearchServices.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().services))))
    }

    /// POST /api/v1/services: Angebot anlegen
    func createService(_ input: Operations.CreateService.Input) async throws -> Operations.CreateService.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().createService))))
    }

    /// GET /api/v1/services/{serviceID}: Ein Angebot
    func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().service))))
    }

    /// PATCH /api/v1/services/{serviceID}: Angebot ändern (zählt als Prüfung)
    func updateService(_ input: Operations.UpdateService.Input) async throws -> Operations.UpdateService.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().updateService))))
    }

    /// POST /api/v1/services/{serviceID}/checked: Angebot als geprüft markieren
    func markServiceChecked(_ input: Operations.MarkServiceChecked.Input) async throws -> Operations.MarkServiceChecked.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DirectoryAPIController().markChecked))))
    }

    /// GET /api/v1/office-hours: Sprechstunden des Kreises
    func listOfficeHours(_ input: Operations.ListOfficeHours.Input) async throws -> Operations.ListOfficeHours.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeHoursAPIController().list))))
    }

    /// POST /api/v1/office-hours: Sprechstunde anlegen (Case Management für die eigenen Kommunen)
    func createOfficeHours(_ input: Operations.CreateOfficeHours.Input) async throws -> Operations.CreateOfficeHours.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OfficeHoursAPIController().create))))
    }

    /// PATCH /api/v1/office-hours/{officeHoursID}: Sprechstunde ändern
    func updateOfficeHours(_ input: Operations.UpdateOfficeHours.Input) async throws -> Operations.UpdateOfficeHours.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OfficeHoursAPIController().update))))
    }

    /// GET /api/v1/coverage: Ist- und Bedarfsanalyse: Angebote je Kommune und Handlungsfeld (Koordination, Case Management, Lenkungsgruppe)
    func coverage(_ input: Operations.Coverage.Input) async throws -> Operations.Coverage.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CoverageAPIController().coverage))))
    }

    /// GET /api/v1/directory/export.csv
    func exportDirectory(_ input: Operations.ExportDirectory.Input) async throws -> Operations.ExportDirectory.Output {
        let file = try await CurrentRequest.get().run(DirectoryTransferAPIController().export).expecting(.ok)
        return .ok(.init(headers: .init(contentDisposition: file.contentDisposition), body: .csv(HTTPBody(file.bytes))))
    }

    /// POST /api/v1/directory/import: all rows or none; 422 lists every rejected row.
    func importDirectory(_ input: Operations.ImportDirectory.Input) async throws -> Operations.ImportDirectory.Output {
        switch try await DirectoryTransferAPIController().importCSV(req: CurrentRequest.get()) {
        case .imported(let summary): .ok(.init(body: .json(summary.contract)))
        case .rejected(let rejected): .unprocessableContent(.init(body: .json(rejected.contract)))
        }
    }
}
