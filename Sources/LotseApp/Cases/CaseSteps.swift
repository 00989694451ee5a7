import Fluent
import Foundation
import LotseCore
import Vapor

/// One step of case work that is a form: the page that asks, and what saving does. The browser
/// gets the page at GET /cases/:caseID/<address> and posts to the same address; the API posts the
/// same fields as JSON to /api/v1/cases/:caseID/<path>. One set of checks serves both.
struct CaseStep: Sendable {
    let address: CaseStepAddress
    let template: String
    let title: String
    var action: Action = .workOnCases
    /// Fills the page's choices and values: `fields` is what was entered, or the defaults.
    let prepare: @Sendable (CaseDesk, Request, CaseFile, FormFields, inout CaseFormPage) async throws -> Void
    var defaults: @Sendable (CaseDesk, Request, CaseFile) async throws -> FormFields = { desk, _, _ in FormFields() }
    let save: @Sendable (CaseDesk, Request, UUID, FormFields) async throws -> Void
    var notice: Notice = .saved
    /// A form whose organisations need a waiver: a button `entbindung-fuer` records a missing one
    /// on the way and comes back with everything typed (`WaiverDetour`).
    var waiverDetour: WaiverDetour.Origin? = nil

    /// The route below `/cases/:caseID`, with the part's id as a parameter where there is one.
    var path: [PathComponent] { Array(SiteURL.caseStep(.key, address).pattern.dropFirst(2)) }
}

extension CaseDesk {
    /// A part of a case named in an address (a goal, an action, …) must belong to that case.
    func requirePart(_ parameter: String, _ id: UUID, of file: CaseFile) async throws {
        let caseID = try file.requireID()
        let found: Bool
        switch parameter {
        case "goalID": found = try await Goal.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "actionID": found = try await CaseAction.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "reviewID": found = try await Review.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "referralID": found = try await Referral.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "conferenceID": found = try await CaseConference.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "preCheckID": found = try await PreCheck.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "helpPlanID": found = try await HelpPlan.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        case "accessRequestID": found = try await AccessRequest.query(on: db).filter(\.$id == id).filter(\.$caseFileID == caseID).first() != nil
        default: found = false
        }
        if !found { throw PublicError.notFound }
    }

    func providerChoices() async throws -> [(id: UUID, label: String)] {
        try await Provider.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$isActive == true).sort(\.$name).all()
            .compactMap { provider in provider.id.map { ($0, provider.name) } }
    }

    func goalChoices(_ file: CaseFile) async throws -> [(id: UUID, label: String)] {
        guard file.clientID != nil, let cipher = try? await cipher(for: file) else { return [] }
        return try await Goal.query(on: db).filter(\.$caseFileID == file.requireID()).sort(\.$createdAt).all().map { goal in
            (try goal.requireID(), try cipher.open(goal.sealedDescription, Goal.schema, goal.id, "description"))
        }
    }

    /// A fresh form's defaults: today in the date field and, for a person with one municipality, that one.
    func openingDefaults(dateField: String) async throws -> FormFields {
        let towns = try await municipalityChoices()
        var defaults = [dateField: today]
        if towns.count == 1 { defaults["municipalityId"] = towns[0].id.uuidString }
        return .with(defaults)
    }

    func municipalityChoices() async throws -> [(id: UUID, label: String)] {
        municipalityChoices(among: try await municipalities())
    }

    /// The district's municipalities, sorted by name.
    func municipalities() async throws -> [Municipality] {
        try await OrganisationService.municipalities(scope, on: db)
    }

    /// The active municipalities in scope among the district's `towns` (sorted by name): a list page
    /// that names the municipalities of its rows offers them from the same read (issue 17).
    func municipalityChoices(among towns: [Municipality]) -> [(id: UUID, label: String)] {
        towns.filter { town in town.isActive && (scope.municipalityIDs.map { $0.contains(town.id ?? UUID()) } ?? true) }
            .compactMap { town in town.id.map { ($0, town.name) } }
    }
}

/// The rows of agreed actions in conference forms: two empty rows, or what was entered.
func actionRows(_ fields: FormFields, goals: [(id: UUID, label: String)]) -> [CaseFormPage.ActionRow] {
    (1...3).map { number in
        let prefix = "action\(number)-"
        let chosen = fields.text(prefix + "goalId")
        return CaseFormPage.ActionRow(
            number: number, prefix: prefix, what: fields.text(prefix + "what"), who: fields.text(prefix + "who"), dueOn: fields.text(prefix + "dueOn"),
            goals: goals.map { FormOption(value: $0.id.uuidString, label: $0.label, selected: $0.id.uuidString == chosen) })
    }
}

