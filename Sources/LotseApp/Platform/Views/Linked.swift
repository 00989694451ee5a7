/// A row of shared data (an API DTO, say) with its address beside its own fields, so a template
/// writes `#(row.href)` next to `#(row.number)` and never builds the address itself.
struct Linked<Row: Encodable>: Encodable {
    let row: Row
    let href: String

    init(_ row: Row, _ href: SiteURL) {
        self.row = row
        self.href = href.path
    }

    /// An address with a fragment: a part of a page (`/cases/…#wiedervorlage-…`).
    init(_ row: Row, _ href: String) {
        self.row = row
        self.href = href
    }

    private enum Key: String, CodingKey { case href }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(href, forKey: .href)
    }
}

/// A row with more fields for the page beside its own (its addresses, its parts with theirs).
/// `extra` is encoded after `row`, so a field of the same name in `extra` takes its place.
struct Merged<Row: Encodable, Extra: Encodable>: Encodable {
    let row: Row
    let extra: Extra

    init(_ row: Row, _ extra: Extra) {
        self.row = row
        self.extra = extra
    }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}
