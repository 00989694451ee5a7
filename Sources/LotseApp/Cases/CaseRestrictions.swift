import Fluent
import Foundation
import LotseCore
import Vapor

/// Restriction of processing (Art. 18 GDPR): on the person's request the case manager restricts a
/// case; until it is lifted the case can be read (and exported for the person) but nothing in it
/// changes and nothing is passed on. Every change and every disclosure of case work asks for the
/// case through `changeableCase`, which refuses with the restriction's reason.
extension CaseDesk {
    func activeRestriction(of caseID: UUID) async throws -> CaseRestriction? {
        try await CaseRestriction.query(on: db).filter(\.$caseFileID == caseID).filter(\.$liftedOn == nil).first()
    }

    /// The case at `id` for a change or a disclosure: refused (409) while its processing is
    /// restricted. The refusal names the restriction's reason only to the case's case manager
    /// (`showingReason`); a coordinator learns that it is restricted, not why.
    func changeableCase(_ id: UUID, showingReason: Bool = true) async throws -> CaseFile {
        let file = try await caseFile(id)
        guard let restriction = try await activeRestriction(of: id) else { return file }
        let reason = showingReason ? (try? await cipher(for: file).open(restriction.sealedReason, CaseRestriction.schema, restriction.id, "reason")) ?? "" : ""
        throw PublicError(status: .conflict, reason: "Die Verarbeitung von Fall \(file.number) ist seit dem \(GermanFormat.germanDay(restriction.restrictedOn)) "
                          + "eingeschränkt (Art. 18 DSGVO)\(reason.isEmpty ? "" : ": \(reason)"). Sie können den Fall lesen, aber nichts ändern "
                          + "und nichts weitergeben, bis die Einschränkung aufgehoben ist.")
    }

    func restrict(reason: String, caseID: UUID) async throws {
        let file = try await caseFile(caseID)
        if try await activeRestriction(of: caseID) != nil {
            throw PublicError(status: .conflict, reason: "Die Verarbeitung dieses Falls ist bereits eingeschränkt.")
        }
        guard file.clientID != nil else {
            throw PublicError(status: .conflict, reason: "Zu diesem Fall ist keine Person erfasst: Es gibt keine personenbezogenen Daten, deren Verarbeitung einzuschränken wäre.")
        }
        var failure = ValidationFailure()
        Check.text(reason, field: "reason", label: "den Anlass der Einschränkung", max: 1000, into: &failure)
        try failure.throwIfAny()
        let restriction = CaseRestriction()
        restriction.id = UUID()
        restriction.districtID = file.districtID
        restriction.caseFileID = caseID
        restriction.sealedReason = try await cipher(for: file).seal(reason, CaseRestriction.schema, restriction.id, "reason")
        restriction.restrictedBy = actorID
        restriction.restrictedOn = today
        try await db.transaction { db in
            try await restriction.create(on: db)
            try await record(.caseRestricted, "case", caseID, on: db)
        }
    }

    /// Art. 18 (3): the person is told before the restriction ends; the form asks for it.
    func liftRestriction(reason: String, personInformed: Bool, caseID: UUID) async throws {
        let file = try await caseFile(caseID)
        guard let restriction = try await activeRestriction(of: caseID) else {
            throw PublicError(status: .conflict, reason: "Die Verarbeitung dieses Falls ist nicht eingeschränkt.")
        }
        var failure = ValidationFailure()
        Check.text(reason, field: "reason", label: "den Grund der Aufhebung", max: 1000, into: &failure)
        if !personInformed {
            failure.add("personInformed", "Bitte bestätigen Sie, dass die Person vor der Aufhebung unterrichtet wurde (Art. 18 Abs. 3 DSGVO).")
        }
        try failure.throwIfAny()
        restriction.sealedLiftReason = try await cipher(for: file).seal(reason, CaseRestriction.schema, restriction.id, "liftReason")
        restriction.liftedBy = actorID
        restriction.liftedOn = today
        try await db.transaction { db in
            try await restriction.save(on: db)
            try await record(.caseRestrictionLifted, "case", caseID, on: db)
        }
    }

    /// The case's restrictions, newest first, opened for its case manager.
    static func restrictionViews(_ rows: [CaseRestriction], cipher: ClientCipher?, names: [UUID: String]) throws -> [CaseDetail.RestrictionView] {
        try rows.sorted { ($0.restrictedOn, $0.liftedOn ?? "9") > ($1.restrictedOn, $1.liftedOn ?? "9") }.map { row in
            CaseDetail.RestrictionView(
                restrictedOn: row.restrictedOn, reason: try cipher?.open(row.sealedReason, CaseRestriction.schema, row.id, "reason") ?? "",
                restrictedBy: names[row.restrictedBy] ?? "", liftedOn: row.liftedOn,
                liftReason: row.sealedLiftReason == nil ? nil : try cipher?.open(row.sealedLiftReason, CaseRestriction.schema, row.id, "liftReason"),
                liftedBy: row.liftedBy.flatMap { names[$0] }, isActive: row.liftedOn == nil)
        }
    }
}
