import Foundation

/// Finding a client by name without storing the name readably: names are normalised, cut into
/// words, and each word also reduced to its Kölner Phonetik code, so "Mohammed", "Muhammad" and
/// "Mohamad" meet. Only keyed hashes of these keys are stored (`BlindIndex`).
public enum NameMatching {
    /// Lower case, diacritics folded (ü → u, ß → ss), everything that is not a letter a separator.
    public static func words(_ name: String) -> [String] {
        let folded = name.replacingOccurrences(of: "ß", with: "ss")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "de_DE"))
            .lowercased()
        return folded.split { !$0.isLetter }.map(String.init).filter { $0.count >= 2 }
    }

    /// The phonetic key of one word (Kölner Phonetik, Postel 1969): letters to digits by sound,
    /// repeated digits collapsed, zeros dropped after the first position.
    public static func colognePhonetic(_ word: String) -> String {
        let letters = Array(words(word).joined())
        var digits: [Character] = []
        for (index, letter) in letters.enumerated() {
            let previous: Character? = index > 0 ? letters[index - 1] : nil
            let next: Character? = index + 1 < letters.count ? letters[index + 1] : nil
            let code: String
            switch letter {
            case "a", "e", "i", "j", "o", "u", "y": code = "0"
            case "h": code = ""
            case "b": code = "1"
            case "p": code = next == "h" ? "3" : "1"
            case "d", "t": code = ["c", "s", "z"].contains(next) ? "8" : "2"
            case "f", "v", "w": code = "3"
            case "g", "k", "q": code = "4"
            case "c":
                if index == 0 {
                    code = ["a", "h", "k", "l", "o", "q", "r", "u", "x"].contains(next) ? "4" : "8"
                } else if ["s", "z"].contains(previous) {
                    code = "8"
                } else {
                    code = ["a", "h", "k", "o", "q", "u", "x"].contains(next) ? "4" : "8"
                }
            case "x": code = ["c", "k", "q"].contains(previous) ? "8" : "48"
            case "l": code = "5"
            case "m", "n": code = "6"
            case "r": code = "7"
            case "s", "z": code = "8"
            default: code = ""
            }
            digits.append(contentsOf: code)
        }
        var collapsed: [Character] = []
        for digit in digits where collapsed.last != digit { collapsed.append(digit) }
        guard let first = collapsed.first else { return "" }
        return String(first) + String(collapsed.dropFirst().filter { $0 != "0" })
    }

    /// The search keys of a full name: each word exactly, and each word by sound.
    public static func keys(_ name: String) -> (exact: [String], phonetic: [String]) {
        let parts = words(name)
        return (parts, parts.map(colognePhonetic).filter { !$0.isEmpty })
    }
}
