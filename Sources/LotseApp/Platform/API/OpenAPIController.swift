import Foundation
import Vapor
import Yams

/// Serves the API contract, `openapi.yaml`, from which the API's types and server protocol are
/// generated: as written (YAML) and as JSON for tools that want JSON.
struct OpenAPIController {
    static func contractPath(_ app: Application) -> String { app.directory.resourcesDirectory + "openapi.yaml" }

    func yaml(req: Request) async throws -> Response {
        guard let data = FileManager.default.contents(atPath: Self.contractPath(req.application)) else { throw PublicError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    func document(req: Request) async throws -> Response {
        guard let data = FileManager.default.contents(atPath: Self.contractPath(req.application)),
              let object = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) else { throw PublicError.notFound }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers,
                        body: .init(data: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])))
    }
}
