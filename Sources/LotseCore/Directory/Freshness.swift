import Foundation

/// A directory entry is only as good as its last check: after twelve months it is flagged.
public enum Freshness {
    public static let months = 12

    public static func isOverdue(lastCheckedAt: Date?, now: Date) -> Bool {
        guard let lastCheckedAt else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        guard let due = calendar.date(byAdding: .month, value: months, to: lastCheckedAt) else { return true }
        return now >= due
    }
}
