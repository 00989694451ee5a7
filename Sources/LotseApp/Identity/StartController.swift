import Fluent
import LotseCore
import Vapor

/// The first page after sign-in: who you are, in which roles, and where to go.
struct StartController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.start, use: start)
    }

    struct StartPage: Encodable {
        let displayName: String
        let districtName: String
        let roles: [RoleDescription]
        let links: [LayoutContext.NavigationItem]
        let today: StartToday
    }

    func start(req: Request) async throws -> Response {
        let access = try req.authorize(.useOwnAccount)
        let district = try await District.find(access.scope.districtID, on: req.db)
        let page = StartPage(
            displayName: access.user.displayName,
            districtName: district?.name ?? "",
            roles: try await RoleDescription.describe(access.actor.grants, access.scope, on: req.db),
            links: Navigation.items(for: access.actor, path: "").filter { $0.href != SiteURL.start.path },
            today: try await StartToday.build(for: access.actor, req))
        return try await req.render("identity/start", title: "Start", content: page)
    }
}

/// A role with its scope in words: "Case Management – Altenbeken, Borchen".
struct RoleDescription: Encodable {
    let role: String
    let scope: String

    static func describe(_ grants: [RoleGrant], _ scope: AccessScope, on database: any Database) async throws -> [RoleDescription] {
        let names = try await OrganisationService.municipalityNames(scope, on: database)
        let words = try await DistrictWords.load(scope.districtID, on: database)
        return grants.map { grant in
            switch grant.scope {
            case .district:
                RoleDescription(role: words.name(grant.role), scope: "ganzer Kreis")
            case .municipalities(let ids):
                RoleDescription(role: words.name(grant.role), scope: ids.compactMap { names[$0] }.sorted().joined(separator: ", "))
            }
        }
    }
}
