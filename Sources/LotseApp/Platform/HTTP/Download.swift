import Vapor

/// A file to save (CSV, Markdown, HTML, OpenDocument), for the browser and the API alike.
enum Download {
    static func file(_ body: String, contentType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: attachment(filename))
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// The Content-Disposition that makes a browser save the answer under `filename`.
    static func attachment(_ filename: String) -> String { "attachment; filename=\"\(filename)\"" }

    /// A JSON file (an access export, the record of processing activities), readable by people
    /// too: indented, keys sorted, dates as ISO 8601.
    static func json(_ value: some Encodable, name: String) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return file(String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json; charset=utf-8", filename: name + ".json")
    }

    /// A German spreadsheet's CSV (the text comes with its byte-order mark and semicolons).
    static func csv(_ text: String, name: String) -> Response {
        file(text, contentType: "text/csv; charset=utf-8", filename: name + ".csv")
    }
}
