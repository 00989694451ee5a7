import Fluent
import Foundation
import LotseCore
import Vapor

/// The retention overview and the legal holds over JSON: the data-protection officer only.
struct RetentionAPIController {
    struct HoldDTO: Content {
        let id: UUID
        let caseId: UUID
        let reason: String
        let heldOn: String

        init(_ hold: RetentionHold) throws {
            (id, caseId, reason, heldOn) = (try hold.requireID(), hold.caseFileID, hold.reason, hold.heldOn)
        }
    }

    struct CaseDTO: Content {
        let caseId: UUID
        let number: String
        let municipality: String
        let closedOn: String
        let dueOn: String
        let kind: String
        let hold: HoldDTO?
        let restrictedSince: String?
    }

    struct RunDTO: Content {
        let ranAt: Date
        let trigger: String
        let casesAnonymised: Int
        let clientsErased: Int
        let casesHeld: Int
    }

    struct OverviewDTO: Content {
        let closedCaseRetentionMonths: Int
        let firstContactRetentionMonths: Int
        let previewEnd: String
        let due: [CaseDTO]
        let upcoming: [CaseDTO]
        let held: [CaseDTO]
        let runs: [RunDTO]
    }

    func overview(req: Request) async throws -> OverviewDTO {
        let (desk, _) = try req.retentionDesk()
        let overview = try await desk.overview()
        try await req.audit.record(.retentionRead, on: req.db)
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: req.db)
        func dto(_ candidate: RetentionDesk.Candidate) throws -> CaseDTO {
            CaseDTO(caseId: try candidate.file.requireID(), number: candidate.file.number, municipality: towns[candidate.file.municipalityID] ?? "",
                    closedOn: candidate.file.closedOn ?? "", dueOn: candidate.dueOn, kind: candidate.firstContact ? "firstContact" : "closedCase",
                    hold: try candidate.hold.map(HoldDTO.init), restrictedSince: candidate.restrictedSince)
        }
        return OverviewDTO(closedCaseRetentionMonths: overview.periods.closedCaseMonths, firstContactRetentionMonths: overview.periods.firstContactMonths,
                           previewEnd: overview.previewEnd, due: try overview.due.map(dto), upcoming: try overview.upcoming.map(dto),
                           held: try overview.held.map(dto),
                           runs: overview.runs.map { RunDTO(ranAt: $0.ranAt, trigger: $0.trigger, casesAnonymised: $0.casesAnonymised,
                                                            clientsErased: $0.clientsErased, casesHeld: $0.casesHeld) })
    }

    func hold(req: Request) async throws -> HoldDTO {
        let (desk, actorID) = try req.retentionDesk()
        let fields = try req.jsonFields()
        return try HoldDTO(try await desk.hold(caseID: UUID(uuidString: fields.text("caseId")), reason: fields.text("reason"), by: actorID,
                                               people: try req.knownPeople()))
    }

    func lift(req: Request) async throws -> HTTPStatus {
        try await req.retentionDesk().desk.lift(try req.id("holdID"))
        return .noContent
    }
}
