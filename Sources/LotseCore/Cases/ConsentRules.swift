import Foundation

/// What the consent rules need to know of one recorded consent (DESIGN.md §4.2).
public struct ConsentFact: Sendable, Equatable {
    public let kind: ConsentKind
    public let status: ConsentStatus
    /// For disclosure consents: the organisation the client released from confidentiality.
    public let recipientID: UUID?
    /// Calendar days as YYYY-MM-DD; nil: open-ended.
    public let validFrom: String?
    public let validUntil: String?

    public init(kind: ConsentKind, status: ConsentStatus, recipientID: UUID? = nil, validFrom: String? = nil, validUntil: String? = nil) {
        self.kind = kind
        self.status = status
        self.recipientID = recipientID
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    func isValid(on day: String) -> Bool {
        guard status == .given else { return false }
        if let validFrom, day < validFrom { return false }
        if let validUntil, day > validUntil { return false }
        return true
    }
}

/// The answer of the disclosure rule: allowed, naming the consent, or blocked with the reason.
public enum DisclosureDecision: Sendable, Equatable {
    case allowed
    case blocked(DisclosureBlock)
}

public enum DisclosureBlock: Sendable, Equatable {
    case noCaseManagementConsent
    case noDisclosureConsent(recipient: String)
    case withdrawn(recipient: String)
    case expired(recipient: String)
    case notYetValid(recipient: String)

    public var message: String {
        switch self {
        case .noCaseManagementConsent:
            "Es liegt keine erteilte Einverständniserklärung zum Case Management vor. Ohne sie dürfen keine Daten weitergegeben werden."
        case .noDisclosureConsent(let recipient):
            "Für „\(recipient)“ liegt keine Schweigepflichtentbindung vor. Bitte erfassen Sie zuerst eine Schweigepflichtentbindung für diese Stelle."
        case .withdrawn(let recipient):
            "Die Schweigepflichtentbindung für „\(recipient)“ wurde widerrufen. Es dürfen keine Daten mehr an diese Stelle gehen."
        case .expired(let recipient):
            "Die Schweigepflichtentbindung für „\(recipient)“ ist abgelaufen. Bitte lassen Sie eine neue unterschreiben."
        case .notYetValid(let recipient):
            "Die Schweigepflichtentbindung für „\(recipient)“ gilt erst ab einem späteren Tag."
        }
    }
}

/// No processing without consent; no disclosure without a consent naming the recipient.
public enum ConsentRules {
    /// Is this one consent in force on `day` (given, and inside its validity)?
    public static func isValid(_ fact: ConsentFact, on day: String) -> Bool { fact.isValid(on: day) }

    /// Is case management consented to on `day`? A withdrawal marks the consent itself, so it ends
    /// at once; a new signature is a new consent.
    public static func hasCaseManagementConsent(_ consents: [ConsentFact], on day: String) -> Bool {
        consents.contains { $0.kind == .caseManagement && $0.isValid(on: day) }
    }

    /// May data go to `recipientID` on `day`? Needs the case-management consent and a valid
    /// disclosure consent for exactly that organisation.
    public static func disclosure(to recipientID: UUID, named recipient: String, _ consents: [ConsentFact], on day: String) -> DisclosureDecision {
        guard hasCaseManagementConsent(consents, on: day) else { return .blocked(.noCaseManagementConsent) }
        let forRecipient = consents.filter { $0.kind == .disclosure && $0.recipientID == recipientID }
        if forRecipient.contains(where: { $0.isValid(on: day) }) { return .allowed }
        if forRecipient.contains(where: { $0.status == .withdrawn }) { return .blocked(.withdrawn(recipient: recipient)) }
        let given = forRecipient.filter { $0.status == .given }
        if given.contains(where: { ($0.validUntil ?? "9999") < day }) { return .blocked(.expired(recipient: recipient)) }
        if !given.isEmpty { return .blocked(.notYetValid(recipient: recipient)) }
        return .blocked(.noDisclosureConsent(recipient: recipient))
    }
}
