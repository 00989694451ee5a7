import LotseCore

/// A code with its German name: what lists, pages and the API show of a vocabulary value.
struct Coded: Encodable, Sendable, Equatable {
    let code: String
    let name: String

    init<V: Vocabulary>(_ value: V) {
        code = value.rawValue
        name = value.germanName
    }

    /// A value under the district's own name for it (`DistrictWords`).
    init<V: Vocabulary>(_ value: V, name: String) {
        code = value.rawValue
        self.name = name
    }

    /// A code that is not a fixed vocabulary, such as a district's age group ("0-6").
    init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// A stored code, if there is one; an unknown code fails (`UnknownStoredCode`), it is never dropped.
    init?<V: Vocabulary>(_ type: V.Type, _ raw: String?) throws {
        guard let raw else { return nil }
        self.init(try V.stored(raw))
    }
}
