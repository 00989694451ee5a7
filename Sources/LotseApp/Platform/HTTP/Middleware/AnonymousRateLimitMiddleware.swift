import Foundation
import Vapor

/// A limit per client address for requests without a session or token (issue 14): an anonymous
/// flood is refused with 429 and `Retry-After` before it reaches a page, the database or the audit
/// trail. Generous enough for a whole office signing in behind one address (default 300 a minute,
/// `LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE`); health checks and static files are never limited.
/// Future-based: requests with a session or token, and the probes, pass without a task (issue 17).
struct AnonymousRateLimitMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let limit = request.application.lotse.anonymousLimit, request.route?.isProbe != true,
              request.cookies[BrowserSessionMiddleware.cookieName] == nil, request.headers.bearerAuthorization == nil else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask {
            await limit.take(address: request.clientAddress, at: request.now)
        }.flatMap { wait in
            guard let wait else { return next.respond(to: request) }
            LotseMetrics.rateLimitRefused()
            return request.eventLoop.makeFailedFuture(PublicError(
                status: .tooManyRequests,
                reason: "Zu viele Anfragen ohne Anmeldung von Ihrer Adresse. Bitte warten Sie \(wait) Sekunden und versuchen Sie es dann erneut.",
                headers: ["Retry-After": String(wait)]))
        }
    }
}

/// A token bucket per address: `perMinute` requests, refilled evenly over the minute.
actor AnonymousRateLimit {
    let perMinute: Int
    private var buckets: [String: (tokens: Double, at: Date)] = [:]
    private var lastPruned = Date.distantPast
    /// How many requests were refused since the start (for monitoring).
    private(set) var refused = 0

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Nil when the request may pass; otherwise the whole seconds until it may.
    func take(address: String, at now: Date) -> Int? {
        let capacity = Double(perMinute), perSecond = capacity / 60
        var bucket = buckets[address] ?? (capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * perSecond)
        bucket.at = now
        defer { buckets[address] = bucket }
        // At most every ten seconds: under a flood from very many addresses, pruning on every
        // request would cost the whole table each time.
        if buckets.count > 50_000 && now.timeIntervalSince(lastPruned) > 10 {
            lastPruned = now
            forgetFullBuckets(at: now)
        }
        guard bucket.tokens < 1 else {
            bucket.tokens -= 1
            return nil
        }
        refused += 1
        return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
    }

    /// Addresses quiet for a minute are back at full capacity: nothing to remember.
    private func forgetFullBuckets(at now: Date) {
        buckets = buckets.filter { now.timeIntervalSince($0.value.at) < 60 }
    }
}
