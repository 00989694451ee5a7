import Fluent
import Foundation
import LotseCore
import Vapor

/// Consent first (DESIGN.md §4.2): the Einverständniserklärung, and a Schweigepflichtentbindung
/// per recipient organisation before anything passes to it.
extension CaseDesk {
    struct ConsentInput: Sendable {
        var kind: ConsentKind = .caseManagement
        var status: ConsentStatus?
        var method: ConsentMethod?
        var givenOn = ""
        var recipientProviderID: UUID?
        var purpose = ""
        var validFrom = ""
        var validUntil = ""
    }

    func consents(of file: CaseFile) async throws -> [Consent] {
        try await Consent.query(on: db).filter(\.$caseFileID == file.requireID()).sort(\.$createdAt).all()
    }

    static func facts(_ consents: [Consent]) -> [ConsentFact] {
        consents.compactMap { consent in
            let (kind, status) = (consent.kind, consent.status)
            return ConsentFact(kind: kind, status: status, recipientID: consent.recipientProviderID,
                               validFrom: consent.validFrom, validUntil: consent.validUntil)
        }
    }

    func hasCaseManagementConsent(_ file: CaseFile) async throws -> Bool {
        ConsentRules.hasCaseManagementConsent(Self.facts(try await consents(of: file)), on: today)
    }

    func recordConsent(_ input: ConsentInput, caseID: UUID) async throws -> Consent {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        var recipient: Provider?
        if input.kind == .disclosure {
            if file.clientID == nil {
                failure.add("recipientProviderId", "Eine Schweigepflichtentbindung setzt voraus, dass die Person als Klient*in erfasst ist.")
            }
            if let id = input.recipientProviderID {
                recipient = try await Provider.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first()
            }
            if recipient == nil { failure.add("recipientProviderId", "Bitte wählen Sie die Stelle, an die Daten gehen dürfen.") }
            Check.text(input.purpose, field: "purpose", label: "den Zweck", max: 500, into: &failure)
        }
        Check.choice(input.status, field: "status", label: "ob die Erklärung erteilt oder verweigert wurde", into: &failure)
        if input.status == .withdrawn { failure.add("status", "Ein Widerruf wird bei der bestehenden Erklärung erfasst.") }
        Check.choice(input.method, field: "method", label: "wie die Erklärung abgegeben wurde", into: &failure)
        let given = Check.day(input.givenOn, field: "givenOn", label: "das Datum der Erklärung", into: &failure)
        let from = Check.day(input.validFrom, field: "validFrom", label: "den Beginn der Gültigkeit", required: false, into: &failure)
        let until = Check.day(input.validUntil, field: "validUntil", label: "das Ende der Gültigkeit", required: false, into: &failure)
        if let from, let until, until < from { failure.add("validUntil", "Das Ende der Gültigkeit liegt vor ihrem Beginn.") }
        if let given, given > today { failure.add("givenOn", "Das Datum der Erklärung liegt in der Zukunft.") }
        let (validStatus, validMethod, validGiven) = try failure.checked(input.status, input.method, given)
        let consent = Consent()
        consent.id = UUID()
        consent.districtID = scope.districtID
        consent.caseFileID = try file.requireID()
        consent.kind = input.kind
        consent.status = validStatus
        consent.method = validMethod
        consent.givenOn = validGiven
        consent.recipientProviderID = recipient?.id
        consent.validFrom = from
        consent.validUntil = until
        consent.recordedBy = actorID
        if input.kind == .disclosure {
            consent.sealedPurpose = try await cipher(for: file).seal(input.purpose, Consent.schema, consent.id, "purpose")
        }
        try await db.transaction { db in
            try await consent.create(on: db)
            try await record(.consentRecorded, "consent", consent.id, on: db)
        }
        // An intake that ended in "case management" was waiting only for this consent.
        if input.kind == .caseManagement { try await followIntake(file) }
        return consent
    }

    func consent(_ id: UUID, caseID: UUID) async throws -> (CaseFile, Consent) {
        let file = try await caseFile(caseID)
        guard let consent = try await Consent.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        return (file, consent)
    }

    /// A withdrawal takes effect at once: from now on the rules see no valid consent.
    func withdraw(consentID: UUID, caseID: UUID) async throws {
        let (_, consent) = try await consent(consentID, caseID: caseID)
        guard consent.status == .given else {
            throw PublicError(status: .conflict, reason: "Nur eine erteilte Erklärung kann widerrufen werden.")
        }
        consent.status = .withdrawn
        consent.withdrawnOn = today
        try await db.transaction { db in
            try await consent.save(on: db)
            try await record(.consentWithdrawn, "consent", consent.id, on: db)
        }
    }

    /// May data of this case go to `providerID` today? Records a refusal in the audit trail.
    /// Returns the consent relied on.
    /// Whether data may go to the organisation today (a waiver given and valid), without recording a refusal.
    func disclosureAllowed(_ file: CaseFile, to providerID: UUID) async throws -> Bool {
        guard let provider = try await Provider.query(on: db).filter(\.$id == providerID).filter(\.$districtID == scope.districtID).first() else { return false }
        if case .allowed = ConsentRules.disclosure(to: providerID, named: provider.name, Self.facts(try await consents(of: file)), on: today) { return true }
        return false
    }

    func requireDisclosure(_ file: CaseFile, to providerID: UUID, field: String) async throws -> UUID {
        let consents = try await consents(of: file)
        let provider = try await Provider.query(on: db).filter(\.$id == providerID).filter(\.$districtID == scope.districtID).first()
        guard let provider else {
            var failure = ValidationFailure()
            failure.add(field, "Bitte wählen Sie eine Stelle aus dem Angebotsverzeichnis.")
            throw failure
        }
        switch ConsentRules.disclosure(to: providerID, named: provider.name, Self.facts(consents), on: today) {
        case .allowed:
            let relied = consents.last { consent in
                consent.kind == .disclosure && consent.recipientProviderID == providerID
                    && consent.status == .given
                    && (consent.validFrom ?? "") <= today && (consent.validUntil ?? "9999") >= today
            }
            return relied?.id ?? UUID()
        case .blocked(let block):
            try await record(.disclosureBlocked, "case", file.id, outcome: .denied)
            var failure = ValidationFailure()
            failure.add(field, block.message)
            throw failure
        }
    }
}
