import Fluent
import Foundation
import LotseCore
import Vapor

/// Rectification (Art. 16 GDPR): every change of a person's data keeps what it replaced, dated and
/// signed, sealed with the person's key. The case page and the access export show the history.
extension ClientIdentity {
    /// The fields as the form labels them, with values as the page shows them.
    var labelledFields: [(label: String, value: String)] {
        [("Vornamen", givenNames), ("Familienname", familyName), ("Geburtsdatum", GermanFormat.germanDay(birthDate)),
         ("Geschlecht", Gender(rawValue: gender)?.germanName ?? gender),
         ("Staatsangehörigkeiten", nationalities.joined(separator: ", ")), ("Sprachen", languages.joined(separator: ", ")),
         ("Sprachmittlung nötig", interpreterNeeded ? "ja" : "nein"), ("Telefon", phone), ("E-Mail", email),
         ("Anschrift", address), ("Aufenthaltsstatus", residenceStatus)]
    }
}

extension CaseDesk {
    /// The correction from `before` to `after`, or nil when nothing changed. Saved by the caller in
    /// the transaction that saves the new identity.
    func correction(from before: ClientIdentity, to after: ClientIdentity, clientID: UUID, caseID: UUID, cipher: ClientCipher) throws -> ClientCorrection? {
        let changes = Rectification.changes(before: before.labelledFields, after: after.labelledFields)
        guard !changes.isEmpty else { return nil }
        let correction = ClientCorrection()
        correction.id = UUID()
        correction.districtID = scope.districtID
        correction.clientID = clientID
        correction.caseFileID = caseID
        correction.correctedBy = actorID
        correction.correctedAt = now
        correction.sealedChanges = try cipher.sealJSON(changes, ClientCorrection.schema, correction.id, "changes")
        return correction
    }

    /// The person's corrections, newest first.
    static func correctionViews(_ rows: [ClientCorrection], cipher: ClientCipher?, names: [UUID: String]) throws -> [CaseDetail.CorrectionView] {
        guard let cipher else { return [] }
        return try rows.sorted { $0.correctedAt > $1.correctedAt }.map { row in
            CaseDetail.CorrectionView(correctedOn: GermanFormat.isoDay(row.correctedAt), correctedBy: names[row.correctedBy] ?? "",
                                      changes: try cipher.openJSON([FieldChange].self, row.sealedChanges, ClientCorrection.schema, row.id, "changes") ?? [])
        }
    }

    /// Display names of the district's users, for "who recorded it" in a case's history.
    func userNames(_ ids: some Sequence<UUID>) async throws -> [UUID: String] {
        try await StaffDirectory.names(ids, districtID: scope.districtID, on: db)
    }
}
