import Vapor

/// Refuses a state-changing request that a browser says comes from another site. This stands
/// beside the CSRF token: either alone would stop a forged form, together they also cover the API.
struct OriginCheckMiddleware: AsyncMiddleware {
    static let safeMethods: [HTTPMethod] = [.GET, .HEAD, .OPTIONS]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !Self.safeMethods.contains(request.method) else { return try await next.respond(to: request) }
        if request.headers.first(name: "Sec-Fetch-Site") == "cross-site" {
            throw PublicError.forbidden(Self.message)
        }
        if let origin = request.headers.first(name: .origin) {
            let host = request.headers.first(name: .host) ?? ""
            guard origin != "null", let url = URL(string: origin), let originHost = url.host,
                  Self.authority(host: originHost, port: url.port) == host.lowercased()
                    || Self.authority(host: originHost, port: url.port) == Self.authority(host: host.lowercased(), port: nil)
            else {
                throw PublicError.forbidden(Self.message)
            }
        }
        return try await next.respond(to: request)
    }

    static func authority(host: String, port: Int?) -> String {
        port.map { "\(host.lowercased()):\($0)" } ?? host.lowercased()
    }

    static let message = "Diese Anfrage kam von einer fremden Website und wurde deshalb abgelehnt."
}
