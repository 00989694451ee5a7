import Foundation

/// One dated change of a position: its status from that day on and who holds it.
public struct PositionChange: Sendable, Equatable {
    public let day: String
    public let status: PositionStatus
    public let holderID: UUID?
    /// The position's FTE from this day on, where it changed (issue 19: "0,5 in 2021, 1,0 from 2022").
    public let fteHundredths: Int?

    public init(day: String, status: PositionStatus, holderID: UUID? = nil, fteHundredths: Int? = nil) {
        self.day = day
        self.status = status
        self.holderID = holderID
        self.fteHundredths = fteHundredths
    }
}

/// Reads a position's history: what it was on a day, whether it was filled at some point of a
/// period, and how often its holder left or changed there ("Stellenwechsel", seed 000).
public enum PositionTimeline {
    /// The last change on or before `day`; nil when the position did not exist yet.
    public static func state(on day: String, _ changes: [PositionChange]) -> PositionChange? {
        sorted(changes).last { $0.day <= day }
    }

    /// Filled on the first day of the period or made filled during it.
    public static func wasFilled(from start: String, to end: String, _ changes: [PositionChange]) -> Bool {
        if state(on: start, changes)?.status == .filled { return true }
        return changes.contains { $0.status == .filled && $0.day >= start && $0.day <= end }
    }

    /// Changes within the period after which the former holder no longer holds it: the position
    /// was filled and then became vacant, or was filled by someone new.
    public static func holderChanges(from start: String, to end: String, _ changes: [PositionChange]) -> Int {
        let ordered = sorted(changes)
        var count = 0
        for (index, change) in ordered.enumerated() where index > 0 && change.day >= start && change.day <= end {
            let before = ordered[index - 1]
            guard before.status == .filled else { continue }
            if change.status != .filled || change.holderID != before.holderID || change.holderID == nil { count += 1 }
        }
        return count
    }

    /// The FTE on a day: the last change on or before it that set one, else the FTE the position
    /// started with. Raising a post in 2022 leaves 2021 as it was.
    public static func fte(on day: String, initial: Int, _ changes: [PositionChange]) -> Int {
        sorted(changes).last { $0.day <= day && $0.fteHundredths != nil }?.fteHundredths ?? initial
    }

    static func sorted(_ changes: [PositionChange]) -> [PositionChange] {
        changes.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
    }
}

/// FTE as hundredths, so 0.5 + 3.5 adds up exactly; written the German way ("3,5").
public enum FTE {
    public static func hundredths(_ text: String) -> Int? {
        let normalised = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let value = Double(normalised), value > 0, value <= 40 else { return nil }
        let hundredths = (value * 100).rounded()
        guard abs(hundredths - value * 100) < 0.001 else { return nil }
        return Int(hundredths)
    }

    public static func text(_ hundredths: Int) -> String {
        let whole = hundredths / 100
        let rest = hundredths % 100
        if rest == 0 { return String(whole) }
        return rest % 10 == 0 ? "\(whole),\(rest / 10)" : "\(whole),\(String(format: "%02d", rest))"
    }

    /// For JSON and CSV for machines: a decimal number with a point.
    public static func decimal(_ hundredths: Int) -> Double { Double(hundredths) / 100 }
}
