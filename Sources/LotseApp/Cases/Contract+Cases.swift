import LotseAPI
import Vapor

/// The cases operations of `openapi.yaml`, implemented by Lotse's cases handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// POST /api/v1/cases/{caseID}/consent: Einverständniserklärung erfassen
    func recordConsent(_ input: Operations.RecordConsent.Input) async throws -> Operations.RecordConsent.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.consent), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/disclosure: Schweigepflichtentbindung für eine Stelle erfassen
    func recordDisclosureConsent(_ input: Operations.RecordDisclosureConsent.Input) async throws -> Operations.RecordDisclosureConsent.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.disclosure), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/client/edit: Angaben zur Person ändern
    func updateClient(_ input: Operations.UpdateClient.Input) async throws -> Operations.UpdateClient.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.clientEdit), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/legal-domain: Rechtskreis oder Rechtskreiswechsel erfassen
    func addLegalDomain(_ input: Operations.AddLegalDomain.Input) async throws -> Operations.AddLegalDomain.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.legalDomain), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/household: Haushaltsmitglied über dessen Fallnummer verknüpfen
    func linkHousehold(_ input: Operations.LinkHousehold.Input) async throws -> Operations.LinkHousehold.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.household), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/intake: Ergebnis des Erstgesprächs
    func recordIntake(_ input: Operations.RecordIntake.Input) async throws -> Operations.RecordIntake.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.intake), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/phase: Phase wechseln (vorwärts oder Re-Assessment)
    func changePhase(_ input: Operations.ChangePhase.Input) async throws -> Operations.ChangePhase.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.phase), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/assessment: Falleinschätzung je Handlungsfeld
    func recordAssessment(_ input: Operations.RecordAssessment.Input) async throws -> Operations.RecordAssessment.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.assessment), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/goal: Ziel vereinbaren
    func addGoal(_ input: Operations.AddGoal.Input) async throws -> Operations.AddGoal.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.goal), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/goals/{goalID}: Stand eines Ziels
    func setGoalStatus(_ input: Operations.SetGoalStatus.Input) async throws -> Operations.SetGoalStatus.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.goalStatus(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/action: Maßnahme festlegen
    func addAction(_ input: Operations.AddAction.Input) async throws -> Operations.AddAction.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.action), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/actions/{actionID}: Stand einer Maßnahme
    func setActionStatus(_ input: Operations.SetActionStatus.Input) async throws -> Operations.SetActionStatus.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.actionStatus(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/review: Wiedervorlage planen
    func scheduleReview(_ input: Operations.ScheduleReview.Input) async throws -> Operations.ScheduleReview.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.review), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/reviews/{reviewID}: Überprüfung festhalten
    func holdReview(_ input: Operations.HoldReview.Input) async throws -> Operations.HoldReview.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.reviewRecord(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/contact: Kontakt festhalten
    func logContact(_ input: Operations.LogContact.Input) async throws -> Operations.LogContact.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.contact), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/referrals/{referralID}: Verweisung fortschreiben (jede Übergabe wird gegen die Schweigepflichtentbindung geprüft)
    func updateReferral(_ input: Operations.UpdateReferral.Input) async throws -> Operations.UpdateReferral.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.referralUpdate(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/conference: Fallkonferenz festhalten (jede Stelle braucht eine Schweigepflichtentbindung)
    func holdConference(_ input: Operations.HoldConference.Input) async throws -> Operations.HoldConference.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.conference), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/conferences/{conferenceID}: Protokoll einer Fallkonferenz
    func recordMinutes(_ input: Operations.RecordMinutes.Input) async throws -> Operations.RecordMinutes.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.conferenceMinutes(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/close: Fall abschließen
    func closeCase(_ input: Operations.CloseCase.Input) async throws -> Operations.CloseCase.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.close), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/erasure: Löschung der Person beantragen (Art. 17 DSGVO)
    func requestErasure(_ input: Operations.RequestErasure.Input) async throws -> Operations.RequestErasure.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.erasure), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/restriction: Verarbeitung einschränken (Art. 18 DSGVO)
    func restrictCase(_ input: Operations.RestrictCase.Input) async throws -> Operations.RestrictCase.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.restriction), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/restriction/lift: Einschränkung aufheben
    func liftRestriction(_ input: Operations.LiftRestriction.Input) async throws -> Operations.LiftRestriction.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.restrictionLift), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/pre-check: Vorprüfung beginnen
    func startPreCheck(_ input: Operations.StartPreCheck.Input) async throws -> Operations.StartPreCheck.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.preCheck), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/pre-checks/{preCheckID}/handover: an die Behörde übergeben
    func handOverPreCheck(_ input: Operations.HandOverPreCheck.Input) async throws -> Operations.HandOverPreCheck.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.preCheckHandover(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/pre-checks/{preCheckID}: Stand der Vorprüfung
    func answerPreCheck(_ input: Operations.AnswerPreCheck.Input) async throws -> Operations.AnswerPreCheck.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.preCheckAnswers(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/reopen: Abgeschlossenen Fall wieder öffnen
    func reopenCase(_ input: Operations.ReopenCase.Input) async throws -> Operations.ReopenCase.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.reopen), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/finding: Strukturelle Erkenntnis melden (ohne personenbezogene Daten)
    func reportFinding(_ input: Operations.ReportFinding.Input) async throws -> Operations.ReportFinding.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.finding), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/conferences/{conferenceID}/help-plan: Hilfeplan einer Fallkonferenz auf Kreisebene festhalten
    func agreeHelpPlan(_ input: Operations.AgreeHelpPlan.Input) async throws -> Operations.AgreeHelpPlan.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.helpPlan(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/help-plans/{helpPlanID}/review: Überprüfung eines Hilfeplans festhalten
    func reviewHelpPlan(_ input: Operations.ReviewHelpPlan.Input) async throws -> Operations.ReviewHelpPlan.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.helpPlanReview(.key)), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/district-conference: Fallkonferenz auf Kreisebene einberufen (Koordinierende Stelle; ohne personenbezogene Daten)
    func callDistrictConference(_ input: Operations.CallDistrictConference.Input) async throws -> Operations.CallDistrictConference.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().saveAsCoordinator(try CaseStep.at(.districtConference), $0) }))))
    }

    /// GET /api/v1/brief-contacts: Kurzkontakte der eigenen Kommunen
    func listBriefContacts(_ input: Operations.ListBriefContacts.Input) async throws -> Operations.ListBriefContacts.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().briefContacts))))
    }

    /// POST /api/v1/brief-contacts: Kurzkontakt erfassen (ohne personenbezogene Daten)
    func recordBriefContact(_ input: Operations.RecordBriefContact.Input) async throws -> Operations.RecordBriefContact.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().recordBriefContact))))
    }

    /// POST /api/v1/brief-contacts/{briefContactID}/case: Kurzkontakt in einen Fall umwandeln
    func convertBriefContact(_ input: Operations.ConvertBriefContact.Input) async throws -> Operations.ConvertBriefContact.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().convert))))
    }

    /// GET /api/v1/cases: Offene Fälle: mit Namen für das Case Management, pseudonymisiert für die Koordinierende Stelle
    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let page = try await CaseAPIController().list(req: CurrentRequest.get())
        return .ok(.init(headers: .init(link: page.next.map { "<\($0)>; rel=\"next\"" }, xTotalCount: page.total),
                         body: .json(try page.rows.contract)))
    }

    /// POST /api/v1/cases: Fall eröffnen (Zugang Ebene 1 oder 2)
    func openCase(_ input: Operations.OpenCase.Input) async throws -> Operations.OpenCase.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().open))))
    }

    /// POST /api/v1/cases/search: Fälle nach dem Namen der Klient*in suchen (Name im Inhalt, nie in der Adresse)
    func searchCases(_ input: Operations.SearchCases.Input) async throws -> Operations.SearchCases.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().search))))
    }

    /// GET /api/v1/cases/due: Heute fällige Wiedervorlagen und Maßnahmen
    func dueItems(_ input: Operations.DueItems.Input) async throws -> Operations.DueItems.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().due))))
    }

    /// GET /api/v1/cases/{caseID}: Ein Fall: vollständig für das zuständige Case Management, sonst pseudonymisiert
    func readCase(_ input: Operations.ReadCase.Input) async throws -> Operations.ReadCase.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().show))))
    }

    /// POST /api/v1/cases/{caseID}/client/link: Fall mit einer bekannten Klient*in verknüpfen
    func linkClient(_ input: Operations.LinkClient.Input) async throws -> Operations.LinkClient.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().linkClient))))
    }

    /// POST /api/v1/cases/{caseID}/consents/{consentID}/withdraw: Widerruf einer Erklärung erfassen (wirkt sofort)
    func withdrawConsent(_ input: Operations.WithdrawConsent.Input) async throws -> Operations.WithdrawConsent.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().withdraw))))
    }

    /// POST /api/v1/cases/{caseID}/referral: Verweisung an eine Stelle oder ein Angebot; mit Übergabe nur mit gültiger Schweigepflichtentbindung
    func createReferral(_ input: Operations.CreateReferral.Input) async throws -> Operations.CreateReferral.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(CaseAPIController().refer))))
    }

    /// POST /api/v1/cases/{caseID}/client: a new client; 409 with the possible duplicates.
    func createClient(_ input: Operations.CreateClient.Input) async throws -> Operations.CreateClient.Output {
        switch try await CaseAPIController().createClient(req: CurrentRequest.get()) {
        case .created(let detail): .created(.init(body: .json(try detail.contract)))
        case .possibleDuplicates(let duplicates): .conflict(.init(body: .json(.init(value1: try duplicates.contract))))
        }
    }
}

extension CaseStep {
    /// The step saved under `cases/{caseID}/<address>`.
    static func at(_ address: CaseStepAddress) throws -> CaseStep {
        guard let step = all.first(where: { $0.address == address }) else { throw Abort(.internalServerError) }
        return step
    }
}
