/// What a username may look like: short, lowercase, typeable on every keyboard, safe in logs
/// and URLs (a username is never personal data beyond the account itself).
public enum UsernameRules {
    static let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")

    public static let message = "Der Benutzername darf nur Kleinbuchstaben (a–z), Ziffern, Punkt, Binde- und Unterstrich enthalten und muss 3 bis 64 Zeichen lang sein."

    public static func isValid(_ username: String) -> Bool {
        (3...64).contains(username.count) && username.allSatisfy { allowed.contains($0) }
    }
}
