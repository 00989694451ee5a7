/// The roles of DESIGN.md §1. The raw values are the code names used in the database and the API.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case caseManager
    case coordinator
    case immigrationOffice
    case steeringMember
    case admin
    case dataProtection

    /// The name the users know the role by (UI is German).
    public var germanName: String {
        switch self {
        case .caseManager: "Case Management"
        case .coordinator: "Koordinierende Stelle"
        case .immigrationOffice: "Ausländer- und Einbürgerungsbehörde"
        case .steeringMember: "Mitglied der Lenkungsgruppe"
        case .admin: "Fachadministration"
        case .dataProtection: "Datenschutzbeauftragte*r"
        }
    }

    /// Whether the role is normally restricted to some municipalities. Only case management works
    /// locally (DESIGN.md §1); the others act for the whole district. Any role may still be narrowed.
    public var isUsuallyLocal: Bool { self == .caseManager }
}
