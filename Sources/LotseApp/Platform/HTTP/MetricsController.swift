import Crypto
import Foundation
import Vapor

/// `GET /metrics`: the Prometheus text format, for monitoring only. Answered to a client on this
/// machine (the address as resolved through trusted proxies, so a request passed on by the local
/// nginx counts as the outside client it is) or with `Authorization: Bearer` and the token in
/// `LOTSE_METRICS_TOKEN`; everyone else gets "not found". Holds counts and durations, no personal data.
struct MetricsController: RouteCollection {
    static let loopback: Set<String> = ["127.0.0.1", "::1"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.metrics, use: metrics)
    }

    func metrics(req: Request) async throws -> Response {
        guard Self.mayRead(req) else { throw PublicError.notFound }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: LotseMetrics.registry.emitToString()))
    }

    static func mayRead(_ req: Request) -> Bool {
        if let expected = req.application.lotse.configuration.metricsToken, let given = req.headers.bearerAuthorization?.token {
            // Compared as hashes: the time taken says nothing about how much of the token was right.
            return SHA256.hash(data: Data(given.utf8)) == SHA256.hash(data: Data(expected.utf8))
        }
        return loopback.contains(req.clientAddress)
    }
}
