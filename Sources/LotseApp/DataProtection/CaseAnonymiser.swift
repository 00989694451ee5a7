import Fluent
import Foundation
import LotseCore
import SQLKit

/// Turns closed cases into what the statistics need and nothing more (issue 15, DESIGN.md §4.5):
/// the retention job uses it, and erasure on request will too.
///
/// What stays, so that every published figure of every past period stays what it was: the case
/// row with its number, municipality, access channel, life domains, phase, intake outcome, closure
/// reason and record key; contacts, referrals and conferences with kind, organisation and life
/// domain; the phase history as the phase at the end of each month. Every day becomes the first of
/// its month (`RetentionRule.monthStart`). What goes: every sealed text, the client and everything
/// about them (identity, search tokens, legal domains, household link, corrections), consents,
/// assessments, goals, actions, reviews, restrictions and pre-checks, what a handover gave an office
/// (its codes and months stay for the figures), and, in the key store, the
/// client's key, so that an older backup of the case database cannot bring the person back
/// (crypto-shredding).
struct CaseAnonymiser: Sendable {
    let db: any Database
    let vault: ClientVault
    let audit: AuditContext
    let today: String

    struct Outcome: Sendable, Equatable {
        var cases = 0
        var clients = 0
    }

    /// Anonymises `files` (closed cases of one district). A client is erased when none of their
    /// cases is left unanonymised; a client with another case that is still kept stays, and only
    /// the anonymised case's own content is gone.
    func anonymise(_ files: [CaseFile]) async throws -> Outcome {
        let ids = try files.map { try $0.requireID() }
        guard !ids.isEmpty else { return Outcome() }
        let clients = Array(Set(files.compactMap(\.clientID)))
        var keptElsewhere: Set<UUID> = []
        if !clients.isEmpty {
            keptElsewhere = Set(try await CaseFile.query(on: db).filter(\.$clientID ~~ clients).filter(\.$id !~ ids).filter(\.$erasedOn == nil)
                .all().compactMap(\.clientID))
        }
        let erased = Set(clients).subtracting(keptElsewhere)
        // Keys first: should the database work below fail, the content is already unreadable, and
        // the next run finishes the rest (the cases are not yet marked anonymised).
        for id in erased.union(ids) { try await vault.destroy(clientID: id) }
        try await db.transaction { db in
            try await Self.removeContent(of: ids, on: db)
            try await Self.coarsenPhaseHistory(of: ids, on: db)
            try await CaseFile.query(on: db).filter(\.$id ~~ ids)
                .set(\.$clientID, to: nil).set(\.$sealedReferringParty, to: nil).set(\.$sealedEvaluation, to: nil)
                .set(\.$erasedOn, to: today).update()
            try await Self.moveDaysToMonths(CaseFile.schema, ["opened_on", "closed_on"], of: ids, key: "id", on: db)
            if !erased.isEmpty { try await Self.eraseClients(Array(erased), on: db) }
            for id in ids { try await audit.record(.caseAnonymised, object: (CaseFile.schema, id), on: db) }
        }
        return Outcome(cases: ids.count, clients: erased.count)
    }

