import Fluent
import Foundation
import LotseCore
import Vapor

/// Help plans of district-level case conferences (issue 19, part 6): agreed by the organisations
/// present, shown in the case, reviewed on their day ("Heute fällig" until then).
extension CaseDesk {
    struct HelpPlanInput: Sendable {
        var goals = ""
        var agreedOn = ""
        var acceptedIDs: [UUID] = []
        var actions: [ActionRow] = []
        var dueOn = ""

        struct ActionRow: Sendable {
            var text = ""
            var providerID: UUID?
            var dueOn = ""
            var isEmpty: Bool { text.isEmpty && providerID == nil && dueOn.isEmpty }
        }
    }

    /// How many action rows the form offers.
    static let helpPlanRows = 4

    /// The rows of a help plan's form or JSON ("item1-text", …, or `items` in the API).
    static func helpPlanInput(_ f: FormFields) -> HelpPlanInput {
        HelpPlanInput(goals: f.text("goals"), agreedOn: f.text("agreedOn"), acceptedIDs: f.uuids("accepted"),
                      actions: (1...max(helpPlanRows, f.values.keys.filter { $0.hasPrefix("item") }.count)).map { number in
                          HelpPlanInput.ActionRow(text: f.text("item\(number)-text"), providerID: f.uuid("item\(number)-providerId"),
                                                  dueOn: f.text("item\(number)-dueOn"))
                      }.filter { !$0.isEmpty },
                      dueOn: f.text("dueOn"))
    }

