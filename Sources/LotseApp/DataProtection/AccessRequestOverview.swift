import Fluent
import Foundation
import LotseCore
import Vapor

/// The data-protection officer's view of the access requests (issue 15, parts 2 and 5): open ones
/// with their deadline, and the answered ones, by case number and municipality, never a name. The
/// page also counts the erasure requests waiting, with the nearest deadline, so one page shows
/// every right of a data subject that waits for an answer.
struct AccessRequestOverview: Sendable {
    struct Row: Sendable, Encodable {
        let id: UUID
        let caseId: UUID
        let caseNumber: String
        let municipality: String
        let receivedOn: String
        let deadline: String
        let fulfilledOn: String?
        let delivery: String?
        let isOverdue: Bool
        let recordedBy: String
    }

    let open: [Row]
    /// The last fifty answered.
    let fulfilled: [Row]

    static func load(districtID: UUID, today: String, on db: any Database) async throws -> AccessRequestOverview {
        let open = try await AccessRequest.query(on: db).filter(\.$districtID == districtID).filter(\.$fulfilledOn == nil).sort(\.$deadline).all()
        let fulfilled = try await AccessRequest.query(on: db).filter(\.$districtID == districtID).filter(\.$fulfilledOn != nil)
            .sort(\.$fulfilledOn, .descending).limit(50).all()
        let all = open + fulfilled
        let numbers = Dictionary(uniqueKeysWithValues: try await CaseFile.query(on: db).filter(\.$id ~~ all.map(\.caseFileID)).all()
            .compactMap { file in file.id.map { ($0, file.number) } })
        let towns = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: db).filter(\.$id ~~ all.map(\.municipalityID)).all()
            .compactMap { town in town.id.map { ($0, town.name) } })
        let names = try await StaffDirectory.names(all.map(\.recordedBy), districtID: districtID, on: db)
        func row(_ request: AccessRequest) -> Row? {
            request.id.map { id in
                Row(id: id, caseId: request.caseFileID, caseNumber: numbers[request.caseFileID] ?? "–", municipality: towns[request.municipalityID] ?? "–",
                    receivedOn: request.receivedOn, deadline: request.deadline, fulfilledOn: request.fulfilledOn, delivery: request.delivery?.rawValue,
                    isOverdue: request.fulfilledOn == nil && request.deadline < today, recordedBy: names[request.recordedBy] ?? "–")
            }
        }
        return AccessRequestOverview(open: open.compactMap(row), fulfilled: fulfilled.compactMap(row))
    }
}

extension Request {
    /// The officer's overview of access requests, and the officer's district; reading it is audited.
    func accessRequestOverview() async throws -> (AccessRequestOverview, districtID: UUID) {
        let districtID = try authorize(.overseeDataProtection).scope.districtID
        let overview = try await AccessRequestOverview.load(districtID: districtID, today: GermanFormat.isoDay(now), on: db)
        try await audit.record(.accessRequestsRead, on: db)
        return (overview, districtID)
    }
}

/// "Anfragen Betroffener": the page of the overview.
struct DataSubjectRequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.dataSubjectRequests, use: page)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let caseNumber: String
            let municipality: String
            let receivedOn: String
            let deadline: String
            let isOverdue: Bool
            let fulfilledOn: String
            let delivery: String
            let onTime: Bool
            let recordedBy: String
        }

        let open: [Row]
        let fulfilled: [Row]
        let hasOpen: Bool
        let hasFulfilled: Bool
        let erasuresPending: Int
        let nearestErasureDeadline: String
        let erasures = SiteURL.erasureRequests
        let record = SiteURL.processingRecord
    }

    func page(req: Request) async throws -> Response {
        let (overview, districtID) = try await req.accessRequestOverview()
        let pendingErasures = try await ErasureRequest.query(on: req.db).filter(\.$districtID == districtID).filter(\.$status == .pending).all()
        func row(_ r: AccessRequestOverview.Row) -> Page.Row {
            Page.Row(caseNumber: r.caseNumber, municipality: r.municipality, receivedOn: GermanFormat.germanDay(r.receivedOn),
                     deadline: GermanFormat.germanDay(r.deadline), isOverdue: r.isOverdue, fulfilledOn: GermanFormat.germanDay(r.fulfilledOn ?? ""),
                     delivery: r.delivery.flatMap(AccessDelivery.init(rawValue:))?.germanName ?? "", onTime: (r.fulfilledOn ?? "") <= r.deadline,
                     recordedBy: r.recordedBy)
        }
        let nearest = pendingErasures.compactMap { RetentionRule.dueOn(closedOn: $0.requestedOn, months: 1) }.min() ?? ""
        let content = Page(open: overview.open.map(row), fulfilled: overview.fulfilled.map(row), hasOpen: !overview.open.isEmpty,
                           hasFulfilled: !overview.fulfilled.isEmpty, erasuresPending: pendingErasures.count,
                           nearestErasureDeadline: GermanFormat.germanDay(nearest))
        return try await req.render("data-protection/requests", title: "Anfragen Betroffener", content: content, breadcrumbs: RetentionController.crumbs)
    }
}
