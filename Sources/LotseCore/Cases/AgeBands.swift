/// A district's age groups (issue 19, part 5): Coesfeld organises its working groups by age
/// (seed 004: "0 – 6, 6 – 18, 18 – 27"). Bands are given by their lower bounds after 0, so
/// [6, 18, 27] means 0 to under 6, 6 to under 18, 18 to under 27, and 27 and older.
public struct AgeBands: Sendable, Equatable {
    public let bounds: [Int]

    public static let standard = AgeBands(checked: [6, 18, 27])
    /// At most this many bounds: more bands than that make every count small.
    public static let maximumBounds = 6

    private init(checked bounds: [Int]) { self.bounds = bounds }

    /// Bounds strictly rising, from 1 to 99; nil otherwise.
    public init?(bounds: [Int]) {
        guard !bounds.isEmpty, bounds.count <= Self.maximumBounds, bounds.allSatisfy({ (1...99).contains($0) }),
              zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.bounds = bounds
    }

    /// "6, 18, 27" as people type it (also "6;18;27" or "6 18 27").
    public init?(text: String) {
        let parts = text.split { ",; ".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return nil }
        self.init(bounds: numbers)
    }

    public var text: String { bounds.map(String.init).joined(separator: ", ") }

    public struct Band: Sendable, Equatable, Hashable {
        public let from: Int
        /// nil: open upwards.
        public let below: Int?

        /// "0-6", "27+": stable codes for the API, CSV and a working group's bands.
        public var code: String { below.map { "\(from)-\($0)" } ?? "\(from)+" }

        /// "0 bis unter 6 Jahre", "27 Jahre und älter".
        public var label: String { below.map { "\(from) bis unter \($0) Jahre" } ?? "\(from) Jahre und älter" }

        public func contains(_ age: Int) -> Bool { age >= from && below.map { age < $0 } ?? true }
    }

    public var bands: [Band] {
        let starts = [0] + bounds
        return starts.enumerated().map { index, from in Band(from: from, below: index < bounds.count ? bounds[index] : nil) }
    }

    public func band(of age: Int) -> Band? { age < 0 ? nil : bands.first { $0.contains(age) } }

    public func band(code: String) -> Band? { bands.first { $0.code == code } }

    /// Whole years between a birth day and a day (YYYY-MM-DD): the age on that day.
    public static func age(born: String, on day: String) -> Int? {
        func parts(_ iso: String) -> [Int]? {
            let numbers = iso.split(separator: "-").compactMap { Int($0) }
            return numbers.count == 3 ? numbers : nil
        }
        guard let birth = parts(born), let then = parts(day), born <= day else { return nil }
        var years = then[0] - birth[0]
        if (then[1], then[2]) < (birth[1], birth[2]) { years -= 1 }
        return years
    }
}
