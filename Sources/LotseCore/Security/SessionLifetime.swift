import Foundation

/// How long a sign-in lasts: ended after 30 minutes without a request, and after 12 hours at most.
public struct SessionLifetime: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public static let standard = SessionLifetime(idle: 30 * 60, absolute: 12 * 60 * 60)
    /// Unfinished sign-ins (password given, second factor pending) expire quickly.
    public static let pendingSignIn = SessionLifetime(idle: 10 * 60, absolute: 15 * 60)

    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    public func isExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > idle || now.timeIntervalSince(createdAt) > absolute
    }

    /// Writing `lastSeenAt` on every request would turn every page view into a database write;
    /// a minute's precision is plenty for a 30-minute limit.
    public func shouldRecordActivity(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= 60
    }
}
