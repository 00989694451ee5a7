/// Rectification (Art. 16 GDPR): a correction of a person's data keeps what it replaced, so the
/// case manager (and the person, in an access export) can see what was corrected and when.
public struct FieldChange: Codable, Sendable, Equatable {
    /// The field's German label, as the form shows it.
    public let field: String
    public let before: String
    public let after: String

    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }
}

public enum Rectification {
    /// The fields whose value differs between `before` and `after`, in the order of `before`.
    /// Both list the same labelled fields; a field only in one of them counts as empty in the other.
    public static func changes(before: [(label: String, value: String)], after: [(label: String, value: String)]) -> [FieldChange] {
        let now = Dictionary(after.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        var changes: [FieldChange] = []
        for (label, old) in before where seen.insert(label).inserted {
            let new = now[label] ?? ""
            if old != new { changes.append(FieldChange(field: label, before: old, after: new)) }
        }
        for (label, new) in after where seen.insert(label).inserted && !new.isEmpty {
            changes.append(FieldChange(field: label, before: "", after: new))
        }
        return changes
    }
}
