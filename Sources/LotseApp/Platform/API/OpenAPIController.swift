import Foundation
import NIOConcurrencyHelpers
import Vapor
import Yams

/// Serves the API contract, `openapi.yaml`, from which the API's types and server protocol are
/// generated: as written (YAML) and as JSON for tools that want JSON. Both are read once per process
/// (the file does not change while Lotse runs), not parsed again for every request or application.
struct OpenAPIController {
    static func contractPath(_ app: Application) -> String { app.directory.resourcesDirectory + "openapi.yaml" }

    /// The contract in both forms; nil when the file is missing (then both answer 404).
    struct Document: Sendable {
        let yaml: Data
        let json: Data

        static func load(_ app: Application) throws -> Document? {
            let path = contractPath(app)
            if let known = loaded.withLockedValue({ $0[path] }) { return known }
            guard let yaml = FileManager.default.contents(atPath: path),
                  let object = try Yams.load(yaml: String(decoding: yaml, as: UTF8.self)) else { return nil }
            let document = Document(yaml: yaml, json: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            loaded.withLockedValue { $0[path] = document }
            return document
        }

        /// Documents already read, by path. Parsing the contract's YAML costs a debug build about a
        /// fifth of a second; the test suites configure hundreds of applications in one process, and
        /// parsing it for each took 18 % of the CPU time of their test threads.
        private static let loaded = NIOLockedValueBox<[String: Document]>([:])
    }

    private struct DocumentKey: StorageKey { typealias Value = Document }

    static func prepare(_ app: Application) throws {
        app.storage[DocumentKey.self] = try Document.load(app)
    }

    func yaml(req: Request) async throws -> Response {
        guard let document = req.application.storage[DocumentKey.self] else { throw PublicError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(data: document.yaml))
    }

    func document(req: Request) async throws -> Response {
        guard let document = req.application.storage[DocumentKey.self] else { throw PublicError.notFound }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: document.json))
    }
}
