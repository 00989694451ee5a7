import Fluent
import Foundation
import LotseCore
import Vapor

/// Retention of one district (issue 15, part 1): which closed cases are due or soon due, the legal
/// holds of the data-protection officer, and the run that anonymises what is due. The list names
/// cases by number, municipality and dates only, as the coordination sees them: no content.
struct RetentionDesk: Sendable {
    /// The officer's scope, or the operator's for the nightly run and `lotse retention run`.
    let scope: AccessScope
    let db: any Database
    let vault: ClientVault
    let audit: AuditContext
    let now: Date

    var today: String { GermanFormat.isoDay(now) }
    var districtID: UUID { scope.districtID }

    /// A closed case that is due by the end of the preview, or held.
    struct Candidate: Sendable {
        let file: CaseFile
        let dueOn: String
        /// Closed in the intake phase: kept for the shorter period.
        let firstContact: Bool
        let hold: RetentionHold?
        /// Restricted by its case manager (Art. 18 GDPR): kept like a held case while it lasts.
        var restrictedSince: String? = nil

        var isHeld: Bool { hold != nil || restrictedSince != nil }
    }

    struct Overview: Sendable {
        let periods: RetentionPeriods
        /// Due today or earlier and not held: the next run anonymises them.
        let due: [Candidate]
        /// Due within `RetentionRule.previewDays`, not held.
        let upcoming: [Candidate]
        let held: [Candidate]
        let runs: [RetentionRun]
        let previewEnd: String
    }

    func overview() async throws -> Overview {
        let all = try await candidates()
        let runs = try await RetentionRun.query(on: db).filter(\.$districtID == districtID).sort(\.$ranAt, .descending).limit(10).all()
        return Overview(periods: try await DistrictSetting.retention(of: districtID, on: db),
                        due: all.filter { !$0.isHeld && $0.dueOn <= today },
                        upcoming: all.filter { !$0.isHeld && $0.dueOn > today },
                        held: all.filter(\.isHeld), runs: runs, previewEnd: previewEnd)
    }

    var previewEnd: String { RetentionRule.day(today, plus: RetentionRule.previewDays) }

    /// The closed, not yet anonymised cases due by the end of the preview, and every held one,
    /// soonest due first. The query narrows by the closing day; the rule decides.
    func candidates() async throws -> [Candidate] {
        let periods = try await DistrictSetting.retention(of: districtID, on: db)
        let shortest = min(periods.closedCaseMonths, periods.firstContactMonths)
        let holds = try await RetentionHold.query(on: db).filter(\.$districtID == districtID).all()
        let heldIDs = holds.map(\.caseFileID)
        let closed = CaseFile.query(on: db).filter(\.$districtID == districtID).filter(\.$phase == .closed).filter(\.$erasedOn == nil)
        var files = try await closed.filter(\.$closedOn <= RetentionRule.latestClosingDay(dueBy: previewEnd, months: shortest)).all()
        let missingHeld = Set(heldIDs).subtracting(files.compactMap(\.id))
        if !missingHeld.isEmpty {
            files += try await CaseFile.query(on: db).filter(\.$id ~~ Array(missingHeld)).filter(\.$erasedOn == nil).all()
        }
        let holdOf = Dictionary(holds.map { ($0.caseFileID, $0) }, uniquingKeysWith: { first, _ in first })
        let restrictedSince = try await restrictions(of: files.compactMap(\.id))
        return files.compactMap { file -> Candidate? in
            guard var candidate = Self.candidate(file, periods, hold: file.id.flatMap { holdOf[$0] }) else { return nil }
            candidate.restrictedSince = file.id.flatMap { restrictedSince[$0] }
            return candidate.isHeld || candidate.dueOn <= previewEnd ? candidate : nil
        }.sorted { ($0.dueOn, $0.file.number) < ($1.dueOn, $1.file.number) }
    }