func actionInputs(_ fields: FormFields) -> [CaseDesk.ActionInput] {
    (1...3).map { number in
        let prefix = "action\(number)-"
        return CaseDesk.ActionInput(goalID: fields.uuid(prefix + "goalId"),
                                    text: .init(what: fields.text(prefix + "what"), who: fields.text(prefix + "who")), dueOn: fields.text(prefix + "dueOn"))
    }
}

extension FormFields {
    /// Defaults of a fresh form.
    static func with(_ values: [String: String]) -> FormFields { FormFields(values: values.mapValues { [$0] }) }
}

extension CaseStep {
    static func today(_ desk: CaseDesk, _ names: String...) -> FormFields { .with(Dictionary(uniqueKeysWithValues: names.map { ($0, desk.today) })) }

    /// Every form step of a case, in the order of the work.
    static let all: [CaseStep] = [
        CaseStep(address: .consent, template: "cases/consent-form", title: "Einverständniserklärung erfassen",
                 prepare: { _, _, file, fields, page in
                     page.intro = ["Ohne Einverständniserklärung enthält ein Fall nur die Angaben eines Kurzkontakts. Drucken Sie das Formular, lassen Sie es unterschreiben und halten Sie hier fest, wie es ausgefallen ist."]
                     page.printLink = file.id.map { SiteURL.caseConsentForm(.value($0), language: .value("de")).path } ?? ""
                     page.printLinkEnglish = file.id.map { SiteURL.caseConsentForm(.value($0), language: .value("en")).path } ?? ""
                     page.choose("status", ConsentStatus.self, from: fields, only: [.given, .refused])
                     page.choose("method", ConsentMethod.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "givenOn") },
                 save: { desk, _, caseID, f in
                     _ = try await desk.recordConsent(.init(kind: .caseManagement, status: f.choice("status", ConsentStatus.self),
                                                            method: f.choice("method", ConsentMethod.self), givenOn: f.text("givenOn")), caseID: caseID)
                 }),
        CaseStep(address: .disclosure, template: "cases/disclosure-form", title: "Schweigepflichtentbindung erfassen",
                 prepare: { desk, _, file, fields, page in
                     page.intro = ["Eine Schweigepflichtentbindung gilt für genau eine Stelle. Ohne sie gehen keine Daten an diese Stelle: keine Verweisung mit Übergabe, keine Fallkonferenz mit ihr."]
                     // The form to sign comes first: it can be printed before anything is recorded.
                     page.printLink = file.id.map { SiteURL.caseBlankDisclosureForm(.value($0), language: .value("de")).path } ?? ""
                     page.printLinkEnglish = file.id.map { SiteURL.caseBlankDisclosureForm(.value($0), language: .value("en")).path } ?? ""
                     page.choose("recipientProviderId", try await desk.providerChoices(), from: fields)
                     page.choose("status", ConsentStatus.self, from: fields, only: [.given, .refused])
                     page.choose("method", ConsentMethod.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "givenOn") },
                 save: { desk, _, caseID, f in
                     _ = try await desk.recordConsent(.init(kind: .disclosure, status: f.choice("status", ConsentStatus.self),
                                                            method: f.choice("method", ConsentMethod.self), givenOn: f.text("givenOn"),
                                                            recipientProviderID: f.uuid("recipientProviderId"), purpose: f.text("purpose"),
                                                            validFrom: f.text("validFrom"), validUntil: f.text("validUntil")), caseID: caseID)
                 }),
        CaseStep(address: .clientEdit, template: "cases/client-form", title: "Angaben zur Person ändern",
                 prepare: { _, _, _, fields, page in page.choose("gender", Gender.self, from: fields) },
                 defaults: { desk, _, file in
                     guard let clientID = file.clientID, let client = try await Client.find(clientID, on: desk.db) else { throw PublicError.notFound }
                     return clientFields(try await desk.identity(of: client))
                 },
                 save: { desk, _, caseID, f in try await desk.updateClient(clientIdentity(f), caseID: caseID) }),
        CaseStep(address: .legalDomain, template: "cases/legal-domain-form", title: "Rechtskreis oder Rechtskreiswechsel erfassen",
                 prepare: { _, _, _, fields, page in
                     page.choose("legalDomain", LegalDomain.self, from: fields)
                     page.choose("replaces", LegalDomain.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "beganOn") },
                 save: { desk, _, caseID, f in
                     try await desk.addLegalDomain(.init(legalDomain: f.choice("legalDomain", LegalDomain.self), beganOn: f.text("beganOn"),
                                                         replaces: f.choice("replaces", LegalDomain.self)), caseID: caseID)
                 }),
        CaseStep(address: .household, template: "cases/household-form", title: "Haushaltsmitglied verknüpfen",
                 prepare: { _, _, _, _, _ in },
                 save: { desk, _, caseID, f in try await desk.linkHousehold(caseID: caseID, memberCaseNumber: f.text("memberCaseNumber")) }),
        CaseStep(address: .intake, template: "cases/intake-form", title: "Ergebnis des Erstgesprächs",
                 prepare: { _, _, _, fields, page in
                     page.intro = ["Das Erstgespräch endet auf eine von vier Weisen. Nur die Aufnahme ins Case Management führt zur Falleinschätzung: "
                                   + "Liegt die Einverständniserklärung vor, wechselt der Fall mit dem Speichern in diese Phase. Die anderen Ergebnisse schließen den Fall ab."]
                     page.choose("intakeOutcome", IntakeOutcome.self, from: fields)
                 },
                 save: { desk, _, caseID, f in try await desk.recordIntake(f.choice("intakeOutcome", IntakeOutcome.self), caseID: caseID) }),
        CaseStep(address: .phase, template: "cases/phase-form", title: "Phase wechseln",
                 prepare: { _, _, file, fields, page in
                     let next = PhaseMachine.next(from: file.phase).filter { $0 != .closed }
                     page.intro = ["Der Fall steht in der Phase „\((file.phase).germanName)“. Abschließen können Sie ihn über „Fall abschließen“."]
                     page.choose("phase", Phase.self, from: fields, only: next)
                 },
                 // Where the case can go to only one phase (every phase but the last), that one is chosen already.
                 defaults: { _, _, file in
                     let next = PhaseMachine.next(from: file.phase).filter { $0 != .closed }
                     return next.count == 1 ? .with(["phase": next[0].rawValue]) : FormFields()
                 },
                 save: { desk, _, caseID, f in try await desk.changePhase(to: f.choice("phase", Phase.self), caseID: caseID) }),
        CaseStep(address: .assessment, template: "cases/assessment-form", title: "Falleinschätzung",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.intro = ["Je Handlungsfeld: die Situation, die Bedarfe und Bedürfnisse, die Ressourcen und Stärken der Person. Eine neue Einschätzung desselben Handlungsfelds ersetzt die alte in der Übersicht."]
                     page.choose("lifeDomain", LifeDomain.self, from: fields)
                     page.choose("priority", Priority.self, from: fields)
                 },
                 save: { desk, _, caseID, f in
                     try await desk.assess(.init(lifeDomain: f.choice("lifeDomain", LifeDomain.self), priority: f.choice("priority", Priority.self),
                                                 text: .init(situation: f.text("situation"), needs: f.text("needs"), resources: f.text("resources"))), caseID: caseID)
                 }),
        CaseStep(address: .goal, template: "cases/goal-form", title: "Ziel vereinbaren",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.choose("lifeDomain", LifeDomain.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "agreedOn") },
                 save: { desk, _, caseID, f in
                     try await desk.addGoal(.init(lifeDomain: f.choice("lifeDomain", LifeDomain.self), description: f.text("description"),
                                                  agreedOn: f.text("agreedOn")), caseID: caseID)
                 }),
        CaseStep(address: .goalStatus(.key), template: "cases/status-form", title: "Stand des Ziels",
                 prepare: { _, _, _, fields, page in page.choose("status", GoalStatus.self, from: fields) },
                 save: { desk, req, caseID, f in
                     try await desk.setGoalStatus(f.choice("status", GoalStatus.self), goalID: try req.id("goalID"), caseID: caseID)
                 }),
        CaseStep(address: .action, template: "cases/action-form", title: "Maßnahme festlegen",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.choose("goalId", try await desk.goalChoices(file), from: fields)
                 },
                 save: { desk, _, caseID, f in
                     try await desk.addAction(.init(goalID: f.uuid("goalId"), text: .init(what: f.text("what"), who: f.text("who")),
                                                    dueOn: f.text("dueOn")), caseID: caseID)
                 }),
        CaseStep(address: .actionStatus(.key), template: "cases/status-form", title: "Stand der Maßnahme",
                 prepare: { _, _, _, fields, page in page.choose("status", ActionStatus.self, from: fields) },
                 save: { desk, req, caseID, f in
                     try await desk.setActionStatus(f.choice("status", ActionStatus.self), actionID: try req.id("actionID"), caseID: caseID)
                 }),
        CaseStep(address: .review, template: "cases/review-new-form", title: "Wiedervorlage planen",
                 prepare: { desk, _, file, _, _ in _ = try await desk.openCaseForWork(file.requireID()) },
                 save: { desk, _, caseID, f in try await desk.scheduleReview(dueOn: f.text("dueOn"), caseID: caseID) }),
        CaseStep(address: .reviewRecord(.key), template: "cases/review-form", title: "Überprüfung festhalten",
                 prepare: { desk, _, file, fields, page in
                     page.intro = ["Halten Sie zu jedem Ziel fest, wie weit es gekommen ist."]
                     page.goals = try await desk.goalChoices(file).map {
                         .init(value: $0.id.uuidString, label: $0.label, text: fields.text("progress-" + $0.id.uuidString))
                     }
                 },
                 defaults: { desk, _, _ in today(desk, "heldOn") },
                 save: { desk, req, caseID, f in
                     var progress = ["": f.text("note")]
                     for (name, values) in f.values where name.hasPrefix("progress-") { progress[String(name.dropFirst(9))] = values.first ?? "" }
                     try await desk.holdReview(.init(heldOn: f.text("heldOn"), progress: progress, leadsToReassessment: f.flag("leadsToReassessment")),
                                               reviewID: try req.id("reviewID"), caseID: caseID)
                 }),
        CaseStep(address: .contact, template: "cases/contact-form", title: "Kontakt festhalten",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.choose("kind", ContactKind.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "contactOn") },
                 save: { desk, _, caseID, f in
                     try await desk.logContact(.init(contactOn: f.text("contactOn"), kind: f.choice("kind", ContactKind.self), minutes: f.text("minutes"),
                                                     interpreterUsed: f.flag("interpreterUsed"), note: f.text("note")), caseID: caseID)
                 }),
        CaseStep(address: .referralUpdate(.key), template: "cases/referral-update-form", title: "Verweisung fortschreiben",
                 prepare: { _, _, _, fields, page in
                     page.choose("status", ReferralStatus.self, from: fields)
                     page.choose("handoverItems", HandoverItem.self, from: fields)
                 },
                 defaults: { desk, req, file in
                     guard let referral = try await Referral.query(on: desk.db).filter(\.$id == (try req.id("referralID")))
                        .filter(\.$caseFileID == (try file.requireID())).first() else { throw PublicError.notFound }
                     return FormFields(values: ["status": [referral.status.rawValue], "handoverItems": referral.handoverItems.map(\.rawValue)])
                 },
                 save: { desk, req, caseID, f in
                     try await desk.updateReferral(.init(status: f.choice("status", ReferralStatus.self), handoverItems: f.choices("handoverItems", HandoverItem.self),
                                                         feedback: f.text("feedback")), referralID: try req.id("referralID"), caseID: caseID)
                 }),
        CaseStep(address: .conference, template: "cases/conference-form", title: "Fallkonferenz festhalten",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.intro = ["Eine kommunale Fallkonferenz beruft die zuständige Case Manager*in ein. Jede teilnehmende Stelle wird gegen die Schweigepflichtentbindungen geprüft."]
                     page.choose("level", ConferenceLevel.self, from: fields, named: try await desk.words().name)
                     let organisations = try await desk.providerChoices()
                     page.choose("participants", organisations, from: fields)
                     // The chosen organisations without a valid waiver, each with the way to record it.
                     let chosen = Set(fields.uuids("participants"))
                     for organisation in organisations where chosen.contains(organisation.id) {
                         if try await !desk.disclosureAllowed(file, to: organisation.id) {
                             page.waiverNeeded.append(FormOption(value: organisation.id.uuidString, label: organisation.label, selected: false))
                         }
                     }
                 },
                 defaults: { desk, _, _ in FormFields(values: ["level": [ConferenceLevel.municipal.rawValue], "heldOn": [desk.today]]) },
                 save: { desk, _, caseID, f in
                     _ = try await desk.holdConference(.init(level: f.choice("level", ConferenceLevel.self), heldOn: f.text("heldOn"),
                                                             participantIDs: f.uuids("participants"), minutes: f.text("minutes"), actions: actionInputs(f)), caseID: caseID)
                 },
                 waiverDetour: .conference),
        CaseStep(address: .conferenceMinutes(.key), template: "cases/minutes-form", title: "Protokoll der Fallkonferenz",
                 prepare: { desk, _, file, _, _ in _ = try await desk.openCaseForWork(file.requireID()) },
                 save: { desk, req, caseID, f in
                     try await desk.recordMinutes(f.text("minutes"), actions: actionInputs(f), conferenceID: try req.id("conferenceID"), caseID: caseID)
                 }),
        CaseStep(address: .helpPlan(.key), template: "cases/help-plan-form", title: "Hilfeplan festhalten",
                 prepare: { desk, req, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     let conference = try await desk.conference(try req.id("conferenceID"), of: try file.requireID())
                     let names = Dictionary(uniqueKeysWithValues: try await desk.providerChoices().map { ($0.id, $0.label) })
                     let present = conference.participantProviderIDs.map { (id: $0, label: names[$0] ?? "") }
                     page.intro = ["Den Hilfeplan hat die \(try await desk.words().name(conference.level)) am \(GermanFormat.germanDay(conference.heldOn)) vereinbart. "
                                   + "Er bindet die teilnehmenden Stellen, die ihn angenommen haben; jede Maßnahme hat eine von ihnen als verantwortliche Stelle. "
                                   + "Der Tag der Überprüfung erscheint unter „Heute fällig“."]
                     page.choose("accepted", present, from: fields)
                     page.planRows = (1...CaseDesk.helpPlanRows).map { number in
                         let prefix = "item\(number)-"
                         let chosen = fields.text(prefix + "providerId")
                         return .init(number: number, prefix: prefix, text: fields.text(prefix + "text"),
                                      organisations: present.map { FormOption(value: $0.id.uuidString, label: $0.label, selected: $0.id.uuidString == chosen) },
                                      dueOn: fields.text(prefix + "dueOn"))
                     }
                 },
                 defaults: { desk, req, file in
                     let conference = try await desk.conference(try req.id("conferenceID"), of: try file.requireID())
                     return FormFields(values: ["agreedOn": [conference.heldOn], "accepted": conference.participantProviderIDs.map(\.uuidString)])
                 },
                 save: { desk, req, caseID, f in
                     _ = try await desk.agreeHelpPlan(CaseDesk.helpPlanInput(f), conferenceID: try req.id("conferenceID"), caseID: caseID)
                 },
                 notice: .helpPlanAgreed),
        CaseStep(address: .helpPlanReview(.key), template: "cases/help-plan-review-form", title: "Hilfeplan überprüfen",
                 prepare: { desk, req, file, _, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     let plan = try await desk.helpPlan(try req.id("helpPlanID"), of: try file.requireID())
                     page.intro = ["Hilfeplan vom \(GermanFormat.germanDay(plan.agreedOn))"
                                   + (plan.dueOn.map { ", Überprüfung vorgesehen am \(GermanFormat.germanDay($0))." } ?? ", beendet.")
                                   + " Halten Sie fest, was die Überprüfung ergab, und wann die nächste ist; ohne nächste Überprüfung endet der Hilfeplan."]
                 },
                 defaults: { desk, _, _ in today(desk, "reviewedOn") },
                 save: { desk, req, caseID, f in
                     try await desk.reviewHelpPlan(.init(reviewedOn: f.text("reviewedOn"), note: f.text("note"), nextOn: f.text("nextOn")),
                                                   planID: try req.id("helpPlanID"), caseID: caseID)
                 }),
        CaseStep(address: .districtConference, template: "cases/district-conference-form", title: "Fallkonferenz auf Kreisebene einberufen",
                 action: .callDistrictConference,
                 prepare: { desk, _, file, fields, page in
                     page.intro = ["Sie berufen die Fallkonferenz zu Fall \(file.number) ein. Das Protokoll schreibt die zuständige Case Manager*in."]
                     page.choose("participants", try await desk.providerChoices(), from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "heldOn") },
                 save: { desk, _, caseID, f in
                     _ = try await desk.callDistrictConference(heldOn: f.text("heldOn"), participantIDs: f.uuids("participants"), caseID: caseID)
                 }),
        CaseStep(address: .close, template: "cases/close-form", title: "Fall abschließen",
                 prepare: { _, _, file, fields, page in
                     page.consequences = [
                         "Der Fall wechselt in die Phase „Abgeschlossen“ und erscheint nicht mehr unter „Meine Fälle“.",
                         "Offene Maßnahmen und Wiedervorlagen werden nicht mehr als fällig angezeigt.",
                         "Sie können den Fall später mit einer Begründung wieder öffnen.",
                         "Nach Ablauf der Aufbewahrungsfrist des Kreises werden die personenbezogenen Daten gelöscht.",
                     ]
                     page.choose("reason", ClosureReason.self, from: fields)
                     page.choose("goalAttainment", GoalAttainment.self, from: fields)
                     if file.clientID == nil { page.intro = ["Ohne erfasste Person wird keine Auswertung als Text gespeichert."] }
                 },
                 save: { desk, _, caseID, f in
                     try await desk.close(.init(reason: f.choice("reason", ClosureReason.self), goalAttainment: f.choice("goalAttainment", GoalAttainment.self),
                                                evaluation: f.text("evaluation")), caseID: caseID)
                 },
                 notice: .caseClosed),
        CaseStep(address: .reopen, template: "cases/reopen-form", title: "Fall wieder öffnen",
                 prepare: { _, _, _, _, page in page.intro = ["Der Fall kehrt zur Falleinschätzung zurück (oder zum Erstgespräch, wenn er dort endete)."] },
                 save: { desk, _, caseID, f in try await desk.reopen(reason: f.text("reopenReason"), caseID: caseID) }),
        CaseStep(address: .erasure, template: "cases/erasure-form", title: "Löschung der Person beantragen",
                 prepare: { _, _, file, _, page in
                     page.intro = ["Wenn die Person verlangt, dass ihre Daten gelöscht werden (Art. 17 DSGVO), beantragen Sie das hier. "
                                   + "Der Datenschutz prüft den Antrag innerhalb eines Monats und bestätigt ihn."]
                     page.consequences = [
                         "Nach der Bestätigung werden alle Fälle der Person anonymisiert, nicht nur Fall \(file.number): Name, Kontaktdaten, alle Texte und Erklärungen werden gelöscht, ihr Schlüssel wird vernichtet.",
                         "Das lässt sich nicht rückgängig machen, auch nicht aus einer Sicherung.",
                         "Es bleiben nur die Zahlen für die Statistik (Kommune, Monat, Phasen, Handlungsfelder).",
                         "Beantragen lässt sich die Löschung, wenn alle Fälle der Person abgeschlossen sind.",
                     ]
                 },
                 save: { desk, req, caseID, f in try await desk.requestErasure(reason: f.text("reason"), caseID: caseID, people: try req.knownPeople()) },
                 notice: .erasureRequested),
        CaseStep(address: .restriction, template: "cases/restriction-form", title: "Verarbeitung einschränken",
                 prepare: { _, _, file, _, page in
                     page.intro = ["Wenn die Person verlangt, dass ihre Daten nur noch aufbewahrt werden (Art. 18 DSGVO), etwa weil sie ihre Richtigkeit bestreitet "
                                   + "oder sie für einen Rechtsstreit braucht, schränken Sie die Verarbeitung hier ein."]
                     page.consequences = [
                         "Fall \(file.number) kann weiter gelesen und für eine Auskunft an die Person ausgegeben werden.",
                         "Nichts im Fall kann geändert werden: keine Angaben, keine Phase, keine Planung, keine Kontakte.",
                         "Nichts wird weitergegeben: keine Verweisung, keine Fallkonferenz, keine Erkenntnis, keine neue Schweigepflichtentbindung.",
                         "Der Löschlauf anonymisiert den Fall nicht, solange die Einschränkung gilt.",
                         "Ein Widerruf der Person bleibt jederzeit möglich.",
                     ]
                 },
                 save: { desk, _, caseID, f in try await desk.restrict(reason: f.text("reason"), caseID: caseID) },
                 notice: .restricted),
        CaseStep(address: .restrictionLift, template: "cases/restriction-lift-form", title: "Einschränkung aufheben",
                 prepare: { _, _, _, _, page in
                     page.intro = ["Heben Sie die Einschränkung auf, wenn ihr Anlass entfallen ist. Die Person muss vorher darüber unterrichtet werden (Art. 18 Abs. 3 DSGVO)."]
                 },
                 save: { desk, _, caseID, f in
                     try await desk.liftRestriction(reason: f.text("reason"), personInformed: f.flag("personInformed"), caseID: caseID)
                 },
                 notice: .restrictionLifted),
        CaseStep(address: .accessRequest, template: "cases/access-request-form", title: "Auskunftsersuchen erfassen",
                 prepare: { _, _, file, _, page in
                     page.intro = ["Verlangt die Person Auskunft über ihre Daten (Art. 15 DSGVO), halten Sie hier fest, wann das Ersuchen einging. "
                                   + "Die Auskunft muss die Person innerhalb eines Monats erhalten; der Datenschutz sieht die Frist.",
                                   "Die Auskunft selbst erstellen Sie im Fall \(file.number) unter „Auskunft erstellen“: als Dokument zum Drucken und als Datei (JSON)."]
                 },
                 defaults: { desk, _, _ in today(desk, "receivedOn") },
                 save: { desk, _, caseID, f in try await desk.recordAccessRequest(receivedOn: f.text("receivedOn"), caseID: caseID) },
                 notice: .accessRequested),
        CaseStep(address: .accessFulfil(.key), template: "cases/access-fulfil-form", title: "Auskunft als erteilt festhalten",
                 prepare: { _, _, _, fields, page in
                     page.intro = ["Halten Sie fest, wann und wie die Person die Auskunft erhalten hat."]
                     page.choose("delivery", AccessDelivery.self, from: fields)
                 },
                 defaults: { desk, _, _ in today(desk, "fulfilledOn") },
                 save: { desk, req, caseID, f in
                     try await desk.fulfilAccessRequest(try req.id("accessRequestID"), fulfilledOn: f.text("fulfilledOn"),
                                                        delivery: f.choice("delivery", AccessDelivery.self), caseID: caseID)
                 }),
        CaseStep(address: .preCheck, template: "cases/pre-check-form", title: "Vorprüfung beginnen",
                 prepare: { desk, _, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     page.intro = ["Eine Vorprüfung geht mit der Person die heute gültige Checkliste einer Behörde durch: Was ist erfüllt, was fehlt, was ist noch unklar. "
                                   + "Sie bleibt bei der gewählten Fassung, auch wenn später eine neue gilt.", OfficeController.notLegalAdvice]
                     page.choose("checklistId", try await desk.currentChecklists().compactMap { list in
                         list.id.map { ($0, "\(list.title) (Fassung \(list.version)\(list.isExample ? ", Beispiel" : ""))") }
                     }, from: fields)
                 },
                 save: { desk, _, caseID, f in _ = try await desk.startPreCheck(checklistID: f.uuid("checklistId"), caseID: caseID) },
                 notice: .preCheckStarted),
        CaseStep(address: .preCheckAnswers(.key), template: "cases/pre-check-answers-form", title: "Vorprüfung",
                 prepare: { desk, req, file, fields, page in
                     _ = try await desk.openCaseForWork(file.requireID())
                     let id = try req.id("preCheckID")
                     guard let view = try await desk.preCheckViews(file.requireID(), cipher: desk.cipher(for: file), only: id).first else {
                         throw PublicError.notFound
                     }
                     page.intro = ["\(view.checklist), Fassung \(view.version). Was fehlt, sehen Sie danach im Fall; für später Erfüllbares (etwa eine Aufenthaltszeit) "
                                   + "setzen Sie einen Tag der Wiedervorlage.", OfficeController.notLegalAdvice]
                     page.preCheckRows = view.items.map { item in
                         let prefix = "answer\(item.position)-"
                         let chosen = fields.text(prefix + "status")
                         return .init(number: item.position, prefix: prefix, title: item.title, legalSource: item.legalSource,
                                      statuses: PreCheckStatus.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0.rawValue == chosen) },
                                      note: fields.text(prefix + "note"), reviewOn: fields.text(prefix + "reviewOn"))
                     }
                 },
                 defaults: { desk, req, file in
                     let id = try req.id("preCheckID")
                     guard let view = try await desk.preCheckViews(file.requireID(), cipher: desk.cipher(for: file), only: id).first else {
                         throw PublicError.notFound
                     }
                     var values: [String: [String]] = [:]
                     for item in view.items {
                         values["answer\(item.position)-status"] = [item.status.code]
                         values["answer\(item.position)-note"] = [item.note]
                         values["answer\(item.position)-reviewOn"] = [item.reviewOn ?? ""]
                     }
                     return FormFields(values: values)
                 },
                 save: { desk, req, caseID, f in try await desk.answerPreCheck(f.preCheckAnswers, preCheckID: try req.id("preCheckID"), caseID: caseID) }),
        CaseStep(address: .preCheckHandover(.key), template: "cases/pre-check-handover-form", title: "Vorprüfung an die Behörde übergeben",
                 prepare: { desk, req, file, _, page in
                     let (_, cipher) = try await desk.openCaseForWork(file.requireID())
                     guard let view = try await desk.preCheckViews(file.requireID(), cipher: cipher, only: try req.id("preCheckID")).first else {
                         throw PublicError.notFound
                     }
                     page.intro = try await desk.handoverPreview(view, file: file)
                     page.consequences = ["Vornamen, Familienname und Geburtsdatum der Person",
                                          "die Vorprüfung „\(view.checklist)“, Fassung \(view.version): jede Voraussetzung mit Stand, Notiz und Wiedervorlage "
                                          + "(\(view.met) erfüllt, \(view.missing) nicht erfüllt, \(view.unclear) noch unklar)"]
                 },
                 save: { desk, req, caseID, _ in try await desk.handOver(preCheckID: try req.id("preCheckID"), caseID: caseID) },
                 notice: .handedOver),
        CaseStep(address: .finding, template: "cases/finding-form", title: "Erkenntnis melden",
                 prepare: { _, _, _, fields, page in
                     page.intro = ["Eine Erkenntnis beschreibt eine Lücke oder Hürde im Versorgungssystem. Sie wird mit dem Fall verknüpft, enthält aber keine Angaben zur Person; die Koordinierende Stelle bündelt sie zu Themen."]
                     page.choose("category", FindingCategory.self, from: fields)
                     page.choose("lifeDomain", LifeDomain.self, from: fields)
                     page.choose("legalDomains", LegalDomain.self, from: fields)
                     page.choose("level", FindingLevel.self, from: fields)
                     if !PersonalDataWarning.check(fields.text("description")).isEmpty { page.values["showConfirm"] = "on" }
                 },
                 save: { desk, _, caseID, f in
                     _ = try await desk.reportFinding(.init(category: f.choice("category", FindingCategory.self), lifeDomain: f.choice("lifeDomain", LifeDomain.self),
                                                            legalDomains: f.choices("legalDomains", LegalDomain.self), level: f.choice("level", FindingLevel.self),
                                                            description: f.text("description"), confirmedNoPersonalData: f.flag("confirmedNoPersonalData"),
                                                            reportedOn: f.text("reportedOn")), caseID: caseID)
                 }),
    ]
}

func clientIdentity(_ f: FormFields) -> ClientIdentity {
    ClientIdentity(givenNames: f.text("givenNames"), familyName: f.text("familyName"), birthDate: f.text("birthDate"),
                   gender: f.text("gender").isEmpty ? Gender.unspecified.rawValue : f.text("gender"),
                   nationalities: f.list("nationalities"), languages: f.list("languages"), interpreterNeeded: f.flag("interpreterNeeded"),
                   phone: f.text("phone"), email: f.text("email"), address: f.text("address"), residenceStatus: f.text("residenceStatus"))
}

func clientFields(_ identity: ClientIdentity) -> FormFields {
    var values = [
        "givenNames": identity.givenNames, "familyName": identity.familyName, "birthDate": identity.birthDate, "gender": identity.gender,
        "nationalities": identity.nationalities.joined(separator: ", "), "languages": identity.languages.joined(separator: ", "),
        "phone": identity.phone, "email": identity.email, "address": identity.address, "residenceStatus": identity.residenceStatus,
    ]
    if identity.interpreterNeeded { values["interpreterNeeded"] = "on" }
    return .with(values)
}
