import Fluent
import Foundation
import Vapor

/// The erasure requests over JSON: the data-protection officer only (the case manager asks through
/// the case step `POST /api/v1/cases/{caseID}/erasure`).
struct ErasureAPIController {
    struct RequestDTO: Content {
        let id: UUID
        let caseId: UUID
        let number: String
        let municipality: String
        let reason: String
        let requestedOn: String
        let deadline: String
        let requestedBy: String
        let status: String
        let decidedOn: String?
        let decidedBy: String?
        let decisionReason: String?
        let casesAnonymised: Int?

        init(_ shown: ErasureController.Shown) throws {
            let request = shown.request
            (id, caseId, number, municipality, reason) = (try request.requireID(), request.caseFileID, shown.number, shown.municipality, request.reason)
            (requestedOn, deadline, requestedBy, status) = (request.requestedOn, shown.deadline, shown.requestedBy, request.status.rawValue)
            (decidedOn, decisionReason, casesAnonymised) = (request.decidedOn, request.decisionReason, request.casesAnonymised)
            decidedBy = shown.decidedBy.isEmpty ? nil : shown.decidedBy
        }
    }

    struct ListDTO: Content {
        let pending: [RequestDTO]
        let decided: [RequestDTO]
    }

    func list(req: Request) async throws -> ListDTO {
        let (pending, decided) = try await req.erasureDesk().requests()
        try await req.audit.record(.erasuresRead, on: req.db)
        return ListDTO(pending: try await ErasureController.shown(pending, on: req.db).map(RequestDTO.init),
                       decided: try await ErasureController.shown(decided, on: req.db).map(RequestDTO.init))
    }

    func approve(req: Request) async throws -> RequestDTO {
        let request = try await req.erasureDesk().approve(try req.id("requestID"))
        return try RequestDTO(try await ErasureController.shown([request], on: req.db)[0])
    }

    func reject(req: Request) async throws -> RequestDTO {
        let request = try await req.erasureDesk().reject(try req.id("requestID"), reason: try req.jsonFields().text("reason"))
        return try RequestDTO(try await ErasureController.shown([request], on: req.db)[0])
    }
}
