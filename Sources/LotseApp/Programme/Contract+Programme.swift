import LotseAPI
import LotseCore
import OpenAPIRuntime
import Vapor

/// The programme operations of `openapi.yaml`, implemented by Lotse's programme handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/programme: Stellen und Kommunen eines Berichtszeitraums
    func getStaffing(_ input: Operations.GetStaffing.Input) async throws -> Operations.GetStaffing.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().staffing))))
    }

    /// GET /api/v1/programme/positions: Alle Stellen mit Inhaber*innen (Koordination)
    func listPositions(_ input: Operations.ListPositions.Input) async throws -> Operations.ListPositions.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().positions))))
    }

    /// POST /api/v1/programme/positions: Stelle anlegen
    func createPosition(_ input: Operations.CreatePosition.Input) async throws -> Operations.CreatePosition.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().createPosition))))
    }

    /// GET /api/v1/programme/positions/{positionID}: Stelle mit Verlauf
    func getPosition(_ input: Operations.GetPosition.Input) async throws -> Operations.GetPosition.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().position))))
    }

    /// PATCH /api/v1/programme/positions/{positionID}: Stelle ändern
    func updatePosition(_ input: Operations.UpdatePosition.Input) async throws -> Operations.UpdatePosition.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().updatePosition))))
    }

    /// POST /api/v1/programme/positions/{positionID}/changes: Stand einer Stelle ändern (mit Datum)
    func changePosition(_ input: Operations.ChangePosition.Input) async throws -> Operations.ChangePosition.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().changePosition))))
    }

    /// GET /api/v1/programme/agreements: Vereinbarungen mit den Kommunen
    func listAgreements(_ input: Operations.ListAgreements.Input) async throws -> Operations.ListAgreements.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().agreements))))
    }

    /// POST /api/v1/programme/agreements: Vereinbarung erfassen
    func createAgreement(_ input: Operations.CreateAgreement.Input) async throws -> Operations.CreateAgreement.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().createAgreement))))
    }

    /// PATCH /api/v1/programme/agreements/{agreementID}: Vereinbarung ändern
    func updateAgreement(_ input: Operations.UpdateAgreement.Input) async throws -> Operations.UpdateAgreement.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().updateAgreement))))
    }

    /// GET /api/v1/programme/milestones: Meilensteinplan nach Halbjahren
    func getMilestoneGrid(_ input: Operations.GetMilestoneGrid.Input) async throws -> Operations.GetMilestoneGrid.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().milestones))))
    }

    /// POST /api/v1/programme/milestones: Meilenstein anlegen
    func createMilestone(_ input: Operations.CreateMilestone.Input) async throws -> Operations.CreateMilestone.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().createMilestone))))
    }

    /// PATCH /api/v1/programme/milestones/{milestoneID}: Meilenstein ändern
    func updateMilestone(_ input: Operations.UpdateMilestone.Input) async throws -> Operations.UpdateMilestone.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().updateMilestone))))
    }

    /// PUT /api/v1/programme/milestones/plan: Zellen des Meilensteinplans setzen
    func saveMilestonePlan(_ input: Operations.SaveMilestonePlan.Input) async throws -> Operations.SaveMilestonePlan.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().savePlan))))
    }

    /// GET /api/v1/programme/goals: Jahresziele mit Messung und Gesamtbewertung
    func getGoals(_ input: Operations.GetGoals.Input) async throws -> Operations.GetGoals.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().goals))))
    }

    /// POST /api/v1/programme/goals: Jahresziel anlegen
    func createGoal(_ input: Operations.CreateGoal.Input) async throws -> Operations.CreateGoal.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().createGoal))))
    }

    /// PATCH /api/v1/programme/goals/{goalID}: Jahresziel ändern
    func updateGoal(_ input: Operations.UpdateGoal.Input) async throws -> Operations.UpdateGoal.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().updateGoal))))
    }

    /// DELETE /api/v1/programme/goals/{goalID}: Jahresziel löschen
    func deleteGoal(_ input: Operations.DeleteGoal.Input) async throws -> Operations.DeleteGoal.Output {
        try await CurrentRequest.get().answerEmpty(.noContent, ProgrammeAPIController().deleteGoal)
        return .noContent(.init())
    }

    /// GET /api/v1/programme/reports: Erfahrungsberichte
    func listReports(_ input: Operations.ListReports.Input) async throws -> Operations.ListReports.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().reports))))
    }

    /// POST /api/v1/programme/reports: Erfahrungsbericht aus den Daten erzeugen
    func generateReport(_ input: Operations.GenerateReport.Input) async throws -> Operations.GenerateReport.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().generateReport))))
    }

    /// GET /api/v1/programme/reports/{reportID}: Erfahrungsbericht
    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().report))))
    }

    /// PATCH /api/v1/programme/reports/{reportID}: Entwurf bearbeiten (nicht nach der Veröffentlichung)
    func editReport(_ input: Operations.EditReport.Input) async throws -> Operations.EditReport.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().editReport))))
    }

    /// POST /api/v1/programme/reports/{reportID}/publish: Veröffentlichen; danach unveränderlich
    func publishReport(_ input: Operations.PublishReport.Input) async throws -> Operations.PublishReport.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().publishReport))))
    }

    /// GET /api/v1/programme/reports/{reportID}/versions: Frühere Fassungen
    func listReportVersions(_ input: Operations.ListReportVersions.Input) async throws -> Operations.ListReportVersions.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().reportVersions))))
    }

    /// GET /api/v1/programme/reports/{reportID}/versions/{versionID}: Eine frühere Fassung
    func getReportVersion(_ input: Operations.GetReportVersion.Input) async throws -> Operations.GetReportVersion.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().reportVersion))))
    }

    /// POST /api/v1/programme/reports/{reportID}/versions/{versionID}/restore: Wiederherstellen
    func restoreReportVersion(_ input: Operations.RestoreReportVersion.Input) async throws -> Operations.RestoreReportVersion.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProgrammeAPIController().restoreReportVersion))))
    }

    /// GET /api/v1/programme/reports/{reportID}/export/{format}: Markdown, HTML or OpenDocument.
    func exportReport(_ input: Operations.ExportReport.Input) async throws -> Operations.ExportReport.Output {
        let file = try await CurrentRequest.get().run(ProgrammeAPIController().exportReport).expecting(.ok)
        let body = HTTPBody(file.bytes)
        let type = file.headers.contentType?.subType ?? ""
        let content: Operations.ExportReport.Output.Ok.Body = switch type {
        case "markdown": .textMarkdown(body)
        case "html": .html(body)
        default: .applicationVnd_oasis_opendocument_textFlatXml(body)
        }
        return .ok(.init(headers: .init(contentDisposition: file.contentDisposition), body: content))
    }

    /// GET /api/v1/programme/controlling: JSON rows, or CSV with `format=csv`.
    func getControlling(_ input: Operations.GetControlling.Input) async throws -> Operations.GetControlling.Output {
        switch try await ProgrammeAPIController().controlling(req: CurrentRequest.get()) {
        case .rows(let rows, let filename):
            return .ok(.init(headers: .init(contentDisposition: Download.attachment(filename)), body: .json(try rows.contract)))
        case .csv(let text, let filename):
            return .ok(.init(headers: .init(contentDisposition: Download.attachment(filename)), body: .csv(HTTPBody(text))))
        }
    }

    /// GET /api/v1/programme/report-texts: Texte des Kreises für den Erfahrungsbericht
    func getReportTexts(_ input: Operations.GetReportTexts.Input) async throws -> Operations.GetReportTexts.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ReportTextsAPIController().show))))
    }

    /// PATCH /api/v1/programme/report-texts: Texte für den Erfahrungsbericht setzen
    func updateReportTexts(_ input: Operations.UpdateReportTexts.Input) async throws -> Operations.UpdateReportTexts.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ReportTextsAPIController().update))))
    }

    /// POST /api/v1/import/{kind}: Bestand aus einer CSV-Datei übernehmen
    func importHistory(_ input: Operations.ImportHistory.Input) async throws -> Operations.ImportHistory.Output {
        guard let kind = HistoryImportKind(rawValue: input.path.kind.rawValue) else { throw PublicError.notFound }
        switch try await HistoryImportAPIController().importCSV(req: CurrentRequest.get(), kind: kind) {
        case .imported(let summary): return .ok(.init(body: .json(.init(kind: summary.kind, rows: summary.rows, created: summary.created))))
        case .rejected(let rejected): return .unprocessableContent(.init(body: .json(rejected.contract)))
        }
    }
}
