import Fluent
import Foundation
import LotseCore
import Vapor

/// Handing a pre-check over to the office (issue 16, part 4). Only to the office responsible for
/// the case's municipality and the procedure, only with the client's waiver naming that office's
/// directory entry (the same consent rule as every referral), and only what the pre-check holds
/// with the person's name and birth date: the office sees nothing else of the case.
extension CaseDesk {
    /// The active office of the procedure's kind responsible for the case's municipality.
    func responsibleOffice(for procedure: Procedure, file: CaseFile) async throws -> ImmigrationOffice? {
        let offices = try await OfficeService.offices(districtID: scope.districtID, on: db).filter(\.isActive)
        let found = OfficeJurisdiction.responsible(for: file.municipalityID, kind: procedure.officeKind, among: offices.map(\.jurisdiction))
        return offices.first { $0.id == found?.id }
    }

    /// Hands `preCheckID` over as it stands now. Handing the same pre-check over again while the
    /// office's procedure is open replaces what the office sees with the current state.
    @discardableResult
    func handOver(preCheckID: UUID, caseID: UUID) async throws -> OfficeHandover {
        let (file, cipher) = try await openCaseForWork(caseID)
        guard let check = try await preCheckViews(caseID, cipher: cipher, only: preCheckID).first else { throw PublicError.notFound }
        var failure = ValidationFailure()
        let procedure = Procedure(rawValue: check.procedure.code) ?? .other
        guard let office = try await responsibleOffice(for: procedure, file: file) else {
            failure.add("office", "Für die Kommune dieses Falls ist in Lotse keine \(procedure.officeKind.germanName) hinterlegt. "
                        + "Die Administration legt die Zuständigkeit unter „Behörden“ fest.")
            throw failure
        }
        guard let providerID = office.providerID else {
            failure.add("office", "„\(office.name)“ ist noch nicht mit ihrem Eintrag im Angebotsverzeichnis verknüpft; ohne ihn kann keine "
                        + "Schweigepflichtentbindung sie nennen. Die Administration kann das unter „Behörden“ nachholen.")
            throw failure
        }
        let consentID = try await requireDisclosure(file, to: providerID, field: "office")
        guard let client = try await Client.find(file.clientID, on: db) else { throw PublicError.notFound }
        let person = try await identity(of: client)
        let officeID = try office.requireID()
        let open = try await OfficeHandover.query(on: db).filter(\.$preCheckID == preCheckID).filter(\.$officeID == officeID).all()
            .first { !$0.status.isFinal }
        let handover = open ?? OfficeHandover()
        if open == nil {
            handover.id = UUID()
            (handover.districtID, handover.municipalityID, handover.caseFileID) = (file.districtID, file.municipalityID, caseID)
            (handover.preCheckID, handover.officeID, handover.procedure) = (preCheckID, officeID, procedure)
            (handover.status, handover.statusOn, handover.handedOverOn, handover.handedOverBy) = (.handedOver, today, today, actorID)
        }
        handover.consentID = consentID
        let content = HandoverContent(
            givenNames: person.givenNames, familyName: person.familyName, birthDate: person.birthDate, checklist: check.checklist, version: check.version,
            items: check.items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource,
                                           status: PreCheckStatus(rawValue: $0.status.code) ?? .unknown, note: $0.note, reviewOn: $0.reviewOn) })
        handover.sealedContent = try cipher.sealJSON(content, OfficeHandover.schema, handover.id, "content")
        let event = OfficeHandoverEvent()
        event.id = UUID()
        (event.handoverID, event.status, event.happenedOn, event.recordedBy, event.recordedAt) = (try handover.requireID(), .handedOver, today, actorID, now)
        if open != nil { event.sealedNote = try cipher.seal("Aktueller Stand der Vorprüfung erneut übergeben.", OfficeHandoverEvent.schema, event.id, "note") }
        try await db.transaction { db in
            try await handover.save(on: db)
            try await event.create(on: db)
            try await record(.handoverCreated, OfficeHandover.schema, handover.id, on: db)
        }
        return handover
    }

    /// The case's handovers with the offices' feedback, newest first, for its case manager.
    func handoverViews(_ caseID: UUID, cipher: ClientCipher?, consents: [ConsentFact]) async throws -> [CaseDetail.HandoverView] {
        guard let cipher else { return [] }
        let handovers = try await OfficeHandover.query(on: db).filter(\.$caseFileID == caseID).sort(\.$handedOverOn, .descending).all()
        guard !handovers.isEmpty else { return [] }
        let offices = Dictionary(uniqueKeysWithValues: try await OfficeService.offices(districtID: scope.districtID, on: db).compactMap { o in o.id.map { ($0, o) } })
        let events = Dictionary(grouping: try await OfficeHandoverEvent.query(on: db).filter(\.$handoverID ~~ handovers.compactMap(\.id))
            .sort(\.$recordedAt).all(), by: \.handoverID)
        return try handovers.map { handover in
            let office = offices[handover.officeID]
            return CaseDetail.HandoverView(
                id: try handover.requireID(), preCheckId: handover.preCheckID, officeId: handover.officeID, office: office?.name ?? "",
                procedure: Coded(handover.procedure), handedOverOn: handover.handedOverOn, status: Coded(handover.status), statusOn: handover.statusOn,
                disclosureStopped: !Self.mayDisclose(to: office, consents, on: today),
                events: try Self.eventViews(events[try handover.requireID()] ?? [], cipher: cipher))
        }
    }

    /// Does the client's waiver for `office` hold today (with the case-management consent)?
    static func mayDisclose(to office: ImmigrationOffice?, _ consents: [ConsentFact], on day: String) -> Bool {
        guard let office, let providerID = office.providerID else { return false }
        return ConsentRules.disclosure(to: providerID, named: office.name, consents, on: day) == .allowed
    }

    static func eventViews(_ events: [OfficeHandoverEvent], cipher: ClientCipher) throws -> [CaseDetail.HandoverView.Event] {
        try events.map { event in
            .init(status: Coded(event.status), happenedOn: event.happenedOn,
                  note: try cipher.open(event.sealedNote, OfficeHandoverEvent.schema, event.id, "note"))
        }
    }
}

