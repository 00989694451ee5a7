import Foundation
import Vapor

/// The fixed texts of the public pages, one JSON file per language: those shipped in
/// `Resources/Translations`, with a district's own files in `$LOTSE_DATA_DIR/translations` laid
/// over them key by key. Read once at start; German fills any gap.
struct Translations: Sendable {
    struct Language: Sendable {
        let code: String
        let texts: [String: String]

        var name: String { texts["languageName"] ?? code }
        var isRightToLeft: Bool { texts["dir"] == "rtl" }
    }

    let languages: [String: Language]
    static let fallback = "de"

    /// Codes in a stable order: German first, then alphabetical.
    var codes: [String] { languages.keys.sorted { ($0 == Self.fallback ? "" : $0) < ($1 == Self.fallback ? "" : $1) } }

    static func load(shipped: String, overrides: String) -> Translations {
        func read(_ folder: String) -> [String: [String: String]] {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
            var result: [String: [String: String]] = [:]
            for file in files where file.hasSuffix(".json") {
                let code = String(file.dropLast(5))
                guard code.count >= 2 && code.count <= 8 && code.allSatisfy({ $0.isLetter || $0 == "-" }),
                      let data = FileManager.default.contents(atPath: folder + "/" + file),
                      let texts = try? JSONDecoder().decode([String: String].self, from: data) else { continue }
                result[code] = texts
            }
            return result
        }
        var merged = read(shipped)
        for (code, texts) in read(overrides) { merged[code, default: [:]].merge(texts) { _, own in own } }
        let german = merged[fallback] ?? [:]
        return Translations(languages: merged.mapValues { $0 }.reduce(into: [:]) { result, entry in
            result[entry.key] = Language(code: entry.key, texts: german.merging(entry.value) { _, own in own })
        })
    }

    func language(_ code: String) -> Language? { languages[code] }
}

extension Application {
    private struct TranslationsKey: StorageKey { typealias Value = Translations }

    var translations: Translations {
        get { storage[TranslationsKey.self] ?? Translations(languages: [:]) }
        set { storage[TranslationsKey.self] = newValue }
    }
}
