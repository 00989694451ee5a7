import Foundation
import Vapor

/// Notes every API answer of the Swift tests ("METHOD /api/v1/path/{id} status", one per line) in
/// the file the test command names, so that the contract test can show that every status the
/// contract documents is reached by some test (tests/e2e/test_contract.py).
struct ReachedStatusRecorder: AsyncMiddleware {
    let path: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.url.path.hasPrefix("/api/"), let route = request.route {
            let pattern = "/" + route.path.map { component in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
            Self.append("\(request.method.rawValue) \(pattern) \(response.status.code)\n", to: path)
        }
        return response
    }

    /// One short write with O_APPEND: lines of tests running in parallel do not mix.
    static func append(_ line: String, to path: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = line.withCString { write(descriptor, $0, strlen($0)) }
    }
}
