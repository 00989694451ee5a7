/// CSV the way German spreadsheet programs read it: semicolons, quotes where needed, and cells
/// that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) defused with a
/// leading apostrophe, so an export cannot carry an attack into Excel or LibreOffice.
public enum CSV {
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        if text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    public static func row(_ values: [String]) -> String {
        values.map(cell).joined(separator: ";") + "\r\n"
    }

    /// The byte order mark makes Excel read UTF-8 (umlauts) correctly.
    public static let byteOrderMark = "\u{FEFF}"
}

extension CSV {
    /// Reads semicolon-separated text (quotes, doubled quotes, line breaks inside quotes, CRLF or
    /// LF, a leading byte order mark). Returns the rows; an unclosed quote is reported by line.
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var quoteLine = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    cell.append(character)
                }
            } else {
                switch character {
                case "\"" where cell.isEmpty:
                    quoted = true
                    quoteLine = line
                case ";": row.append(cell); cell = ""
                case "\r\n", "\n", "\r":
                    row.append(cell)
                    rows.append(row)
                    row = []
                    cell = ""
                    line += 1
                default: cell.append(character)
                }
            }
            index += 1
        }
        if quoted { throw ParseError(line: quoteLine) }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows.filter { !($0.count == 1 && $0[0].isEmpty) }
    }

    /// Undoes the apostrophe `cell` puts before formula characters, so an export re-imports unchanged.
    public static func value(_ cell: String) -> String {
        if cell.hasPrefix("'"), let next = cell.dropFirst().first, ["=", "+", "-", "@", "\t", "\r"].contains(next) {
            return String(cell.dropFirst())
        }
        return cell
    }

    public struct ParseError: Error, Equatable {
        public let line: Int
    }
}