    /// Everything personal of the cases themselves; what is counted keeps its codes.
    private static func removeContent(of ids: [UUID], on db: any Database) async throws {
        try await CaseAction.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await Review.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await Goal.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await Assessment.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await Referral.query(on: db).filter(\.$caseFileID ~~ ids)
            .set(\.$consentID, to: nil).set(\.$sealedReason, to: "").set(\.$sealedFeedback, to: nil).update()
        try await moveDaysToMonths(Referral.schema, ["referred_on"], of: ids, on: db)
        try await CaseContact.query(on: db).filter(\.$caseFileID ~~ ids).set(\.$sealedNote, to: nil).update()
        try await moveDaysToMonths(CaseContact.schema, ["contact_on"], of: ids, on: db)
        // Help plans (issue 19, part 6): their texts go; the plan stays as a dated fact, never due again.
        let plans = try await HelpPlan.query(on: db).filter(\.$caseFileID ~~ ids).all().compactMap(\.id)
        if !plans.isEmpty {
            try await HelpPlanItem.query(on: db).filter(\.$planID ~~ plans).set(\.$sealedAction, to: nil).update()
            try await HelpPlan.query(on: db).filter(\.$id ~~ plans).set(\.$sealedGoals, to: nil).set(\.$sealedReviewNote, to: nil)
                .set(\.$dueOn, to: nil).update()
            try await moveDaysToMonths(HelpPlan.schema, ["agreed_on", "last_reviewed_on"], of: ids, on: db)
        }
        try await CaseConference.query(on: db).filter(\.$caseFileID ~~ ids)
            .set(\.$consentIDs, to: []).set(\.$sealedMinutes, to: nil).update()
        try await moveDaysToMonths(CaseConference.schema, ["held_on"], of: ids, on: db)
        try await Consent.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await CaseRestriction.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        try await PreCheck.query(on: db).filter(\.$caseFileID ~~ ids).delete()
        // Handovers stay counted (office, procedure, outcome, month); what went to the office goes.
        let handovers = try await OfficeHandover.query(on: db).filter(\.$caseFileID ~~ ids).all().compactMap(\.id)
        try await OfficeHandover.query(on: db).filter(\.$caseFileID ~~ ids)
            .set(\.$sealedContent, to: nil).set(\.$consentID, to: nil).set(\.$preCheckID, to: nil).update()
        try await moveDaysToMonths(OfficeHandover.schema, ["handed_over_on", "status_on"], of: ids, on: db)
        if !handovers.isEmpty {
            try await OfficeHandoverEvent.query(on: db).filter(\.$handoverID ~~ handovers).set(\.$sealedNote, to: nil).update()
            try await moveDaysToMonths(OfficeHandoverEvent.schema, ["happened_on"], of: handovers, key: "handover_id", on: db)
        }
    }

    /// The phase each case was in at the end of each month is all the figures ask (`phasesAtEnd`
    /// compares with the first instant after a period's last day): per month the last change stays,
    /// dated to the month's first instant in Berlin, without its reason.
    private static func coarsenPhaseHistory(of ids: [UUID], on db: any Database) async throws {
        let events = try await PhaseEvent.query(on: db).filter(\.$caseFileID ~~ ids).sort(\.$enteredAt).all()
        var lastOfMonth: [String: PhaseEvent] = [:]
        for event in events {
            lastOfMonth["\(event.caseFileID)/\(RetentionRule.monthStart(GermanFormat.isoDay(event.enteredAt)))"] = event
        }
        let kept = Set(lastOfMonth.values.compactMap(\.id))
        let dropped = events.compactMap(\.id).filter { !kept.contains($0) }
        if !dropped.isEmpty { try await PhaseEvent.query(on: db).filter(\.$id ~~ dropped).delete() }
        for (key, event) in lastOfMonth {
            guard let month = key.split(separator: "/").last, let start = GermanFormat.day(String(month)) else { continue }
            event.enteredAt = start
            event.sealedReason = nil
            try await event.save(on: db)
        }
    }

    /// The client and everything about them; the case rows no longer point to them.
    private static func eraseClients(_ clients: [UUID], on db: any Database) async throws {
        try await ClientSearchToken.query(on: db).filter(\.$clientID ~~ clients).delete()
        try await LegalDomainMembership.query(on: db).filter(\.$clientID ~~ clients).delete()
        try await ClientCorrection.query(on: db).filter(\.$clientID ~~ clients).delete()
        try await Client.query(on: db).filter(\.$id ~~ clients).delete()
    }

    /// "YYYY-MM-DD" becomes "YYYY-MM-01" in the rows of `table` whose `key` is one of `ids`: the
    /// same text functions in SQLite and PostgreSQL (`substr`, `||`).
    private static func moveDaysToMonths(_ table: String, _ columns: [String], of ids: [UUID], key: String = "case_file_id",
                                         on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var update = sql.update(table).where(SQLIdentifier(key), .in, SQLBind.group(ids))
        for column in columns {
            update = update.set(SQLIdentifier(column), to: SQLBinaryExpression(
                left: SQLFunction("substr", args: SQLIdentifier(column), SQLLiteral.numeric("1"), SQLLiteral.numeric("8")),
                op: SQLRaw("||"), right: SQLLiteral.string("01")))
        }
        try await update.run()
    }
}
