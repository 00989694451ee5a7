import LotseAPI
import OpenAPIRuntime
import Vapor

/// The audit operations of `openapi.yaml`, implemented by Lotse's audit handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/audit: Protokoll des eigenen Kreises durchsuchen (Datenschutz); das Lesen wird selbst protokolliert
    func searchAudit(_ input: Operations.SearchAudit.Input) async throws -> Operations.SearchAudit.Output {
        .ok(.init(body: .json(try Components.Schemas.AuditPage(try await AuditAPIController().search(req: CurrentRequest.get())))))
    }

    /// GET /api/v1/audit/export.csv
    func exportAudit(_ input: Operations.ExportAudit.Input) async throws -> Operations.ExportAudit.Output {
        let file = try await CurrentRequest.get().run(AuditAPIController().export).expecting(.ok)
        return .ok(.init(headers: .init(contentDisposition: file.contentDisposition), body: .csv(HTTPBody(file.bytes))))
    }
}
