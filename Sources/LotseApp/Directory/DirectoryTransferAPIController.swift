import Fluent
import LotseCore
import Vapor

/// CSV export and import of the directory over the API (`text/csv` in both directions).
struct DirectoryTransferAPIController {
    struct RejectedDTO: Content {
        var error = true
        let reason: String
        let requestId: String
        let rows: [DirectoryTransfer.RejectedRow]
    }

    func export(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        return Download.csv(try await DirectoryTransfer.export(access.scope, on: req.db), name: "lotse-angebote")
    }

    /// All rows imported, or none and why.
    enum ImportOutcome {
        case imported(DirectoryTransfer.Summary)
        case rejected(RejectedDTO)
    }

    func importCSV(req: Request) async throws -> ImportOutcome {
        let access = try req.authorize(.importDirectory)
        let text = req.body.string ?? ""
        do {
            let summary = try await DirectoryTransfer.importCSV(text, access.scope, by: access.user.id, now: req.now, audit: req.audit, on: req.db)
            return .imported(summary)
        } catch let rejected as DirectoryTransfer.Rejected {
            return .rejected(RejectedDTO(reason: "Die Datei wurde nicht importiert: \(rejected.rows.count) Zeilen sind fehlerhaft.", requestId: req.id,
                                         rows: rejected.rows))
        }
    }
}

