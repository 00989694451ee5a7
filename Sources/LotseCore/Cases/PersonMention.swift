import Foundation

/// A person a text for the coordination must not name: a client of the cases it comes from, or a
/// member of their household. Opened only for this check, never shown.
public struct KnownPerson: Sendable, Equatable {
    public let givenNames: String
    public let familyName: String
    /// YYYY-MM-DD, or empty.
    public let birthDate: String

    public init(givenNames: String, familyName: String, birthDate: String) {
        (self.givenNames, self.familyName, self.birthDate) = (givenNames, familyName, birthDate)
    }
}

/// Findings, topics, evidence answers and decisions go to people without access to the case
/// (DESIGN.md §4.7). `PersonalDataWarning` guesses at personal data in general; this refuses what
/// the server knows for certain would identify someone: a name of one of the known people (exactly,
/// or a spelling that sounds the same, "Muhammad" for "Mohammed") or their birth date in any of the
/// usual ways of writing it.
public enum PersonMention {
    /// Name particles and very short words name nobody on their own.
    static let particles: Set<String> = ["von", "van", "der", "den", "del", "de", "da", "di", "al", "el", "ibn", "bin", "abu", "la", "le",
                                         "zu", "ten", "ter", "und"]

    public static func found(in text: String, people: [KnownPerson]) -> Bool {
        let words = Set(NameMatching.words(text))
        let sounds = Dictionary(grouping: words.filter { $0.count >= 4 }, by: { SoundKey(word: $0) })
        let dates = Set(days(in: text))
        for person in people {
            for name in NameMatching.words(person.givenNames + " " + person.familyName) where name.count >= 3 && !particles.contains(name) {
                if words.contains(name) { return true }
                if name.count >= 4, let alike = sounds[SoundKey(word: name)], alike.contains(where: { spelledAlike($0, name) }) { return true }
            }
            if let born = Day(iso: person.birthDate), dates.contains(where: { $0.matches(born) }) { return true }
        }
        return false
    }

    /// Another spelling of the same name: at most one letter in four differs ("Muhammad" and
    /// "Mohammed"). The sound code alone is too coarse ("Monate" sounds like "Mohammed" to it).
    static func spelledAlike(_ a: String, _ b: String) -> Bool {
        editDistance(Array(a), Array(b)) <= max(1, min(a.count, b.count) / 4)
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() { current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))) }
            previous = current
        }
        return previous[b.count]
    }

    /// Same first letter and same Kölner Phonetik code: the candidates for another spelling.
    struct SoundKey: Hashable {
        let first: Character
        let code: String

        init(word: String) {
            first = word.first ?? " "
            code = NameMatching.colognePhonetic(word)
        }
    }

    /// A calendar day as written in a text; `year` may be two digits ("14.3.88").
    struct Day: Hashable {
        let day: Int
        let month: Int
        let year: Int

        init(day: Int, month: Int, year: Int) { (self.day, self.month, self.year) = (day, month, year) }

        init?(iso: String) {
            let parts = iso.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            self.init(day: parts[2], month: parts[1], year: parts[0])
        }

        func matches(_ born: Day) -> Bool {
            day == born.day && month == born.month && (year == born.year || (year < 100 && year == born.year % 100))
        }
    }

    static let months = ["januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"]

    /// Every day written as 14.03.1988, 14.3.88, 1988-03-14, 14/03/1988 or 14. März 1988.
    static func days(in text: String) -> [Day] {
        var found: [Day] = []
        let numeric = [(#"\b(\d{1,2})\s?[./]\s?(\d{1,2})\s?[./]\s?(\d{4}|\d{2})\b"#, [1, 2, 3]), (#"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"#, [3, 2, 1])]
        for (pattern, order) in numeric {
            for groups in matches(of: pattern, in: text) {
                let values = order.map { Int(groups[$0]) ?? 0 }
                found.append(Day(day: values[0], month: values[1], year: values[2]))
            }
        }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "de_DE")).lowercased()
        for groups in matches(of: #"\b(\d{1,2})\.?\s*([a-z]+)\s+(\d{4})\b"#, in: folded) {
            if let month = months.firstIndex(of: groups[2]), let day = Int(groups[1]), let year = Int(groups[3]) {
                found.append(Day(day: day, month: month + 1, year: year))
            }
        }
        return found
    }

    static func matches(of pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }
}
