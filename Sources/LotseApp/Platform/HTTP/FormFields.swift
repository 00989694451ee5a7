import Vapor

/// The fields of an `application/x-www-form-urlencoded` body, with repeated names kept in order
/// (checkbox lists). Read once and cached on the request.
struct FormFields: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(values: [String: [String]] = [:]) { self.values = values }

    init(urlEncoded body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            values[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    func first(_ name: String) -> String? { values[name]?.first }

    /// The trimmed value, empty when missing.
    func text(_ name: String) -> String { (first(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func has(_ name: String) -> Bool { values[name] != nil }

    private struct CacheKey: StorageKey { typealias Value = FormFields }

    static func read(from request: Request) async throws -> FormFields {
        if let cached = request.storage[CacheKey.self] { return cached }
        var fields = FormFields()
        if request.headers.contentType == .urlEncodedForm {
            let buffer = try await request.body.collect(max: 256 * 1024).get()
            fields = FormFields(urlEncoded: buffer.map { String(buffer: $0) } ?? "")
        } else if request.headers.contentType?.type == "multipart", request.headers.contentType?.subType == "form-data" {
            // File uploads (the directory import): every part read as text.
            _ = try await request.body.collect(max: 4 * 1024 * 1024).get()
            let parts = (try? request.content.decode([String: String].self)) ?? [:]
            fields = FormFields(values: parts.mapValues { [$0] })
        }
        request.storage[CacheKey.self] = fields
        return fields
    }
}

extension Request {
    func formFields() async throws -> FormFields { try await FormFields.read(from: self) }
}

extension Request {
    /// A query parameter as trimmed text, empty when missing (filters of search pages and the API).
    func queryText(_ name: String) -> String {
        ((try? query.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// An id in the query of an API filter: absent is nil, anything but an id is refused (a filter
    /// that silently matched everything would answer a question nobody asked).
    func queryID(_ name: String) throws -> UUID? {
        guard let text = try? query.get(String.self, at: name) else { return nil }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            var failure = ValidationFailure()
            failure.add(name, "„\(name)“ ist keine gültige Kennung (UUID).")
            throw failure
        }
        return id
    }
}
