import Foundation
import HTTPTypes
import OpenAPIRuntime
import Vapor

/// Connects the server generated from `openapi.yaml` (LotseAPI's `APIProtocol`) to Vapor's router.
///
/// Written here rather than taken from swift-openapi-vapor because Lotse needs two things that
/// transport does not give: the body is collected (bounded) before the generated decoder reads it,
/// so that Lotse's own field checks read the very same bytes; and the Vapor request (session, scope,
/// audit, database) travels with the call as a task-local value.
struct ContractTransport: ServerTransport {
    /// Operations anyone may call ("METHOD /path" as in the contract, where `security: []`).
    static let openOperations: Set<String> = ["GET /api/v1/openapi.json", "GET /api/v1/openapi.yaml", "POST /api/v1/auth/token"]
    /// Routes without and with the bearer-token check.
    let open: any RoutesBuilder
    let signedIn: any RoutesBuilder

    func routes(_ method: HTTPRequest.Method, _ path: String) -> any RoutesBuilder {
        Self.openOperations.contains("\(method.rawValue) \(path)") ? open : signedIn
    }
    static let maxBody: ByteCount = "4mb"

    func register(
        _ handler: @Sendable @escaping (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        let components: [PathComponent] = path.split(separator: "/").map { part in
            part.first == "{" && part.last == "}" ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
        }
        let names = components.compactMap { component -> String? in
            if case .parameter(let name) = component { return name } else { return nil }
        }
        routes(method, path).on(HTTPMethod(rawValue: method.rawValue), components, body: .collect(maxSize: Self.maxBody)) { req in
            var parameters: [String: Substring] = [:]
            for name in names { parameters[name] = req.parameters.get(name).map { Substring($0) } }
            let request = HTTPRequest(method: method, scheme: nil, authority: nil,
                                      path: req.url.path + (req.url.query.map { "?" + $0 } ?? ""),
                                      headerFields: HTTPFields(req.headers))
            let body = req.body.data.map { HTTPBody(Array($0.readableBytesView)) }
            let (head, answer) = try await CurrentRequest.$value.withValue(req) {
                try await handler(request, body, ServerRequestMetadata(pathParameters: parameters))
            }
            var headers = HTTPHeaders()
            for field in head.headerFields {
                // The runtime percent-encodes header values (OpenAPI's "simple" style); a Link header
                // carries `<address>; rel="next"` (RFC 8288), which clients read only as written.
                let value = field.name.canonicalName == "link" ? field.value.removingPercentEncoding ?? field.value : field.value
                headers.add(name: field.name.rawName, value: value)
            }
            var bytes: [UInt8] = []
            if let answer { bytes = try await [UInt8](collecting: answer, upTo: 64 * 1024 * 1024) }
            return Response(status: HTTPResponseStatus(statusCode: head.status.code), headers: headers, body: .init(data: Data(bytes)))
        }
    }
}

/// The Vapor request of the API call being handled, for the generated server's handler methods.
enum CurrentRequest {
    @TaskLocal static var value: Request?

    static func get() throws -> Request {
        guard let request = value else { throw Abort(.internalServerError) }
        return request
    }
}

extension HTTPFields {
    init(_ headers: HTTPHeaders) {
        self.init()
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { append(HTTPField(name: fieldName, value: value)) }
        }
    }
}
