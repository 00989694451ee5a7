import Vapor

/// Serves the hand-written OpenAPI 3.1 document. Tests check every API route against it and every
/// real response against its schemas.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document)
    }

    func document(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + "openapi.json"
        var headers = HTTPHeaders()
        headers.contentType = .json
        guard let data = FileManager.default.contents(atPath: path) else { throw PublicError.notFound }
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
