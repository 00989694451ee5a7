import Foundation

/// Numbers and dates the way German readers expect them (1.234,5; 23.11.2026; 14:05 Uhr),
/// independent of the server's locale.
public enum GermanFormat {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .current

    static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    public static func date(_ date: Date) -> String {
        let parts = components(date)
        return dotted(day: parts.day ?? 0, month: parts.month ?? 0, year: parts.year ?? 0)
    }

    /// The Berlin calendar day as YYYY-MM-DD (date inputs, the API, stored validity days).
    public static func isoDay(_ date: Date) -> String {
        let parts = components(date)
        return Digits.padded(parts.year ?? 0, width: 4) + "-" + Digits.padded(parts.month ?? 0, width: 2) + "-" + Digits.padded(parts.day ?? 0, width: 2)
    }

    public static func dateTime(_ date: Date) -> String {
        let parts = components(date)
        return self.date(date) + ", " + Digits.padded(parts.hour ?? 0, width: 2) + ":" + Digits.padded(parts.minute ?? 0, width: 2) + " Uhr"
    }

    /// Groups thousands with "." and uses "," as the decimal separator.
    public static func number(_ value: Double, fractionDigits: Int = 0) -> String {
        let negative = value < 0
        let scaled = String(format: "%.\(fractionDigits)f", abs(value))
        let parts = scaled.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0])
        var grouped = ""
        while integer.count > 3 {
            grouped = "." + integer.suffix(3) + grouped
            integer = String(integer.dropLast(3))
        }
        grouped = integer + grouped
        let fraction = parts.count > 1 ? "," + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }

    public static func number(_ value: Int) -> String { number(Double(value)) }

    /// "05.03.2024": what `%02d.%02d.%04d` wrote.
    static func dotted(day: Int, month: Int, year: Int) -> String {
        Digits.padded(day, width: 2) + "." + Digits.padded(month, width: 2) + "." + Digits.padded(year, width: 4)
    }
}

extension GermanFormat {
    /// The start of a day given as YYYY-MM-DD (what `<input type="date">` sends), in Berlin time.
    public static func day(_ text: String) -> Date? {
        guard let (year, month, day) = dayParts(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// Year, month and day of YYYY-MM-DD, when that day exists (not 30 February). Plain arithmetic:
    /// pages show many days, and a calendar per day cost a case page 7 % of its time (issue 17).
    static func dayParts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[0] > 1900, (1...12).contains(parts[1]) else { return nil }
        guard (1...daysIn(month: parts[1], of: parts[0])).contains(parts[2]) else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// The length of a month (1–12) of the Gregorian calendar.
    static func daysIn(month: Int, of year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// The first instant after a day given as YYYY-MM-DD, in Berlin time: what happened before it
    /// happened on that day or earlier (a 23- or 25-hour day included).
    public static func dayAfter(_ text: String) -> Date? {
        guard let start = day(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = berlin
        return calendar.date(byAdding: .day, value: 1, to: start)
    }

    /// Whole days from one YYYY-MM-DD to another (0 when either is no day, or the second is earlier).
    public static func days(from start: String, to end: String) -> Int {
        guard let from = dayParts(start), let to = dayParts(end) else { return 0 }
        return max(0, ordinal(to) - ordinal(from))
    }

    /// Days since 1 January 1900 (plain arithmetic, as `dayParts`).
    static func ordinal(_ day: (year: Int, month: Int, day: Int)) -> Int {
        let years = (1900..<day.year).reduce(0) { $0 + (daysIn(month: 2, of: $1) == 29 ? 366 : 365) }
        return years + (1..<day.month).reduce(0) { $0 + daysIn(month: $1, of: day.year) } + day.day
    }

    /// YYYY-MM-DD as "22.11.2022"; anything else unchanged.
    public static func germanDay(_ text: String) -> String {
        guard let (year, month, day) = dayParts(text) else { return text }
        return dotted(day: day, month: month, year: year)
    }

    /// "Juli 2023" for a day in July 2023: as a report is dated ("Paderborn, im Juli 2023").
    public static func monthAndYear(_ text: String) -> String {
        guard let (year, month, _) = dayParts(text), (1...12).contains(month) else { return text }
        let names = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        return "\(names[month - 1]) \(year)"
    }
}