    /// One closed, not yet anonymised case of the district, whenever it is due: a hold can be
    /// set long before (a proceeding known today).
    func candidate(_ caseID: UUID) async throws -> Candidate? {
        guard let file = try await CaseFile.query(on: db).filter(\.$id == caseID).filter(\.$districtID == districtID)
            .filter(\.$phase == .closed).filter(\.$erasedOn == nil).first() else { return nil }
        let hold = try await RetentionHold.query(on: db).filter(\.$caseFileID == caseID).first()
        var candidate = Self.candidate(file, try await DistrictSetting.retention(of: districtID, on: db), hold: hold)
        candidate?.restrictedSince = try await restrictions(of: [caseID])[caseID]
        return candidate
    }

    /// The day each of the cases was restricted, for those whose restriction is active.
    private func restrictions(of caseIDs: [UUID]) async throws -> [UUID: String] {
        guard !caseIDs.isEmpty else { return [:] }
        return Dictionary(try await CaseRestriction.query(on: db).filter(\.$caseFileID ~~ caseIDs).filter(\.$liftedOn == nil).all()
            .map { ($0.caseFileID, $0.restrictedOn) }, uniquingKeysWith: { first, _ in first })
    }

    private static func candidate(_ file: CaseFile, _ periods: RetentionPeriods, hold: RetentionHold?) -> Candidate? {
        guard let closedOn = file.closedOn,
              let due = RetentionRule.dueOn(closedOn: closedOn, months: periods.months(closedFrom: file.closedFrom)) else { return nil }
        return Candidate(file: file, dueOn: due, firstContact: file.closedFrom == .intake, hold: hold)
    }

    /// Anonymises every due case that is not held, a hundred at a time, and records the run.
    /// Also anonymises, first, every case of an approved erasure (`ErasureLedger`) that is not anonymised:
    /// after the restore of a backup older than the approval.
    @discardableResult
    func run(trigger: String, ledger: ErasureLedger? = nil) async throws -> RetentionRun {
        let erased = Set(try ledger?.entries(of: districtID).flatMap(\.caseIDs) ?? [])
        var reapplied: [CaseFile] = []
        if !erased.isEmpty {
            reapplied = try await CaseFile.query(on: db).filter(\.$id ~~ Array(erased)).filter(\.$districtID == districtID).filter(\.$erasedOn == nil).all()
        }
        let candidates = try await candidates().filter { $0.dueOn <= today && !erased.contains($0.file.id ?? UUID()) }
        let due = reapplied + candidates.filter { !$0.isHeld }.map(\.file)
        let anonymiser = CaseAnonymiser(db: db, vault: vault, audit: audit, today: today)
        var total = CaseAnonymiser.Outcome()
        for start in stride(from: 0, to: due.count, by: 100) {
            let outcome = try await anonymiser.anonymise(Array(due[start..<min(start + 100, due.count)]))
            total.cases += outcome.cases
            total.clients += outcome.clients
        }
        let run = RetentionRun()
        run.districtID = districtID
        run.ranAt = now
        run.trigger = trigger
        run.casesAnonymised = total.cases
        run.clientsErased = total.clients
        run.casesHeld = candidates.filter(\.isHeld).count
        try await db.transaction { db in
            try await run.create(on: db)
            try await audit.record(.retentionRun, object: (RetentionRun.schema, run.id), on: db)
        }
        return run
    }

