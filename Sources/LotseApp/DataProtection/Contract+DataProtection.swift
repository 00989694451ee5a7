import LotseAPI
import Vapor

/// The data-protection officer's retention operations of the contract, answered by `RetentionAPIController`.
extension ContractHandler {
    /// GET /api/v1/retention: Löschfristen
    func readRetention(_ input: Operations.ReadRetention.Input) async throws -> Operations.ReadRetention.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(RetentionAPIController().overview))))
    }

    /// POST /api/v1/retention/holds: einen Fall zurückhalten
    func holdCase(_ input: Operations.HoldCase.Input) async throws -> Operations.HoldCase.Output {
        .created(.init(body: .json(try await CurrentRequest.get().answer(RetentionAPIController().hold))))
    }

    /// DELETE /api/v1/retention/holds/{holdID}: Zurückhaltung aufheben
    func liftHold(_ input: Operations.LiftHold.Input) async throws -> Operations.LiftHold.Output {
        try await CurrentRequest.get().answerEmpty(.noContent, RetentionAPIController().lift)
        return .noContent(.init())
    }
}

/// The data-protection officer's erasure decisions, answered by `ErasureAPIController`.
extension ContractHandler {
    /// GET /api/v1/erasure-requests: Löschanträge
    func listErasureRequests(_ input: Operations.ListErasureRequests.Input) async throws -> Operations.ListErasureRequests.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ErasureAPIController().list))))
    }

    /// POST /api/v1/erasure-requests/{requestID}/approve: Löschung bestätigen
    func approveErasure(_ input: Operations.ApproveErasure.Input) async throws -> Operations.ApproveErasure.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ErasureAPIController().approve))))
    }

    /// POST /api/v1/erasure-requests/{requestID}/reject: Löschantrag ablehnen
    func rejectErasure(_ input: Operations.RejectErasure.Input) async throws -> Operations.RejectErasure.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ErasureAPIController().reject))))
    }
}

/// Access requests (Art. 15 GDPR): the case manager's steps and export, the officer's overview.
extension ContractHandler {
    /// POST /api/v1/cases/{caseID}/access-request: Auskunftsersuchen erfassen
    func recordAccessRequest(_ input: Operations.RecordAccessRequest.Input) async throws -> Operations.RecordAccessRequest.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.accessRequest), $0) }))))
    }

    /// POST /api/v1/cases/{caseID}/access-requests/{requestID}: Auskunft als erteilt festhalten
    func fulfilAccessRequest(_ input: Operations.FulfilAccessRequest.Input) async throws -> Operations.FulfilAccessRequest.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await CaseAPIController().save(try CaseStep.at(.accessFulfil(.key)), $0) }))))
    }

    /// GET /api/v1/cases/{caseID}/access-export: Auskunft nach Art. 15 DSGVO
    func exportPersonalData(_ input: Operations.ExportPersonalData.Input) async throws -> Operations.ExportPersonalData.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await AccessExportController.export($0).0 }))))
    }

    /// GET /api/v1/access-requests: Auskunftsersuchen (Datenschutz)
    func listAccessRequests(_ input: Operations.ListAccessRequests.Input) async throws -> Operations.ListAccessRequests.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer({ try await $0.accessRequestOverview().0 }))))
    }
}
