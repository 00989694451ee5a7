/// Checklists of requirements change with the law: each change is a new version with its own
/// validity, and a pre-check keeps the version it used (issue 16). Days are YYYY-MM-DD.
public enum ChecklistVersions {
    public struct Version: Sendable, Equatable {
        public let number: Int
        public let validFrom: String
        public let validUntil: String?

        public init(number: Int, validFrom: String, validUntil: String?) {
            self.number = number
            self.validFrom = validFrom
            self.validUntil = validUntil
        }

        public func isValid(on day: String) -> Bool { validFrom <= day && (validUntil.map { day <= $0 } ?? true) }
    }

    /// The version valid on `day`, the newest where validities touch.
    public static func current(on day: String, among versions: [Version]) -> Version? {
        versions.filter { $0.isValid(on: day) }.max { $0.number < $1.number }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// A new version must start after the current one started.
        case startsTooEarly(latestFrom: String)
    }

    /// A new version valid from `validFrom` after `versions`: its number, and the day the newest
    /// version now ends (the day before), or why it cannot start then.
    public static func next(after versions: [Version], validFrom: String) -> Result<(number: Int, previousEndsOn: String?), Refusal> {
        guard let latest = versions.max(by: { $0.number < $1.number }) else { return .success((1, nil)) }
        guard validFrom > latest.validFrom else { return .failure(.startsTooEarly(latestFrom: latest.validFrom)) }
        return .success((latest.number + 1, RetentionRule.day(validFrom, plus: -1)))
    }
}
