import LotseCore

/// A code with its German name: what lists, pages and the API show of a vocabulary value.
struct Coded: Encodable, Sendable, Equatable {
    let code: String
    let name: String

    init<V: Vocabulary>(_ value: V) {
        code = value.rawValue
        name = value.germanName
    }

    init?<V: Vocabulary>(_ type: V.Type, _ raw: String?) {
        guard let raw, let value = V(rawValue: raw) else { return nil }
        self.init(value)
    }

    static func list<V: Vocabulary>(_ type: V.Type, _ raws: [String]) -> [Coded] { raws.compactMap { Coded(type, $0) } }
}
