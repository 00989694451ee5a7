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
