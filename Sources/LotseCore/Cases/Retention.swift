import Foundation

/// How long a district keeps a closed case before it is anonymised (issue 15, GDPR Art. 5(1)(e),
/// § 84 SGB X). Two periods, because a first contact that never became case management is needed
/// far shorter than a case file. The defaults and why they are what they are: README, "Löschfristen".
public struct RetentionPeriods: Sendable, Equatable {
    /// A case that was taken into case management (closed after the intake phase), in months after closing.
    public var closedCaseMonths: Int
    /// A first contact closed in the intake phase (no case management), in months after closing.
    public var firstContactMonths: Int
    /// Entries of the audit trail, in months after they were written.
    public var auditMonths: Int

    public init(closedCaseMonths: Int, firstContactMonths: Int, auditMonths: Int = 24) {
        self.closedCaseMonths = closedCaseMonths
        self.firstContactMonths = firstContactMonths
        self.auditMonths = auditMonths
    }

    public static let standard = RetentionPeriods(closedCaseMonths: 36, firstContactMonths: 6, auditMonths: 24)

    /// What a district may choose. Below the lower bounds a returning client could not be helped with
    /// what was learnt; above the upper ones no purpose of case work needs the data any more.
    public static let closedCaseRange = 6...120
    public static let firstContactRange = 1...36
    /// The audit trail answers who read or passed on whose data: kept at least a year, so that the
    /// person's access request and the officer's inquiries can look back that far, and at most ten.
    public static let auditRange = 12...120

    /// The months a case closed from `closedFrom` is kept.
    public func months(closedFrom: Phase?) -> Int {
        closedFrom == .intake ? firstContactMonths : closedCaseMonths
    }
}

/// When a closed case is due, and what of its dates the anonymised remainder keeps.
public enum RetentionRule {
    /// How many days before it is due a case is listed for the data-protection officer, who can
    /// hold it (legal hold) before the daily run anonymises it.
    public static let previewDays = 30

    /// The daily run happens at night, when nobody works on cases: the next 02:30 in Berlin after `now`.
    public static func nextRun(after now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = GermanFormat.berlin
        return calendar.nextDate(after: now, matching: DateComponents(hour: 2, minute: 30, second: 0), matchingPolicy: .nextTime)
            ?? now.addingTimeInterval(24 * 3600)
    }

    /// The day a case closed on `closedOn` becomes due: the same day `months` later (the month's
    /// last day where that month is shorter). Nil for a day that is not YYYY-MM-DD.
    public static func dueOn(closedOn: String, months: Int) -> String? {
        guard let (year, month, day) = GermanFormat.dayParts(closedOn) else { return nil }
        let index = year * 12 + (month - 1) + months
        let (dueYear, dueMonth) = (index / 12, index % 12 + 1)
        let dueDay = min(day, GermanFormat.daysIn(month: dueMonth, of: dueYear))
        return String(format: "%04d-%02d-%02d", dueYear, dueMonth, dueDay)
    }

    /// The last closing day that can make a case due by `day` after at least `months`: the last
    /// day of the month `months` before `day`'s month (a case closed on 31 August is due on the
    /// last day of February). For a query that narrows the candidates before the exact rule.
    public static func latestClosingDay(dueBy day: String, months: Int) -> String {
        guard let (year, month, _) = GermanFormat.dayParts(day) else { return day }
        let index = year * 12 + (month - 1) - months
        let (closingYear, closingMonth) = (index / 12, index % 12 + 1)
        return String(format: "%04d-%02d-%02d", closingYear, closingMonth, GermanFormat.daysIn(month: closingMonth, of: closingYear))
    }

    /// The same day `months` before `day` (the month's last day where that month is shorter):
    /// entries of the audit trail written on it or before are due on `day`.
    public static func day(_ day: String, minusMonths months: Int) -> String {
        guard let (year, month, dayOfMonth) = GermanFormat.dayParts(day) else { return day }
        let index = year * 12 + (month - 1) - months
        let (earlierYear, earlierMonth) = (index / 12, index % 12 + 1)
        return String(format: "%04d-%02d-%02d", earlierYear, earlierMonth, min(dayOfMonth, GermanFormat.daysIn(month: earlierMonth, of: earlierYear)))
    }

    /// The day `days` after `day` (YYYY-MM-DD); `day` itself when it is not one.
    public static func day(_ day: String, plus days: Int) -> String {
        guard let (year, month, dayOfMonth) = GermanFormat.dayParts(day) else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth)),
              let later = calendar.date(byAdding: .day, value: days, to: start) else { return day }
        let parts = calendar.dateComponents([.year, .month, .day], from: later)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Is a case closed on `closedOn` due on `today` (both YYYY-MM-DD)?
    public static func isDue(closedOn: String, months: Int, today: String) -> Bool {
        dueOn(closedOn: closedOn, months: months).map { $0 <= today } ?? false
    }

    /// The first day of the day's month. The anonymised remainder keeps months, not days: every
    /// reporting period (school year, calendar year) begins on a first and ends on a last day of a
    /// month, so a figure of any period counts the remainder exactly as it counted the case, while
    /// the day that could single a person out is gone.
    public static func monthStart(_ day: String) -> String {
        guard let (year, month, _) = GermanFormat.dayParts(day) else { return day }
        return String(format: "%04d-%02d-01", year, month)
    }
}