extension CaseDesk {
    /// What the handover page says before anything is passed on: to whom, and whether the waiver
    /// holds, so that the case manager sees a block before pressing the button.
    func handoverPreview(_ check: CaseDetail.PreCheckView, file: CaseFile) async throws -> [String] {
        let procedure = Procedure(rawValue: check.procedure.code) ?? .other
        guard let office = try await responsibleOffice(for: procedure, file: file) else {
            return ["Für die Kommune dieses Falls ist in Lotse keine \(procedure.officeKind.germanName) hinterlegt; eine Übergabe ist noch nicht möglich."]
        }
        var lines = ["Übergeben wird an „\(office.name)“, als \(procedure.officeKind.germanName) zuständig für die Kommune dieses Falls. "
                     + "Übergeben Sie nur, wenn die Person es wünscht."]
        let facts = Self.facts(try await consents(of: file))
        if let providerID = office.providerID, case .blocked(let block) = ConsentRules.disclosure(to: providerID, named: office.name, facts, on: today) {
            lines.append("Achtung: " + block.message)
        } else if office.providerID == nil {
            lines.append("Achtung: Die Behörde ist noch nicht mit ihrem Eintrag im Angebotsverzeichnis verknüpft; die Administration kann das nachholen.")
        } else {
            lines.append("Eine gültige Schweigepflichtentbindung für diese Behörde liegt vor.")
        }
        lines.append("Die Behörde sieht nur, was unten steht, nichts sonst aus dem Fall; jeder Zugriff wird protokolliert. "
                     + "Widerruft die Person die Schweigepflichtentbindung, sieht die Behörde den Inhalt ab sofort nicht mehr.")
        return lines
    }
}
