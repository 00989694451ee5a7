import Foundation

/// The annual report as the coordination edits it: plain text with a few Markdown conventions
/// ("# " and "## " headings, "- " list items, "| a | b |" table rows, blank lines between
/// paragraphs). One text is stored; it is shown as HTML, exported as Markdown, HTML and
/// OpenDocument (flat XML, .fodt, which LibreOffice and Word open and the district can edit on).
public struct ReportDocument: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case heading(level: Int, text: String)
        case paragraph(String)
        case list([String])
        case table(header: [String], rows: [[String]])
    }

    public let blocks: [Block]

    public init(markdown: String) {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var list: [String] = []
        var table: [[String]] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))); paragraph = [] }
            if !list.isEmpty { blocks.append(.list(list)); list = [] }
            if !table.isEmpty { blocks.append(.table(header: table[0], rows: Array(table.dropFirst()))); table = [] }
        }
        for raw in markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if let level = Self.headingLevel(line) {
                flush()
                blocks.append(.heading(level: level, text: String(line.dropFirst(level + 1))))
            } else if line.hasPrefix("- ") {
                if !paragraph.isEmpty || !table.isEmpty { flush() }
                list.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("|") {
                if !paragraph.isEmpty || !list.isEmpty { flush() }
                let cells = line.trimmingCharacters(in: CharacterSet(charactersIn: "|")).split(separator: "|", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if !cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-: ".contains($0) } }) { table.append(cells) }
            } else {
                if !list.isEmpty || !table.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        self.blocks = blocks
    }

    static func headingLevel(_ line: String) -> Int? {
        for level in 1...3 where line.hasPrefix(String(repeating: "#", count: level) + " ") { return level }
        return nil
    }

    // MARK: HTML

    /// The body as HTML; every text escaped. Headings start at `baseLevel` ("# " → h2 inside a page).
    /// A table scrolls sideways on a phone, so its wrapper takes the keyboard focus and is named
    /// after the heading above it (WCAG 2.1.1; axe's scrollable-region-focusable).
    public func html(baseLevel: Int = 2) -> String {
        var lastHeading = "Tabelle"
        return blocks.map { block in
            switch block {
            case .heading(let level, let text):
                lastHeading = text
                let tag = "h\(min(6, level + baseLevel - 1))"
                return "<\(tag)>\(Self.escape(text))</\(tag)>"
            case .paragraph(let text):
                return "<p>\(Self.escape(text))</p>"
            case .list(let items):
                return "<ul>" + items.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>"
            case .table(let header, let rows):
                let head = "<thead><tr>" + header.map { "<th scope=\"col\">\(Self.escape($0))</th>" }.joined() + "</tr></thead>"
                let body = "<tbody>" + rows.map { row in
                    "<tr>" + row.enumerated().map { index, cell in
                        index == 0 ? "<th scope=\"row\">\(Self.escape(cell))</th>" : "<td>\(Self.escape(cell))</td>"
                    }.joined() + "</tr>"
                }.joined() + "</tbody>"
                return "<div class=\"table-wrapper\" tabindex=\"0\" role=\"region\" aria-label=\"\(Self.escape(lastHeading))\">"
                    + "<table>\(head)\(body)</table></div>"
            }
        }.joined(separator: "\n")
    }

    /// A whole HTML file for download: the title, the body, a small print-friendly style.
    public func standaloneHTML(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="de"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>body{font-family:Arial,sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left}</style>
        </head><body>
        <h1>\(Self.escape(title))</h1>
        \(html(baseLevel: 2))
        </body></html>

        """
    }

    public static func escape(_ text: String) -> String {
        // Most texts hold none of the five characters: they go back as they are.
        guard text.utf8.contains(where: { byte in
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
        }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    // MARK: OpenDocument

    /// A flat OpenDocument text (.fodt): one XML file, no archive needed.
    public func flatODT(title: String) -> String {
        var body = "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">\(Self.escape(title))</text:h>\n"
        var tableNumber = 0
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                let outline = min(3, level + 1)
                body += "<text:h text:style-name=\"Heading_20_\(outline)\" text:outline-level=\"\(outline)\">\(Self.escape(text))</text:h>\n"
            case .paragraph(let text):
                body += "<text:p text:style-name=\"Text_20_body\">\(Self.escape(text))</text:p>\n"
            case .list(let items):
                body += "<text:list>" + items.map { "<text:list-item><text:p text:style-name=\"Text_20_body\">\(Self.escape($0))</text:p></text:list-item>" }.joined() + "</text:list>\n"
            case .table(let header, let rows):
                tableNumber += 1
                let width = max(header.count, rows.map(\.count).max() ?? 0)
                body += "<table:table table:name=\"Tabelle\(tableNumber)\"><table:table-column table:number-columns-repeated=\"\(width)\"/>"
                for row in [header] + rows {
                    body += "<table:table-row>" + (0..<width).map { index in
                        "<table:table-cell office:value-type=\"string\"><text:p>\(Self.escape(index < row.count ? row[index] : ""))</text:p></table:table-cell>"
                    }.joined() + "</table:table-row>"
                }
                body += "</table:table>\n"
            }
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
        <office:meta><dc:title>\(Self.escape(title))</dc:title><dc:language>de-DE</dc:language></office:meta>
        <office:styles>
        <style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="Arial" fo:font-size="11pt" fo:language="de" fo:country="DE"/></style:style>
        <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.2cm"/></style:style>
        <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>
        <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2"><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
        <style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="3"><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
        </office:styles>
        <office:body><office:text>
        \(body)</office:text></office:body></office:document>

        """
    }
}
