import Crypto
import Foundation

/// What makes a password acceptable (issue "Lotse runs": at least 12 characters, not a common one).
public enum PasswordRules {
    public static let minimumLength = 12

    public enum Problem: Equatable, Sendable {
        case tooShort
        case common
        case containsUsername
        case tooLong

        /// The message shown at the field, in German.
        public var message: String {
            switch self {
            case .tooShort: "Das Passwort muss mindestens \(PasswordRules.minimumLength) Zeichen lang sein."
            case .common: "Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes."
            case .containsUsername: "Das Passwort darf Ihren Benutzernamen nicht enthalten."
            case .tooLong: "Das Passwort darf höchstens 256 Zeichen lang sein."
            }
        }
    }

    /// The first problem with `password`, or nil when it may be used.
    public static func problem(with password: String, username: String) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.count > 256 { return .tooLong }
        let folded = password.lowercased()
        if CommonPasswords.contains(folded) { return .common }
        let name = username.lowercased()
        if name.count >= 3 && folded.contains(name) { return .containsUsername }
        return nil
    }

    /// Checks a new password and its repetition as typed into a form. Returns the field to
    /// mark and the German message, or nil when the choice is fine. Whether it equals the old
    /// password is for the caller to check (only it knows the old one).
    public static func choiceProblem(password: String, repeated: String?, username: String) -> (field: String, message: String)? {
        if let problem = problem(with: password, username: username) { return ("password", problem.message) }
        if password != repeated { return ("passwordRepeat", "Die beiden Passwörter stimmen nicht überein.") }
        return nil
    }

    /// What bcrypt is given instead of the password itself. Bcrypt reads only the first 72 bytes, so
    /// two long passwords sharing those bytes would both verify; hashing first with SHA-256 makes
    /// every byte count, and base64 keeps the input free of NUL bytes bcrypt would stop at.
    public static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}
