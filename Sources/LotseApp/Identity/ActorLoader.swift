import Fluent
import LotseCore
import Vapor

/// Builds the policy's view of a user from their stored role grants.
enum ActorLoader {
    static func actor(for user: User, on database: any Database) async throws -> Actor {
        let records = try await RoleGrantRecord.query(on: database).filter(\.$user.$id == user.requireID()).all()
        return Actor(userID: try user.requireID(), districtID: user.districtID, grants: grants(from: records))
    }

    static func grants(from records: [RoleGrantRecord]) -> [RoleGrant] {
        var scopes: [Role: GrantScope] = [:]
        for record in records {
            let role = record.role
            switch (scopes[role], record.municipalityID) {
            case (.district, _), (_, nil):
                scopes[role] = .district
            case (.municipalities(let existing), let municipality?):
                scopes[role] = .municipalities(existing.union([municipality]))
            case (nil, let municipality?):
                scopes[role] = .municipalities([municipality])
            }
        }
        return Role.allCases.compactMap { role in scopes[role].map { RoleGrant(role: role, scope: $0) } }
    }
}
