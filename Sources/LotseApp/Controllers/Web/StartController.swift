import Fluent
import LotseCore
import Vapor

/// The first page after sign-in: who you are, in which roles, and where to go.
struct StartController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("start", use: start)
    }

    struct StartPage: Encodable {
        let displayName: String
        let districtName: String
        let roles: [RoleDescription]
        let links: [LayoutContext.NavigationItem]
    }

    func start(req: Request) async throws -> Response {
        let signedIn = try req.authorize(.useOwnAccount)
        let district = try await District.find(signedIn.user.districtID, on: req.db)
        let page = StartPage(
            displayName: signedIn.user.displayName,
            districtName: district?.name ?? "",
            roles: try await RoleDescription.describe(signedIn.actor.grants, districtID: signedIn.user.districtID, on: req.db),
            links: Navigation.items(for: signedIn.actor, path: "").filter { $0.href != "/start" })
        return try await req.render("start", title: "Start", content: page)
    }
}

/// A role with its scope in words: "Case Management – Altenbeken, Borchen".
struct RoleDescription: Encodable {
    let role: String
    let scope: String

    static func describe(_ grants: [RoleGrant], districtID: UUID, on database: any Database) async throws -> [RoleDescription] {
        let names = try await OrganisationService.municipalityNames(districtID: districtID, on: database)
        return grants.map { grant in
            switch grant.scope {
            case .district:
                RoleDescription(role: grant.role.germanName, scope: "ganzer Kreis")
            case .municipalities(let ids):
                RoleDescription(role: grant.role.germanName, scope: ids.compactMap { names[$0] }.sorted().joined(separator: ", "))
            }
        }
    }
}
