import Foundation

/// The period a district reports for: a school year (1 August to 31 July, as Kreis Paderborn
/// reports, seed 000) or a calendar year. Days are YYYY-MM-DD strings, so comparing them as text
/// compares them as dates.
public struct ReportingPeriod: Sendable, Hashable, Comparable {
    public let kind: ReportingPeriodKind
    /// The year the period starts in (school year 2022/23 → 2022).
    public let startYear: Int

    public init(kind: ReportingPeriodKind, startYear: Int) {
        self.kind = kind
        self.startYear = startYear
    }

    /// The period as it appears in addresses and the API: "2022" for school year 2022/23.
    public var key: String { String(startYear) }

    public init?(kind: ReportingPeriodKind, key: String) {
        guard let year = Int(key), (2000...2100).contains(year) else { return nil }
        self.init(kind: kind, startYear: year)
    }

    public var start: String {
        kind == .schoolYear ? "\(startYear)-08-01" : "\(startYear)-01-01"
    }

    public var end: String {
        kind == .schoolYear ? "\(startYear + 1)-07-31" : "\(startYear)-12-31"
    }

    /// "Schuljahr 2022/23" or "Kalenderjahr 2023".
    public var label: String {
        switch kind {
        case .schoolYear: "Schuljahr \(startYear)/\(String(format: "%02d", (startYear + 1) % 100))"
        case .calendarYear: "Kalenderjahr \(startYear)"
        }
    }

    public func contains(_ day: String) -> Bool { day >= start && day <= end }

    public var next: ReportingPeriod { ReportingPeriod(kind: kind, startYear: startYear + 1) }
    public var previous: ReportingPeriod { ReportingPeriod(kind: kind, startYear: startYear - 1) }

    /// The period a day (YYYY-MM-DD) falls in.
    public static func containing(_ day: String, kind: ReportingPeriodKind) -> ReportingPeriod {
        let year = Int(day.prefix(4)) ?? 2000
        let month = Int(day.dropFirst(5).prefix(2)) ?? 1
        switch kind {
        case .schoolYear: return ReportingPeriod(kind: kind, startYear: month >= 8 ? year : year - 1)
        case .calendarYear: return ReportingPeriod(kind: kind, startYear: year)
        }
    }

    public static func < (lhs: ReportingPeriod, rhs: ReportingPeriod) -> Bool { lhs.startYear < rhs.startYear }
}

/// A half-year of the milestone plan ("1. HJ 2022").
public struct HalfYear: Sendable, Hashable, Comparable {
    public let year: Int
    /// 1 or 2.
    public let half: Int

    public init(year: Int, half: Int) {
        self.year = year
        self.half = half
    }

    /// "2022-1": as stored and in the API.
    public var key: String { "\(year)-\(half)" }

    public init?(key: String) {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), (2000...2100).contains(year), let half = Int(parts[1]), half == 1 || half == 2 else { return nil }
        self.init(year: year, half: half)
    }

    public var label: String { "\(half). HJ \(year)" }

    public var next: HalfYear { half == 1 ? HalfYear(year: year, half: 2) : HalfYear(year: year + 1, half: 1) }

    /// Every half-year from `first` to `last`, both included (empty when `last` comes first).
    public static func range(_ first: HalfYear, _ last: HalfYear) -> [HalfYear] {
        var result: [HalfYear] = []
        var current = first
        while current <= last && result.count < 40 {
            result.append(current)
            current = current.next
        }
        return result
    }

    public static func containing(_ day: String) -> HalfYear {
        let year = Int(day.prefix(4)) ?? 2000
        let month = Int(day.dropFirst(5).prefix(2)) ?? 1
        return HalfYear(year: year, half: month <= 6 ? 1 : 2)
    }

    public static func < (lhs: HalfYear, rhs: HalfYear) -> Bool { (lhs.year, lhs.half) < (rhs.year, rhs.half) }
}
