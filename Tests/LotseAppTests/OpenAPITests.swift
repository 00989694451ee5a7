import Foundation
import Testing
import VaporTesting
@testable import LotseApp

/// The OpenAPI document names every API route, and nothing that does not exist. The browser-side
/// test suite checks the real responses against its schemas.
@Suite struct OpenAPITests {
    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        try await withLotse { context in
            let response = try await context.app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .json)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
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
}
