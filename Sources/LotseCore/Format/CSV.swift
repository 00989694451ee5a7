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
