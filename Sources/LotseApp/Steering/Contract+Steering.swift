import LotseAPI
import Vapor

/// The steering operations of `openapi.yaml`, implemented by Lotse's steering handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/steering: Überblick für die Lenkungsgruppe: Sitzungen, offene Beschlüsse, Themen, Zahlen (Zellschlüsselverfahren, kleine Werte „< 5“)
    func steeringOverview(_ input: Operations.SteeringOverview.Input) async throws -> Operations.SteeringOverview.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().overview))))
    }

    /// GET /api/v1/bodies: Gremien des Kreises
    func listBodies(_ input: Operations.ListBodies.Input) async throws -> Operations.ListBodies.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().bodies))))
    }

    /// POST /api/v1/bodies: Gremium anlegen
    func createBody(_ input: Operations.CreateBody.Input) async throws -> Operations.CreateBody.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().createBody))))
    }

    /// GET /api/v1/bodies/{bodyID}: Gremium mit Mitgliedern und Sitzungen
    func readBody(_ input: Operations.ReadBody.Input) async throws -> Operations.ReadBody.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().body))))
    }

    /// POST /api/v1/bodies/{bodyID}/members: Mitglied hinzufügen
    func addMember(_ input: Operations.AddMember.Input) async throws -> Operations.AddMember.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().addMember))))
    }

    /// POST /api/v1/bodies/{bodyID}/meetings: Sitzung anlegen (alle Mitglieder eingeladen)
    func createMeeting(_ input: Operations.CreateMeeting.Input) async throws -> Operations.CreateMeeting.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().createMeeting))))
    }

    /// GET /api/v1/meetings/{meetingID}: Sitzung mit Tagesordnung, Anwesenheit, Beschlüssen, Protokoll
    func readMeeting(_ input: Operations.ReadMeeting.Input) async throws -> Operations.ReadMeeting.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().meeting))))
    }

    /// POST /api/v1/meetings/{meetingID}/agenda: Tagesordnungspunkt (mit Thema oder Ergebnis einer Arbeitsgruppe)
    func addAgendaItem(_ input: Operations.AddAgendaItem.Input) async throws -> Operations.AddAgendaItem.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().addAgendaItem))))
    }

    /// PATCH /api/v1/agenda-items/{agendaItemID}: Tagesordnungspunkt bearbeiten
    func editAgendaItem(_ input: Operations.EditAgendaItem.Input) async throws -> Operations.EditAgendaItem.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().editAgendaItem))))
    }

    /// DELETE /api/v1/agenda-items/{agendaItemID}: Tagesordnungspunkt streichen
    func removeAgendaItem(_ input: Operations.RemoveAgendaItem.Input) async throws -> Operations.RemoveAgendaItem.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().removeAgendaItem))))
    }

    /// POST /api/v1/agenda-items/{agendaItemID}/move: eine Stelle nach oben oder unten
    func moveAgendaItem(_ input: Operations.MoveAgendaItem.Input) async throws -> Operations.MoveAgendaItem.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().moveAgendaItem))))
    }

    /// POST /api/v1/meetings/{meetingID}/minutes: Protokoll und Anwesenheit
    func recordMeetingMinutes(_ input: Operations.RecordMeetingMinutes.Input) async throws -> Operations.RecordMeetingMinutes.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().recordMinutes))))
    }

    /// POST /api/v1/meetings/{meetingID}/decisions: Beschluss; „Arbeitsgruppe einrichten“ legt die Arbeitsgruppe an
    func takeDecision(_ input: Operations.TakeDecision.Input) async throws -> Operations.TakeDecision.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().decide))))
    }

    /// GET /api/v1/decisions: Beschlüsse aller Gremien; überfällige sind markiert
    func listDecisions(_ input: Operations.ListDecisions.Input) async throws -> Operations.ListDecisions.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().decisions))))
    }

    /// POST /api/v1/decisions/{decisionID}: Stand eines Beschlusses
    func setDecisionStatus(_ input: Operations.SetDecisionStatus.Input) async throws -> Operations.SetDecisionStatus.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(SteeringAPIController().setStatus))))
    }
}

/// The meetings of the bodies one sits on with an account (issue 16, part 8).
extension ContractHandler {
    /// GET /api/v1/my-meetings: Meine Sitzungen
    func listMemberMeetings(_ input: Operations.ListMemberMeetings.Input) async throws -> Operations.ListMemberMeetings.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(MemberMeetingsAPIController().list))))
    }

    /// GET /api/v1/my-meetings/{meetingID}: eine Sitzung eines eigenen Gremiums
    func readMemberMeeting(_ input: Operations.ReadMemberMeeting.Input) async throws -> Operations.ReadMemberMeeting.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(MemberMeetingsAPIController().meeting))))
    }
}

extension MemberMeetingsAPIController.Row: ContractAnswer {
    var contract: Components.Schemas.MemberMeeting {
        .init(id: id.contract, bodyId: bodyId.contract, body: body, heldOn: heldOn, place: place)
    }
}
