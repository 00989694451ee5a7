import NIOConcurrencyHelpers
import Vapor

/// Counts the requests being answered, so that stopping Lotse waits for them before Vapor closes
/// the databases (`LotseMain`). Stopping the HTTP server alone is not enough: a request whose client
/// has gone (a closed browser tab, a load generator at the end of its run) keeps running after its
/// connection is closed, and met a closed database (a crash in `Request.db`). Future-based and first
/// in the chain: the count goes up on the event loop as the request is handed to the responder,
/// before any task of it starts, so no request slips between the server's stop and the wait.
final class InFlightRequests: Middleware, Sendable {
    private let count = NIOLockedValueBox(0)

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        count.withLockedValue { $0 += 1 }
        return next.respond(to: request).always { _ in self.count.withLockedValue { $0 -= 1 } }
    }

    var running: Int { count.withLockedValue { $0 } }

    /// Waits until no request is being answered, at most `limit`; returns how many still run then.
    func drained(within limit: Duration) async -> Int {
        let deadline = ContinuousClock.now + limit
        while running > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return running
    }
}

extension Application {
    private struct InFlightKey: StorageKey { typealias Value = InFlightRequests }

    /// The one counter of this application (its middleware and its shutdown share it).
    var inFlightRequests: InFlightRequests {
        if let existing = storage[InFlightKey.self] { return existing }
        let counter = InFlightRequests()
        storage[InFlightKey.self] = counter
        return counter
    }
}
