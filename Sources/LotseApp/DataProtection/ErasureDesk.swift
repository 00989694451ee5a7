import Fluent
import Foundation
import LotseCore
import Vapor

/// Erasure on request (issue 15, part 4; Art. 17 GDPR). The case manager asks, with a reason that
/// names nobody; the data-protection officer (a second person, never who asked) approves, and then
/// every case of the person is anonymised at once, as the retention run would do
/// (`CaseAnonymiser`): the person and their key are gone, the figures stay.
extension CaseDesk {
    func requestErasure(reason: String, caseID: UUID, people: KnownPeople) async throws {
        let file = try await caseFile(caseID)
        var failure = ValidationFailure()
        let cases = try await ErasureDesk.casesOfThePerson(file, client: file.clientID, on: db)
        let open = cases.filter { $0.phase != .closed }
        if !open.isEmpty {
            failure.add("reason", open.count == 1 && open[0].id == file.id
                ? "Löschen lässt sich eine Person erst, wenn ihr Fall abgeschlossen ist. Bitte schließen Sie den Fall zuerst ab."
                : "Die Person hat noch \(open.count) offene \(open.count == 1 ? "Fall" : "Fälle"). Löschen lässt sie sich erst, wenn alle abgeschlossen sind.")
        } else if try await ErasureDesk.pendingRequest(for: file, on: db) != nil {
            failure.add("reason", "Für diese Person wartet schon ein Löschantrag auf den Datenschutz.")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.text(text, field: "reason", label: "den Anlass", max: 500, into: &failure)
        if !text.isEmpty {
            try await people.refuse([("reason", text)], naming: try await people.behind(cases: [caseID]), object: (CaseFile.schema, caseID),
                                    into: &failure, message: "Der Anlass nennt den Namen oder das Geburtsdatum der Person. Bitte beschreiben "
                                        + "Sie ihn ohne Personenbezug (z. B. „Antrag der Person vom 03.11.2026“).")
        }
        try failure.throwIfAny()
        let request = ErasureRequest()
        (request.districtID, request.municipalityID, request.caseFileID, request.clientID) = (file.districtID, file.municipalityID, caseID, file.clientID)
        (request.reason, request.requestedBy, request.requestedOn, request.status) = (text, actorID, today, .pending)
        try await db.transaction { db in
            try await request.create(on: db)
            try await record(.erasureRequested, CaseFile.schema, caseID, on: db)
        }
    }
}

struct ErasureDesk: Sendable {
    let districtID: UUID
    let db: any Database
    let vault: ClientVault
    let audit: AuditContext
    let now: Date
    let actorID: UUID
    let ledger: ErasureLedger

    var today: String { GermanFormat.isoDay(now) }

    /// The person's cases not yet anonymised: every case of the client, or the case alone without one.
    static func casesOfThePerson(_ file: CaseFile, client: UUID?, on db: any Database) async throws -> [CaseFile] {
        guard let client else { return file.erasedOn == nil ? [file] : [] }
        return try await CaseFile.query(on: db).filter(\.$clientID == client).filter(\.$erasedOn == nil).all()
    }

    static func pendingRequest(for file: CaseFile, on db: any Database) async throws -> ErasureRequest? {
        let pending = ErasureRequest.query(on: db).filter(\.$status == .pending)
        if let client = file.clientID { return try await pending.filter(\.$clientID == client).first() }
        return try await pending.filter(\.$caseFileID == file.requireID()).first()
    }

    func request(_ id: UUID) async throws -> ErasureRequest {
        guard let request = try await ErasureRequest.query(on: db).filter(\.$id == id).filter(\.$districtID == districtID).first() else {
            throw PublicError.notFound
        }
        return request
    }

    /// The pending requests, oldest first, and the last fifty decided.
    func requests() async throws -> (pending: [ErasureRequest], decided: [ErasureRequest]) {
        let all = ErasureRequest.query(on: db).filter(\.$districtID == districtID)
        let pending = try await all.filter(\.$status == .pending).sort(\.$requestedOn).all()
        let decided = try await ErasureRequest.query(on: db).filter(\.$districtID == districtID).filter(\.$status != .pending)
            .sort(\.$decidedOn, .descending).limit(50).all()
        return (pending, decided)
    }

    /// The second pair of eyes: anonymises every case of the person now. Refused for whoever asked,
    /// for a request already decided, and while a case of the person is open or held back.
    @discardableResult
    func approve(_ id: UUID) async throws -> ErasureRequest {
        let request = try await request(id)
        guard request.status == .pending else { throw Self.refusal("Über diesen Antrag ist schon entschieden.") }
        guard request.requestedBy != actorID else {
            throw Self.refusal("Eine zweite Person muss die Löschung bestätigen: Sie haben sie selbst beantragt.")
        }
        guard let file = try await CaseFile.find(request.caseFileID, on: db) else { throw PublicError.notFound }
        // The request's case may have been anonymised by the retention run since: the client recorded
        // with the request still names the person's other cases.
        let cases = try await Self.casesOfThePerson(file, client: file.clientID ?? request.clientID, on: db)
        if cases.contains(where: { $0.phase != .closed }) {
            throw Self.refusal("Ein Fall der Person ist wieder offen. Erst wenn alle abgeschlossen sind, lässt sich die Person löschen.")
        }
        let held = try await RetentionHold.query(on: db).filter(\.$caseFileID ~~ cases.compactMap(\.id)).all()
        if !held.isEmpty {
            throw Self.refusal("Ein Fall der Person wird zurückgehalten (Löschfristen: \(held.map(\.reason).joined(separator: "; "))). "
                               + "Heben Sie die Zurückhaltung auf oder lehnen Sie den Antrag mit diesem Grund ab.")
        }
        // Written down outside the database first: a restored older backup cannot bring the person back.
        try ledger.record(.init(requestID: try request.requireID(), districtID: districtID, caseIDs: cases.compactMap(\.id), approvedOn: today))
        let outcome = try await CaseAnonymiser(db: db, vault: vault, audit: audit, today: today).anonymise(cases)
        request.status = .approved
        (request.decidedBy, request.decidedOn, request.casesAnonymised) = (actorID, today, outcome.cases)
        try await db.transaction { db in
            try await request.save(on: db)
            try await audit.record(.erasureApproved, object: (ErasureRequest.schema, request.id), on: db)
        }
        return request
    }

    @discardableResult
    func reject(_ id: UUID, reason: String) async throws -> ErasureRequest {
        let request = try await request(id)
        guard request.status == .pending else { throw Self.refusal("Über diesen Antrag ist schon entschieden.") }
        var failure = ValidationFailure()
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.text(text, field: "reason", label: "den Grund der Ablehnung", max: 500, into: &failure)
        try failure.throwIfAny()
        request.status = .rejected
        (request.decidedBy, request.decidedOn, request.decisionReason) = (actorID, today, text)
        try await db.transaction { db in
            try await request.save(on: db)
            try await audit.record(.erasureRejected, object: (ErasureRequest.schema, request.id), on: db)
        }
        return request
    }

    static func refusal(_ reason: String) -> PublicError { PublicError(status: .unprocessableEntity, reason: reason) }
}

extension Request {
    func erasureDesk() throws -> ErasureDesk {
        let authorized = try authorize(.decideErasure)
        guard let wrapper = lotse.clientKeys else { throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.") }
        return ErasureDesk(districtID: authorized.scope.districtID, db: db, vault: ClientVault(keys: db(.keyStore), wrapper: wrapper), audit: audit,
                           now: now, actorID: authorized.user.id ?? UUID(), ledger: ErasureLedger(configuration: lotse.configuration))
    }
}
