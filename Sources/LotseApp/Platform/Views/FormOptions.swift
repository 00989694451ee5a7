import Foundation

/// One choice of a select list or radio group, ready for the template.
struct FormOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}

extension FormFields {
    /// A UUID field: nil when left empty; a validation error when it is not a valid id.
    func optionalID(_ name: String, into failure: inout ValidationFailure, message: String) -> UUID? {
        let value = text(name)
        guard !value.isEmpty else { return nil }
        guard let id = UUID(uuidString: value) else {
            failure.add(name, message)
            return nil
        }
        return id
    }

    /// The status radio group of the edit forms: "active" unless "inactive" was chosen.
    var isActiveChoice: Bool { text("status") != "inactive" }
}

extension FormOption {
    /// The choices of the status radio group (`organisation/status-field`).
    static func statuses(isActive: Bool) -> [FormOption] {
        [FormOption(value: "active", label: "aktiv", selected: isActive), FormOption(value: "inactive", label: "deaktiviert", selected: !isActive)]
    }
}
