import Fluent
import Foundation
import Testing
import VaporTesting
import Yams
@testable import LotseApp

/// The contract, `openapi.yaml`, is what the API serves (as YAML and as JSON), it names every API
/// route and nothing that does not exist, and the server it generates refuses what it does not
/// allow. Schemathesis (in the browser-side suite) checks every operation against a live demo.
@Suite struct OpenAPITests {
    static func contract(_ context: TestContext) async throws -> [String: Any] {
        let response = try await context.app.testing().sendRequest(.GET, "/api/v1/openapi.json")
        #expect(response.status == .ok)
        #expect(response.headers.contentType == .json)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        try await withLotse { context in
            let document = try await Self.contract(context)
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                let routePath = path.replacingOccurrences(of: #"\{([A-Za-z]+)\}"#, with: ":$1", options: .regularExpression)
                for method in operations.keys { documented.insert("\(method.uppercased()) \(routePath)") }
            }
            let routes = Set(context.app.routes.all.map(AccessMatrix.key).filter { $0.contains(" /api/") })
            #expect(routes.subtracting(documented).isEmpty, "nicht dokumentiert: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "dokumentiert, aber nicht vorhanden: \(documented.subtracting(routes).sorted())")
        }
    }

    @Test func theYAMLContractAndItsJSONFormAreTheSameDocument() async throws {
        try await withLotse { context in
            let response = try await context.app.testing().sendRequest(.GET, "/api/v1/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/yaml") == true)
            let yaml = try #require(try Yams.load(yaml: response.body.string) as? [String: Any])
            let json = try await Self.contract(context)
            let normalise = { (object: [String: Any]) in try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
            #expect(try normalise(yaml) == normalise(json))
        }
    }

    /// Every operation that takes a JSON body refuses a field it does not declare, before anything
    /// else happens: 400, the field named, and not a single audit entry (so nothing was done).
    @Test func everyWriteOperationRefusesAnUnknownFieldAndStoresNothing() async throws {
        try await withLotse { context in
            let document = try await Self.contract(context)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let token = try await context.api().token(for: context.fixture.admin)
            let auditBefore = try await AuditEntry.query(on: context.app.db).count()
            var checked = 0
            for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, operation) in operations {
                    guard let body = operation["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any],
                          let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any] else { continue }
                    var payload = try #require(ContractSample.minimal(schema, in: document) as? [String: Any], "\(method) \(path)")
                    payload["unbekanntesFeld"] = "x"
                    let concrete = path.replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: UUID().uuidString, options: .regularExpression)
                    let response = try await context.api().request(HTTPMethod(rawValue: method.uppercased()), concrete, token: token, json: payload)
                    #expect(response.status == .badRequest, "\(method.uppercased()) \(path): \(response.status)")
                    let fields = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])?["fields"] as? [String: String]
                    #expect(fields?["unbekanntesFeld"]?.contains("unbekannt") == true, "\(method.uppercased()) \(path): \(response.body.string)")
                    checked += 1
                }
            }
            #expect(checked >= 70)
            #expect(try await AuditEntry.query(on: context.app.db).count() == auditBefore)
        }
    }

    @Test func nestedUnknownFieldsWrongTypesAndValuesOutsideTheListAreNamed() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            func refusal(_ json: [String: Any]) async throws -> (HTTPStatus, [String: String]) {
                let response = try await api.request(.POST, "/api/v1/users", token: token, json: json)
                let body = try #require(try api.json(response) as? [String: Any])
                #expect(body["error"] as? Bool == true)
                #expect((body["requestId"] as? String)?.isEmpty == false)
                return (response.status, body["fields"] as? [String: String] ?? [:])
            }
            let nested = try await refusal(["username": "a.b", "displayName": "A B", "roles": [["role": "caseManager", "scope": "all"]]])
            #expect(nested.0 == .badRequest)
            #expect(nested.1["roles[0].scope"]?.contains("unbekannt") == true, "\(nested.1)")
            let missing = try await refusal(["username": "a.b", "roles": []])
            #expect(missing.0 == .badRequest)
            #expect(missing.1["displayName"]?.contains("Pflichtfeld") == true, "\(missing.1)")
            let wrongType = try await refusal(["username": "a.b", "displayName": 7, "roles": []])
            #expect(wrongType.0 == .badRequest)
            #expect(wrongType.1["displayName"]?.contains("falschen Typ") == true, "\(wrongType.1)")
            let outsideList = try await refusal(["username": "a.b", "displayName": "A B", "roles": [["role": "superuser"]]])
            #expect(outsideList.0 == .badRequest)
            #expect(outsideList.1["roles[0].role"]?.contains("ungültigen Wert") == true, "\(outsideList.1)")
            let notJSON = try await context.app.testing().sendRequest(.POST, "/api/v1/users", headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "application/json",
            ], body: ByteBuffer(string: "{kein json"))
            #expect(notJSON.status == .badRequest)
            let badQuery = try await api.request(.GET, "/api/v1/users?page=erste", token: token)
            #expect(badQuery.status == .badRequest)
            #expect(try await User.query(on: context.app.db).filter(\.$username == "a.b").count() == 0)
        }
    }
}

/// The smallest body a schema of the contract accepts: every required field with a plain value.
enum ContractSample {
    static func minimal(_ schema: [String: Any], in document: [String: Any]) -> Any {
        if let reference = schema["$ref"] as? String {
            let name = reference.components(separatedBy: "/").last ?? ""
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            return minimal(schemas?[name] as? [String: Any] ?? [:], in: document)
        }
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        switch schema["type"] as? String {
        case "object":
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            var object: [String: Any] = [:]
            for name in schema["required"] as? [String] ?? [] { object[name] = minimal(properties[name] ?? [:], in: document) }
            return object
        case "array": return [Any]()
        case "integer", "number": return 0
        case "boolean": return false
        default: return (schema["format"] as? String) == "uuid" ? UUID().uuidString : "x"
        }
    }
}
