import Fluent
import Foundation
import LotseCore
import Vapor

/// The office's side of the handovers (issue 16, part 4): the pre-checks handed over to the office
/// the person belongs to, and its feedback. An office never reaches a case, only what was handed
/// over to it; another office's handovers are not there (404). The content opens only while the
/// client's waiver for this office holds and the case is not restricted; every read is audited.
struct HandoverDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let vault: ClientVault
    let audit: AuditContext
    let now: Date
    let actorID: UUID

    var today: String { GermanFormat.isoDay(now) }

    /// One handover as the office sees it; `content` nil when it may not (or can no longer) be read.
    struct Shown: Sendable {
        let handover: OfficeHandover
        let office: ImmigrationOffice
        let municipality: String
        let content: HandoverContent?
        let blockedReason: String?
        let events: [CaseDetail.HandoverView.Event]
    }

    /// The list row: no personal data, so the list itself discloses nothing.
    struct Row: Sendable {
        let handover: OfficeHandover
        let municipality: String
        let readable: Bool
    }

    /// The office of the signed-in person; without one, there is nothing to see.
    func ownOffice() async throws -> ImmigrationOffice {
        guard let office = try await OfficeService.office(of: actorID, on: db), office.districtID == scope.districtID else {
            throw PublicError(status: .notFound, reason: "Sie gehören zu keiner Behörde in Lotse. Die Administration ordnet Sie unter „Behörden“ einer zu.")
        }
        return office
    }

    func list() async throws -> (ImmigrationOffice, [Row]) {
        let office = try await ownOffice()
        let handovers = try await OfficeHandover.query(on: db).filter(\.$officeID == office.requireID())
            .sort(\.$handedOverOn, .descending).all()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        let blocked = try await blockedReasons(handovers, office: office)
        return (office, handovers.map { Row(handover: $0, municipality: towns[$0.municipalityID] ?? "", readable: blocked[$0.id ?? UUID()] == nil) })
    }

    /// Opens one handover of the own office: audited as a read, or as a refused one.
    func shown(_ id: UUID) async throws -> Shown {
        let office = try await ownOffice()
        guard let handover = try await OfficeHandover.query(on: db).filter(\.$id == id).filter(\.$officeID == office.requireID()).first() else {
            throw PublicError.notFound
        }
        let blocked = try await blockedReasons([handover], office: office)[id]
        let file = try await CaseFile.find(handover.caseFileID, on: db)
        let cipher: ClientCipher? = blocked == nil ? try await file?.clientID.asyncMap { try await vault.cipher(for: $0) } : nil
        let content = try cipher?.openJSON(HandoverContent.self, handover.sealedContent, OfficeHandover.schema, handover.id, "content")
        let events = try await OfficeHandoverEvent.query(on: db).filter(\.$handoverID == id).sort(\.$recordedAt).all()
        let eventViews: [CaseDetail.HandoverView.Event] = try cipher.map { try CaseDesk.eventViews(events, cipher: $0) }
            ?? events.map { .init(status: Coded($0.status), happenedOn: $0.happenedOn, note: "") }
        try await audit.record(blocked == nil ? .handoverRead : .handoverReadBlocked, object: (OfficeHandover.schema, handover.id),
                               outcome: blocked == nil ? .allowed : .denied, on: db)
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        return Shown(handover: handover, office: office, municipality: towns[handover.municipalityID] ?? "", content: content,
                     blockedReason: blocked, events: eventViews)
    }

    struct FeedbackInput: Sendable {
        var status: HandoverStatus?
        var happenedOn = ""
        var note = ""
    }

    /// The office reports how the procedure goes; the case manager sees it in the case. Only while
    /// the waiver holds: a withdrawn waiver stops the exchange in both directions.
    func recordFeedback(_ input: FeedbackInput, handoverID: UUID) async throws {
        let office = try await ownOffice()
        guard let handover = try await OfficeHandover.query(on: db).filter(\.$id == handoverID).filter(\.$officeID == office.requireID()).first() else {
            throw PublicError.notFound
        }
        var failure = ValidationFailure()
        if let reason = try await blockedReasons([handover], office: office)[handoverID] { failure.add("status", reason) }
        Check.choice(input.status, field: "status", label: "die Rückmeldung", into: &failure)
        let day = Check.day(input.happenedOn, field: "happenedOn", label: "den Tag der Rückmeldung", into: &failure)
        Check.text(input.note, field: "note", label: "den Hinweis", max: 1000, required: false, into: &failure)
        if let status = input.status, let day,
           let problem = HandoverRules.checkFeedback(current: handover.status, next: status, day: day, handedOverOn: handover.handedOverOn, today: today) {
            switch problem {
            case .dayInFuture, .dayBeforeHandover: failure.add("happenedOn", problem.message)
            case .alreadyFinal, .notFeedback: failure.add("status", problem.message)
            }
        }
        let (status, validDay) = try failure.checked(input.status, day)
        guard let file = try await CaseFile.find(handover.caseFileID, on: db), let clientID = file.clientID else { throw PublicError.notFound }
        let cipher = try await vault.cipher(for: clientID)
        let event = OfficeHandoverEvent()
        event.id = UUID()
        (event.handoverID, event.status, event.happenedOn, event.recordedBy, event.recordedAt) = (handoverID, status, validDay, actorID, now)
        let note = input.note.trimmingCharacters(in: .whitespacesAndNewlines)
        if !note.isEmpty { event.sealedNote = try cipher.seal(note, OfficeHandoverEvent.schema, event.id, "note") }
        // The newest day decides the current status; feedback entered late for an earlier day
        // stays in the history without turning the status back.
        if validDay >= handover.statusOn || status.isFinal { (handover.status, handover.statusOn) = (status, validDay) }
        try await db.transaction { db in
            try await event.create(on: db)
            try await handover.save(on: db)
            try await audit.record(.handoverFeedback, object: (OfficeHandover.schema, handover.id), on: db)
        }
    }

    /// Why each of `handovers` may not be read now, if it may not: the waiver for the office no
    /// longer holds (or the office lost its directory entry), the case is restricted, or gone.
    private func blockedReasons(_ handovers: [OfficeHandover], office: ImmigrationOffice) async throws -> [UUID: String] {
        guard !handovers.isEmpty else { return [:] }
        let caseIDs = Array(Set(handovers.map(\.caseFileID)))
        let files = Dictionary(uniqueKeysWithValues: try await CaseFile.query(on: db).filter(\.$id ~~ caseIDs).all().compactMap { f in f.id.map { ($0, f) } })
        let consents = Dictionary(grouping: try await Consent.query(on: db).filter(\.$caseFileID ~~ caseIDs).all(), by: \.caseFileID)
        let restricted = Set(try await CaseRestriction.query(on: db).filter(\.$caseFileID ~~ caseIDs).filter(\.$liftedOn == nil).all().map(\.caseFileID))
        var reasons: [UUID: String] = [:]
        for handover in handovers {
            guard let id = handover.id else { continue }
            let file = files[handover.caseFileID]
            if file == nil || file?.erasedOn != nil || handover.sealedContent == nil {
                reasons[id] = "Die Daten dieser Übergabe sind gelöscht."
            } else if restricted.contains(handover.caseFileID) {
                reasons[id] = "Die Verarbeitung der Daten ist eingeschränkt (Art. 18 DSGVO). Solange gibt Lotse nichts weiter."
            } else if !CaseDesk.mayDisclose(to: office, CaseDesk.facts(consents[handover.caseFileID] ?? []), on: today) {
                reasons[id] = "Die Schweigepflichtentbindung für „\(office.name)“ gilt nicht mehr (widerrufen oder abgelaufen). "
                    + "Lotse gibt nichts mehr an die Behörde weiter, und Rückmeldungen sind nicht mehr möglich."
            }
        }
        return reasons
    }
}

extension Request {
    func handoverDesk() throws -> HandoverDesk {
        let authorized = try authorize(.receiveHandovers)
        guard let wrapper = lotse.clientKeys else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.")
        }
        return HandoverDesk(scope: authorized.scope, db: db, vault: ClientVault(keys: db(.keyStore), wrapper: wrapper), audit: audit, now: now,
                            actorID: authorized.user.id ?? UUID())
    }
}

extension FormFields {
    var handoverFeedback: HandoverDesk.FeedbackInput {
        HandoverDesk.FeedbackInput(status: choice("status", HandoverStatus.self), happenedOn: text("happenedOn"), note: text("note"))
    }
}
