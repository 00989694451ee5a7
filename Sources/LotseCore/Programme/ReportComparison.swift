import Foundation

/// What writing a report again from the data would do to the text the coordination has edited:
/// section by section (a section runs from one heading to the next), whether it stays, is
/// replaced, is lost (it exists only in the edited text) or is new. Shown before anything is
/// overwritten, so nobody loses an afternoon's writing to one click.
public enum ReportComparison {
    public enum Change: String, Sendable, Equatable {
        case unchanged, replaced, lost, added

        public var germanName: String {
            switch self {
            case .unchanged: "bleibt gleich"
            case .replaced: "wird durch die neuen Zahlen und Texte ersetzt"
            case .lost: "entfällt (steht nur in Ihrem Text)"
            case .added: "kommt neu hinzu"
            }
        }
    }

    public struct Section: Sendable, Equatable {
        public let heading: String
        public let change: Change
    }

    /// The sections of `current` in their order, then the sections only `fresh` has.
    public static func compare(current: String, fresh: String) -> [Section] {
        let old = sections(of: current)
        let new = sections(of: fresh)
        let newByHeading = Dictionary(new.map { ($0.heading, $0.body) }, uniquingKeysWith: { first, _ in first })
        let oldHeadings = Set(old.map(\.heading))
        let kept = old.map { section -> Section in
            guard let body = newByHeading[section.heading] else { return Section(heading: section.heading, change: .lost) }
            return Section(heading: section.heading, change: body == section.body ? .unchanged : .replaced)
        }
        return kept + new.filter { !oldHeadings.contains($0.heading) }.map { Section(heading: $0.heading, change: .added) }
    }

    /// Whether writing again changes anything at all.
    public static func changesAnything(current: String, fresh: String) -> Bool {
        compare(current: current, fresh: fresh).contains { $0.change != .unchanged }
    }

    /// Text before the first heading is the section "Einleitung"; bodies are compared without
    /// differences in blank lines or trailing spaces.
    static func sections(of text: String) -> [(heading: String, body: String)] {
        var result: [(heading: String, body: String)] = []
        var heading = "Einleitung"
        var body: [String] = []
        func close() {
            let normalised = body.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
            if !normalised.isEmpty || heading != "Einleitung" { result.append((heading, normalised)) }
            body = []
        }
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let level = ReportDocument.headingLevel(trimmed) {
                close()
                heading = String(trimmed.dropFirst(level + 1))
            } else {
                body.append(line)
            }
        }
        close()
        return result
    }
}