    func conference(_ conferenceID: UUID, of caseID: UUID) async throws -> CaseConference {
        guard let conference = try await CaseConference.query(on: db).filter(\.$id == conferenceID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        return conference
    }

    /// The case manager records the plan the conference agreed; one per conference. Only the
    /// organisations present that accepted it, each with a valid waiver today, are bound by it.
    func agreeHelpPlan(_ input: HelpPlanInput, conferenceID: UUID, caseID: UUID) async throws -> HelpPlan {
        let (file, cipher) = try await openCaseForWork(caseID)
        let conference = try await conference(conferenceID, of: caseID)
        if try await HelpPlan.query(on: db).filter(\.$conferenceID == conferenceID).first() != nil {
            throw PublicError(status: .conflict, reason: "Für diese Fallkonferenz ist schon ein Hilfeplan vereinbart. Überprüfen Sie ihn, statt einen zweiten anzulegen.")
        }
        var failure = ValidationFailure()
        Check.text(input.goals, field: "goals", label: "die Ziele des Hilfeplans", max: 4000, into: &failure)
        let agreed = Check.dayOfWork(input.agreedOn.isEmpty ? conference.heldOn : input.agreedOn, field: "agreedOn", label: "der Tag der Vereinbarung",
                                     today: today, earliest: conference.heldOn, after: "der Fallkonferenz", into: &failure)
        let review = Check.day(input.dueOn, field: "dueOn", label: "den Tag der Überprüfung", into: &failure)
        for (index, row) in input.actions.enumerated() {
            Check.text(row.text, field: "item\(index + 1)-text", label: "die Maßnahme", max: 2000, into: &failure)
            Check.day(row.dueOn, field: "item\(index + 1)-dueOn", label: "bis wann", required: false, into: &failure)
        }
        let problems = HelpPlanRules.problems(isDistrictLevel: conference.level == .district, present: Set(conference.participantProviderIDs),
                                              accepted: Set(input.acceptedIDs), actions: input.actions.map { .init(responsible: $0.providerID) },
                                              agreedOn: agreed, reviewOn: review)
        for problem in problems {
            switch problem {
            case .notADistrictConference:
                failure.add("accepted", "Einen Hilfeplan vereinbart eine Fallkonferenz auf Kreisebene. Diese war eine kommunale Fallkonferenz.")
            case .noOrganisationAccepted:
                failure.add("accepted", "Bitte wählen Sie mindestens eine teilnehmende Stelle, die den Hilfeplan angenommen hat.")
            case .acceptedButAbsent:
                failure.add("accepted", "Annehmen können den Hilfeplan nur Stellen, die an der Fallkonferenz teilgenommen haben.")
            case .responsibleDidNotAccept(let row):
                failure.add("item\(row)-providerId", "Bitte wählen Sie für Maßnahme \(row) eine Stelle, die den Hilfeplan angenommen hat.")
            case .noAction:
                failure.add("item1-text", "Bitte tragen Sie mindestens eine Maßnahme mit der verantwortlichen Stelle ein.")
            case .reviewBeforeAgreement:
                failure.add("dueOn", "Die Überprüfung liegt vor der Vereinbarung. Bitte prüfen Sie das Datum.")
            }
        }
        // The plan goes to the organisations that accepted it: each needs a valid waiver today.
        for providerID in Set(input.acceptedIDs) where conference.participantProviderIDs.contains(providerID) {
            if try await !disclosureAllowed(file, to: providerID) {
                let name = try await Provider.find(providerID, on: db)?.name ?? "Die Stelle"
                failure.add("accepted", "Für „\(name)“ gilt heute keine Schweigepflichtentbindung. Ohne sie erhält die Stelle den Hilfeplan nicht.")
            }
        }
        let (validAgreed, validReview) = try failure.checked(agreed, review)
        let plan = HelpPlan()
        plan.id = UUID()
        plan.districtID = scope.districtID
        plan.caseFileID = try file.requireID()
        plan.conferenceID = conferenceID
        plan.agreedOn = validAgreed
        plan.sealedGoals = try cipher.seal(input.goals, HelpPlan.schema, plan.id, "goals")
        plan.acceptedProviderIDs = Array(Set(input.acceptedIDs)).sorted { $0.uuidString < $1.uuidString }
        plan.dueOn = validReview
        plan.recordedBy = actorID
        let items = try input.actions.enumerated().map { index, row in
            let item = HelpPlanItem()
            item.id = UUID()
            item.planID = try plan.requireID()
            item.position = index + 1
            item.sealedAction = try cipher.seal(row.text, HelpPlanItem.schema, item.id, "action")
            item.providerID = row.providerID ?? UUID()
            item.dueOn = row.dueOn.isEmpty ? nil : row.dueOn
            return item
        }
        try await db.transaction { db in
            try await plan.create(on: db)
            for item in items { try await item.create(on: db) }
            try await record(.helpPlanAgreed, "helpPlan", plan.id, on: db)
        }
        return plan
    }

    struct HelpPlanReviewInput: Sendable {
        var reviewedOn = ""
        var note = ""
        /// The next review; empty: the plan has ended.
        var nextOn = ""
    }

    func helpPlan(_ planID: UUID, of caseID: UUID) async throws -> HelpPlan {
        guard let plan = try await HelpPlan.query(on: db).filter(\.$id == planID).filter(\.$caseFileID == caseID).first() else { throw PublicError.notFound }
        return plan
    }

    /// The review of a plan: when it took place, what came of it, and the next review or none.
    func reviewHelpPlan(_ input: HelpPlanReviewInput, planID: UUID, caseID: UUID) async throws {
        let (_, cipher) = try await openCaseForWork(caseID)
        let plan = try await helpPlan(planID, of: caseID)
        guard plan.dueOn != nil else {
            throw PublicError(status: .conflict, reason: "Dieser Hilfeplan ist beendet; es steht keine Überprüfung mehr an.")
        }
        var failure = ValidationFailure()
        let reviewed = Check.dayOfWork(input.reviewedOn, field: "reviewedOn", label: "der Tag der Überprüfung", today: today,
                                       earliest: plan.lastReviewedOn ?? plan.agreedOn, after: "der Vereinbarung oder der letzten Überprüfung", into: &failure)
        Check.text(input.note, field: "note", label: "das Ergebnis der Überprüfung", max: 4000, into: &failure)
        let next = Check.day(input.nextOn, field: "nextOn", label: "die nächste Überprüfung", required: false, into: &failure)
        if let next, let reviewed, next <= reviewed { failure.add("nextOn", "Die nächste Überprüfung muss nach dieser liegen.") }
        let validReviewed = try failure.checked(reviewed)
        plan.lastReviewedOn = validReviewed
        plan.sealedReviewNote = try cipher.seal(input.note, HelpPlan.schema, plan.id, "reviewNote")
        plan.dueOn = next
        try await db.transaction { db in
            try await plan.save(on: db)
            try await record(.helpPlanReviewed, "helpPlan", plan.id, on: db)
        }
    }
}
