import LotseAPI
import Vapor

/// The topics operations of `openapi.yaml`, implemented by Lotse's topics handlers. The
/// compiler holds this to the generated `APIProtocol`: an operation, status or body kind that the
/// contract does not have does not compile; the handlers' answers are built in the contract's types
/// (`ContractAnswer`, in this area's `…Answers.swift`), so a field that differs does not compile either.
extension ContractHandler {
    /// GET /api/v1/findings: Erkenntnisse des Kreises (Fälle nur mit Nummer)
    func listFindings(_ input: Operations.ListFindings.Input) async throws -> Operations.ListFindings.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().findings))))
    }

    /// POST /api/v1/findings/{findingID}/topic: Erkenntnis einem Thema zuordnen (ohne topicId: aus dem Thema nehmen)
    func assignFinding(_ input: Operations.AssignFinding.Input) async throws -> Operations.AssignFinding.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().assign))))
    }

    /// POST /api/v1/findings/topic: mehrere Erkenntnisse einem Thema zuordnen
    func assignFindings(_ input: Operations.AssignFindings.Input) async throws -> Operations.AssignFindings.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().assignMany))))
    }

    /// GET /api/v1/topics: Themen des Kreises
    func listTopics(_ input: Operations.ListTopics.Input) async throws -> Operations.ListTopics.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().list))))
    }

    /// POST /api/v1/topics: Thema anlegen, optional mit Erkenntnissen
    func createTopic(_ input: Operations.CreateTopic.Input) async throws -> Operations.CreateTopic.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().create))))
    }

    /// GET /api/v1/topics/{topicID}: Thema mit Belegen und Verlauf
    func readTopic(_ input: Operations.ReadTopic.Input) async throws -> Operations.ReadTopic.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().show))))
    }

    /// PATCH /api/v1/topics/{topicID}: Thema ändern (nur die genannten Felder)
    func updateTopic(_ input: Operations.UpdateTopic.Input) async throws -> Operations.UpdateTopic.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().update))))
    }

    /// POST /api/v1/topics/{topicID}/status: Thema auf der Eskalationsleiter weiterführen (mit Begründung)
    func moveTopic(_ input: Operations.MoveTopic.Input) async throws -> Operations.MoveTopic.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().move))))
    }

    /// POST /api/v1/topics/{topicID}/merge: Thema mit einem anderen zusammenführen; dieses wird geschlossen
    func mergeTopic(_ input: Operations.MergeTopic.Input) async throws -> Operations.MergeTopic.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().merge))))
    }

    /// POST /api/v1/topics/{topicID}/request: Rückfrage an das Case Management anderer Kommunen
    func askMunicipalities(_ input: Operations.AskMunicipalities.Input) async throws -> Operations.AskMunicipalities.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().ask))))
    }

    /// POST /api/v1/topics/{topicID}/forwarding: Versand an das Land und Antwort festhalten
    func recordStateForwarding(_ input: Operations.RecordStateForwarding.Input) async throws -> Operations.RecordStateForwarding.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().forwarding))))
    }

    /// GET /api/v1/requests: Offene Rückfragen an die eigenen Kommunen (Case Management)
    func listEvidenceRequests(_ input: Operations.ListEvidenceRequests.Input) async throws -> Operations.ListEvidenceRequests.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().requests))))
    }

    /// POST /api/v1/requests/{requestID}: Rückfrage für eine eigene Kommune beantworten
    func answerEvidenceRequest(_ input: Operations.AnswerEvidenceRequest.Input) async throws -> Operations.AnswerEvidenceRequest.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(TopicAPIController().answer))))
    }
}