    /// Holds a closed case back from anonymisation, for a reason that names nobody.
    func hold(caseID: UUID?, reason: String, by actorID: UUID, people: KnownPeople) async throws -> RetentionHold {
        var failure = ValidationFailure()
        var file: CaseFile?
        if let caseID { file = try await CaseFile.query(on: db).filter(\.$id == caseID).filter(\.$districtID == districtID).first() }
        if file == nil {
            failure.add("caseId", "Bitte wählen Sie einen abgeschlossenen Fall Ihres Kreises.")
        } else if file?.phase != .closed || file?.erasedOn != nil {
            failure.add("caseId", "Zurückhalten lässt sich nur ein abgeschlossener Fall, der noch nicht anonymisiert ist.")
        } else if try await RetentionHold.query(on: db).filter(\.$caseFileID == caseID!).first() != nil {
            failure.add("caseId", "Dieser Fall wird bereits zurückgehalten.")
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            failure.add("reason", "Bitte nennen Sie den Grund (z. B. „laufendes Widerspruchsverfahren“).")
        } else if text.count > 300 {
            failure.add("reason", "Der Grund darf höchstens 300 Zeichen lang sein.")
        } else if let caseID, file != nil {
            try await people.refuse([("reason", text)], naming: try await people.behind(cases: [caseID]), object: (CaseFile.schema, caseID),
                                    into: &failure, message: "Der Grund nennt den Namen oder das Geburtsdatum einer Person aus dem Fall. "
                                        + "Bitte beschreiben Sie ihn ohne Personenbezug.")
        }
        try failure.throwIfAny()
        let hold = RetentionHold()
        hold.districtID = districtID
        hold.caseFileID = try file!.requireID()
        hold.reason = text
        hold.heldBy = actorID
        hold.heldOn = today
        try await db.transaction { db in
            try await hold.create(on: db)
            try await audit.record(.retentionHeld, object: (CaseFile.schema, hold.caseFileID), on: db)
        }
        return hold
    }

    /// Lifts a hold: the case is anonymised by the next run if it is due.
    func lift(_ holdID: UUID) async throws {
        guard let hold = try await RetentionHold.query(on: db).filter(\.$id == holdID).filter(\.$districtID == districtID).first() else {
            throw PublicError.notFound
        }
        try await db.transaction { db in
            try await hold.delete(on: db)
            try await audit.record(.retentionHoldLifted, object: (CaseFile.schema, hold.caseFileID), on: db)
        }
    }
}

extension Request {
    /// The retention desk of the signed-in data-protection officer's district; 403 for everyone else.
    func retentionDesk() throws -> (desk: RetentionDesk, actorID: UUID) {
        let authorized = try authorize(.manageRetention)
        return (try application.retentionDesk(scope: authorized.scope, audit: audit, now: now), authorized.user.id ?? UUID())
    }
}

extension Application {
    func retentionDesk(scope: AccessScope, audit: AuditContext, now: Date) throws -> RetentionDesk {
        guard let wrapper = lotse.clientKeys else { throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.") }
        return RetentionDesk(scope: scope, db: db, vault: ClientVault(keys: db(.keyStore), wrapper: wrapper), audit: audit, now: now)
    }

    /// One run for every active district: what the daily job and `lotse retention run` do.
    func runRetention(trigger: String) async throws -> [(district: District, run: RetentionRun)] {
        var runs: [(District, RetentionRun)] = []
        for district in try await District.query(on: db).sort(\.$name).all() where district.isActive {
            let audit = self.audit(requestID: "retention-\(trigger)").inDistrict(try district.requireID())
            let desk = try retentionDesk(scope: .operatorCommand(.manageRetention, districtID: try district.requireID()), audit: audit,
                                         now: lotse.configuration.now())
            runs.append((district, try await desk.run(trigger: trigger, ledger: ErasureLedger(configuration: lotse.configuration))))
        }
        return runs
    }

    /// Prunes the audit trail after the longest period any district keeps it: the trail is one
    /// chain for the installation, so no district's entries may go before every district lets them.
    @discardableResult
    func pruneAuditTrail(trigger: String) async throws -> AuditPruning? {
        var months = 0
        for district in try await District.query(on: db).all() where district.isActive {
            months = max(months, try await DistrictSetting.retention(of: try district.requireID(), on: db).auditMonths)
        }
        guard months > 0 else { return nil }
        return try await AuditPruner(db: db, audit: audit(requestID: "retention-\(trigger)"), now: lotse.configuration.now()).prune(olderThanMonths: months)
    }
}
