import Foundation
import LotseCore
import Vapor

/// Paged answers of the API, and the strict reading of a JSON body that the handlers share.

struct Paged<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int
}

enum PageWindow {
    /// The page asked for in `page` and `perPage`: out of range is refused with the limits named
    /// (the contract declares them), not quietly moved into range.
    static func read(_ req: Request, perPageDefault: Int, perPageMax: Int) throws -> (page: Int, perPage: Int) {
        let page = (try? req.query.get(Int.self, at: "page")) ?? 1
        let perPage = (try? req.query.get(Int.self, at: "perPage")) ?? perPageDefault
        var failure = ValidationFailure()
        if page < 1 { failure.add("page", "Die Seite muss 1 oder größer sein.") }
        if perPage < 1 || perPage > perPageMax { failure.add("perPage", "Je Seite sind 1 bis \(perPageMax) Einträge möglich.") }
        try failure.throwIfAny()
        return (page, perPage)
    }
}

extension Request {
    /// Decodes a JSON body; a malformed one is a 400 with a German reason instead of Vapor's English one.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch {
            throw PublicError(status: .badRequest, reason: "Der Inhalt der Anfrage ist kein gültiges JSON in der erwarteten Form. Siehe /api/v1/openapi.json.")
        }
    }
}
