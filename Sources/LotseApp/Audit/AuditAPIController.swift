import Fluent
import LotseCore
import Vapor

/// The audit trail over JSON and as CSV, for the data-protection officer.
struct AuditAPIController {
    struct EntryDTO: Content {
        let sequence: Int64
        let occurredAt: Date
        let actorId: UUID?
        let clientAddress: String
        let requestId: String
        let action: String
        let objectType: String?
        let objectId: String?
        let outcome: String
    }

    func filter(_ req: Request) throws -> AuditTrailService.Filter {
        // A person or object id that is given must be an id: an empty one would match everything.
        _ = try req.queryID("userId")
        _ = try req.queryID("objectId")
        return try AuditTrailService.filter(user: req.queryText("userId"), object: req.queryText("objectId"), action: req.queryText("action"), from: req.queryText("from"), to: req.queryText("to"),
                                            fields: ("userId", "objectId", "action", "from", "to"))
    }

    func search(req: Request) async throws -> Paged<EntryDTO> {
        let access = try req.authorize(.readAuditTrail)
        let (page, perPage) = try PageWindow.read(req, perPageDefault: 100, perPageMax: 500)
        let (entries, total) = try await AuditTrailService.search(try filter(req), access.scope, page: page, perPage: perPage, on: req.db)
        try await req.audit.record(.auditRead, on: req.db)
        return Paged(items: entries.map {
            EntryDTO(sequence: $0.sequence, occurredAt: $0.occurredAt, actorId: $0.actorID, clientAddress: $0.clientAddress, requestId: $0.requestID,
                     action: $0.action, objectType: $0.objectType, objectId: $0.objectID, outcome: $0.outcome)
        }, page: page, perPage: perPage, total: total)
    }

    func export(req: Request) async throws -> Response {
        let access = try req.authorize(.exportAuditTrail)
        let text = try await AuditTrailService.csv(try filter(req), access.scope, on: req.db)
        try await req.audit.record(.auditExported, on: req.db)
        return Download.csv(text, name: "lotse-protokoll")
    }
}
