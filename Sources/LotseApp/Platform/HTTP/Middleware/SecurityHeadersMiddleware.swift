import Vapor

/// The headers every response carries, error pages and static files included. The policy allows
/// no inline script or style at all, so an injected `<script>` cannot run. Future-based: it awaits
/// nothing of its own (see `RequestLogMiddleware`).
struct SecurityHeadersMiddleware: Middleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            Self.add(to: response, for: request)
            return response
        }
    }

    static func add(to response: Response, for request: Request) {
        let headers: [(String, String)] = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            // Not "no-referrer": with it, browsers send "Origin: null" on form posts, which the origin check refuses.
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Pages may show personal data later on: keep them out of shared and browser caches. A
        // matched route is never a static file; only without one is the path read (`Route.isProbe`).
        if request.route != nil || !Self.isCacheable(path: request.url.path) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }

    static func isCacheable(path: String) -> Bool {
        path.hasPrefix("/css/") || path.hasPrefix("/images/")
    }
}
