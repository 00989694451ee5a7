import Fluent
import Foundation
import LotseCore
import Vapor

/// The offices' backlog figures over JSON and CSV (issue 16, part 5), with the same desk as the browser.
struct BacklogAPIController {
    struct RowDTO: Sendable {
        let month: String
        let procedure: Coded
        let figures: BacklogFigures
    }

    struct RejectedDTO: Sendable {
        let reason: String
        let requestId: String
        let lines: [BacklogRules.RejectedLine]
    }

    enum ImportOutcome {
        case imported(BacklogDesk.Imported)
        case rejected(RejectedDTO)
    }

    static func rows(_ reports: [BacklogReport]) -> [RowDTO] {
        reports.map { RowDTO(month: $0.month, procedure: Coded($0.procedure), figures: $0.figures) }
    }

    func list(req: Request) async throws -> [RowDTO] {
        Self.rows(try await req.backlogDesk().reports(try req.id("officeID")).1)
    }

    func record(req: Request) async throws -> [RowDTO] {
        let desk = try req.backlogDesk()
        let officeID = try req.id("officeID")
        try await desk.record(try req.jsonFields().backlogEntry, officeID: officeID)
        return Self.rows(try await desk.reports(officeID).1)
    }

    func importCSV(req: Request) async throws -> ImportOutcome {
        let desk = try req.backlogDesk()
        do {
            return .imported(try await desk.importCSV(req.body.string ?? "", officeID: try req.id("officeID")))
        } catch let rejected as BacklogDesk.Rejected {
            return .rejected(RejectedDTO(reason: "Die Datei wurde nicht übernommen: \(rejected.lines.count) Zeilen sind fehlerhaft.",
                                         requestId: req.id, lines: rejected.lines))
        }
    }
}
