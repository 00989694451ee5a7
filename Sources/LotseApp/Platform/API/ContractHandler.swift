import LotseAPI
import OpenAPIRuntime
import Vapor

/// Lotse's implementation of the API contract: the `APIProtocol` generated from `openapi.yaml`.
/// Its operations live with their areas (`Contract+Cases.swift`, …); this file registers them.
struct ContractHandler: APIProtocol {
    /// Registers every operation of the contract under its path; all but the open ones behind the
    /// bearer-token check.
    static func register(on app: Application) throws {
        try OpenAPIController.prepare(app)
        let transport = ContractTransport(open: app.routes, signedIn: app.grouped(BearerTokenMiddleware()))
        try ContractHandler().registerHandlers(on: transport, serverURL: try Servers.Server1.url())
    }
}

/// The contract itself, as written and as JSON.
extension ContractHandler {
    /// GET /api/v1/openapi.json: this contract as JSON.
    func openapi(_ input: Operations.Openapi.Input) async throws -> Operations.Openapi.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().run(OpenAPIController().document).expecting(.ok).decoded())))
    }

    /// GET /api/v1/openapi.yaml: this contract as written.
    func openapiYAML(_ input: Operations.OpenapiYAML.Input) async throws -> Operations.OpenapiYAML.Output {
        .ok(.init(body: .yaml(HTTPBody(try await CurrentRequest.get().run(OpenAPIController().yaml).expecting(.ok).bytes))))
    }
}
