/// The day a piece of work happened, as opposed to the day it was typed (issue 19, part 4): a
/// district that starts mid-year, or enters last year's findings and topics, dates them when they
/// were raised, so periods, goals, reports and exports count them where they belong. A day of work
/// is never in the future and never before what it follows (a topic's step before its previous one).
public enum DayOfWork {
    public enum Problem: Sendable, Equatable {
        case inTheFuture
        case before(String)
    }

    /// Days as YYYY-MM-DD.
    public static func problem(_ day: String, today: String, notBefore earliest: String? = nil) -> Problem? {
        if day > today { return .inTheFuture }
        if let earliest, day < earliest { return .before(earliest) }
        return nil
    }
}
