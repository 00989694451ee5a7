/// The roles of DESIGN.md §1. The raw values are the code names used in the database and the API.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case caseManager
    case coordinator
    case immigrationOffice
    case steeringMember
    case admin
    case dataProtection
    /// The second person the district names, besides the data-protection officer, to approve
    /// erasures on request (issue 15): it sees the requests by case number and decides them, nothing else.
    case erasureApprover

    /// The name the users know the role by (UI is German).
    public var germanName: String {
        switch self {
        case .caseManager: "Case Management"
        case .coordinator: "Koordinierende Stelle"
        case .immigrationOffice: "Ausländer- und Einbürgerungsbehörde"
        case .steeringMember: "Mitglied der Lenkungsgruppe"
        case .admin: "Fachadministration"
        case .dataProtection: "Datenschutzbeauftragte*r"
        case .erasureApprover: "Zweitprüfung von Löschanträgen"
        }
    }

    /// Whether the role is normally restricted to some municipalities. Only case management works
    /// locally (DESIGN.md §1); the others act for the whole district. Any role may still be narrowed.
    public var isUsuallyLocal: Bool { self == .caseManager }
}
