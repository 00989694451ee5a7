import Foundation

/// A municipality's name as an address part a flyer can print: "Bad Lippspringe" → "bad-lippspringe",
/// "Büren" → "bueren" (German transliteration, then letters and digits joined by hyphens).
public enum PlaceSlug {
    public static func make(_ name: String) -> String {
        var text = name.lowercased()
        for (umlaut, plain) in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")] { text = text.replacingOccurrences(of: umlaut, with: plain) }
        text = text.folding(options: .diacriticInsensitive, locale: Locale(identifier: "de_DE"))
        let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.joined(separator: "-")
    }

    /// Slugs for places that may share a name across districts: a slug used twice gets its
    /// district's slug appended ("neustadt-kreis-a"), so every address is unique and stable.
    public static func unique(_ places: [(id: UUID, name: String, district: String)]) -> [UUID: String] {
        let plain = places.map { ($0.id, make($0.name), make($0.district)) }
        let counts = Dictionary(plain.map { ($0.1, 1) }, uniquingKeysWith: +)
        return Dictionary(uniqueKeysWithValues: plain.map { id, slug, district in (id, counts[slug, default: 0] > 1 ? slug + "-" + district : slug) })
    }
}
