import Vapor

/// One structured log line per request: method, route pattern, status, duration and request id.
/// The query string and the body are never logged (they may hold names or search terms), and the
/// route pattern stands in for the path, so ids of records do not pile up in logs either.
/// A future-based middleware: it awaits nothing of its own, and an `AsyncMiddleware` costs every
/// request a task and two hops between threads (issue 17).
///
/// A probe that answers 200 writes no line: monitoring asks many times a minute, its lines said
/// nothing the monitoring does not know, and writing them cost /healthz a quarter of its throughput
/// (issue 17). A probe that fails is logged like every other request.
struct RequestLogMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
            if response.status == .ok, request.route?.isProbe == true { return response }
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(keine Route)"
            request.logger.info("request", metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(Self.tenths(milliseconds)),
            ])
            return response
        }
    }

    /// "12.3": milliseconds to a tenth, without `String(format:)` (NSString formatting per line).
    static func tenths(_ milliseconds: Double) -> String {
        let tenths = Int((max(0, milliseconds) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
