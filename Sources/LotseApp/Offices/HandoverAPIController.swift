import Fluent
import Foundation
import LotseCore
import Vapor

/// The office's handovers over JSON (issue 16, part 4), with the same desk as the browser.
struct HandoverAPIController {
    struct RowDTO: Sendable {
        let id: UUID
        let procedure: Coded
        let municipality: String
        let handedOverOn: String
        let status: Coded
        let statusOn: String
        let readable: Bool
    }

    struct PersonDTO: Sendable {
        let givenNames: String
        let familyName: String
        let birthDate: String
    }

    struct HandoverDTO: Sendable {
        let id: UUID
        let office: String
        let procedure: Coded
        let municipality: String
        let handedOverOn: String
        let status: Coded
        let statusOn: String
        let readable: Bool
        let blockedReason: String?
        let person: PersonDTO?
        let checklist: String?
        let version: Int?
        /// The requirements as the case manager recorded them, in the shape the case shows them.
        let items: [CaseDetail.PreCheckView.Item]
        let events: [CaseDetail.HandoverView.Event]
    }

    static func dto(_ shown: HandoverDesk.Shown) throws -> HandoverDTO {
        let handover = shown.handover
        let content = shown.content
        return HandoverDTO(
            id: try handover.requireID(), office: shown.office.name, procedure: Coded(handover.procedure), municipality: shown.municipality,
            handedOverOn: handover.handedOverOn, status: Coded(handover.status), statusOn: handover.statusOn, readable: content != nil,
            blockedReason: shown.blockedReason,
            person: content.map { PersonDTO(givenNames: $0.givenNames, familyName: $0.familyName, birthDate: $0.birthDate) },
            checklist: content?.checklist, version: content?.version,
            items: content?.itemViews ?? [],
            events: shown.events)
    }

    func list(req: Request) async throws -> [RowDTO] {
        try await req.handoverDesk().list().1.map { row in
            RowDTO(id: try row.handover.requireID(), procedure: Coded(row.handover.procedure), municipality: row.municipality,
                   handedOverOn: row.handover.handedOverOn, status: Coded(row.handover.status), statusOn: row.handover.statusOn, readable: row.readable)
        }
    }

    func read(req: Request) async throws -> HandoverDTO {
        try Self.dto(try await req.handoverDesk().shown(try req.id("handoverID")))
    }

    func feedback(req: Request) async throws -> HandoverDTO {
        let desk = try req.handoverDesk()
        let id = try req.id("handoverID")
        try await desk.recordFeedback(try req.jsonFields().handoverFeedback, handoverID: id)
        return try Self.dto(try await desk.shown(id))
    }
}
