import Vapor

/// Refuses a state-changing request that a browser says comes from another site. This stands
/// beside the CSRF token: either alone would stop a forged form, together they also cover the API.
/// Future-based: the check awaits nothing (see `RequestLogMiddleware`).
struct OriginCheckMiddleware: Middleware {
    static let safeMethods: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard Self.isSameSite(request) else { return request.eventLoop.makeFailedFuture(PublicError.forbidden(Self.message)) }
        return next.respond(to: request)
    }

    static func isSameSite(_ request: Request) -> Bool {
        guard !safeMethods.contains(request.method) else { return true }
        if request.headers.first(name: "Sec-Fetch-Site") == "cross-site" { return false }
        if let origin = request.headers.first(name: .origin) {
            let host = request.headers.first(name: .host) ?? ""
            guard origin != "null", let url = URL(string: origin), let originHost = url.host else { return false }
            return authority(host: originHost, port: url.port) == host.lowercased()
                || authority(host: originHost, port: url.port) == authority(host: host.lowercased(), port: nil)
        }
        return true
    }

    static func authority(host: String, port: Int?) -> String {
        port.map { "\(host.lowercased()):\($0)" } ?? host.lowercased()
    }

    static let message = "Diese Anfrage kam von einer fremden Website und wurde deshalb abgelehnt."
}
