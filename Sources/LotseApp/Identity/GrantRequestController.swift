import LotseCore
import Vapor

/// "Rollenanträge": the second pair of eyes in the browser, for the administration and the
/// data-protection officer. The decision itself is `GrantApprovals.decide`, shared with the API.
struct GrantRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.grantRequests, use: list)
        routes.post(.grantRequestApprove(.key), use: approve)
        routes.post(.grantRequestReject(.key), use: reject)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let user: String
            let role: String
            let scope: String
            let requestedBy: String
            let requestedAt: String
            let mayDecide: Bool
            let approve: SiteURL
            let reject: SiteURL
        }

        let rows: [Row]
        let hasRows: Bool
    }

    func list(req: Request) async throws -> Response {
        let access = try req.authorize(.approveGrants)
        let rows = try await GrantApprovals.pending(access.scope, viewer: access.actor.userID, on: req.db).map { view in
            ListPage.Row(user: view.user, role: view.roleName, scope: view.scope, requestedBy: view.requestedBy,
                         requestedAt: GermanFormat.dateTime(view.requestedAt), mayDecide: view.mayDecide,
                         approve: .grantRequestApprove(.value(view.id)), reject: .grantRequestReject(.value(view.id)))
        }
        return try await req.render("identity/grant-requests", title: "Rollenanträge", content: ListPage(rows: rows, hasRows: !rows.isEmpty),
                                    breadcrumbs: [.init(label: "Start", href: SiteURL.start.path)])
    }

    func approve(req: Request) async throws -> Response { try await decide(req, approve: true) }

    func reject(req: Request) async throws -> Response { try await decide(req, approve: false) }

    private func decide(_ req: Request, approve: Bool) async throws -> Response {
        let access = try req.authorize(.approveGrants)
        _ = try await GrantApprovals.decide(try req.id("grantRequestID"), approve: approve, access.scope, by: access.actor.userID,
                                            audit: req.audit, now: req.now, on: req.db)
        return req.seeOther(.grantRequests, notice: approve ? .approved : .rejected)
    }
}
