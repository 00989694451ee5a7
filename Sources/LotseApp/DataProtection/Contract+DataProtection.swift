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
