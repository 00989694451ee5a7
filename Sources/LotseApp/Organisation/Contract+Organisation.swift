import LotseAPI
import Vapor

/// The organisation operations of `openapi.yaml`, implemented by Lotse's organisation handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/district: Der eigene Kreis
    func getDistrict(_ input: Operations.GetDistrict.Input) async throws -> Operations.GetDistrict.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().district))))
    }

    /// PATCH /api/v1/district: Kreis umbenennen
    func renameDistrict(_ input: Operations.RenameDistrict.Input) async throws -> Operations.RenameDistrict.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().renameDistrict))))
    }

    /// GET /api/v1/regions: Regionen und Sozialbezirke
    func listRegions(_ input: Operations.ListRegions.Input) async throws -> Operations.ListRegions.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().regions))))
    }

    /// POST /api/v1/regions: Region oder Sozialbezirk anlegen
    func createRegion(_ input: Operations.CreateRegion.Input) async throws -> Operations.CreateRegion.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().createRegion))))
    }

    /// GET /api/v1/regions/{regionID}: Eine Region
    func getRegion(_ input: Operations.GetRegion.Input) async throws -> Operations.GetRegion.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().region))))
    }

    /// PATCH /api/v1/regions/{regionID}: Region ändern oder (de)aktivieren
    func updateRegion(_ input: Operations.UpdateRegion.Input) async throws -> Operations.UpdateRegion.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().updateRegion))))
    }

    /// GET /api/v1/municipalities: Kommunen
    func listMunicipalities(_ input: Operations.ListMunicipalities.Input) async throws -> Operations.ListMunicipalities.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().municipalities))))
    }

    /// POST /api/v1/municipalities: Kommune anlegen
    func createMunicipality(_ input: Operations.CreateMunicipality.Input) async throws -> Operations.CreateMunicipality.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().createMunicipality))))
    }

    /// GET /api/v1/municipalities/{municipalityID}: Eine Kommune
    func getMunicipality(_ input: Operations.GetMunicipality.Input) async throws -> Operations.GetMunicipality.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().municipality))))
    }

    /// PATCH /api/v1/municipalities/{municipalityID}: Kommune ändern oder deaktivieren (nie löschen)
    func updateMunicipality(_ input: Operations.UpdateMunicipality.Input) async throws -> Operations.UpdateMunicipality.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(OrganisationAPIController().updateMunicipality))))
    }

    /// GET /api/v1/district/settings: Einstellungen des Kreises (Fachadministration)
    func readDistrictSettings(_ input: Operations.ReadDistrictSettings.Input) async throws -> Operations.ReadDistrictSettings.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SettingsAPIController().show))))
    }

    /// PATCH /api/v1/district/settings: Schwelle für kleine Zahlen setzen (3 bis 20)
    func updateDistrictSettings(_ input: Operations.UpdateDistrictSettings.Input) async throws -> Operations.UpdateDistrictSettings.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SettingsAPIController().update))))
    }

    /// GET /api/v1/district/words: Die Begriffe des Kreises
    func readDistrictWords(_ input: Operations.ReadDistrictWords.Input) async throws -> Operations.ReadDistrictWords.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DistrictWordsAPIController().show))))
    }

    /// PATCH /api/v1/district/words: Begriffe des Kreises setzen
    func updateDistrictWords(_ input: Operations.UpdateDistrictWords.Input) async throws -> Operations.UpdateDistrictWords.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(DistrictWordsAPIController().update))))
    }
}
