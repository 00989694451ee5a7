import Fluent
import LotseCore
import SQLKit
import Vapor

/// Builds the policy's view of a user from their stored role grants.
enum ActorLoader {
    /// Runs on every signed-in request: the grants are read as plain rows, since a Fluent model
    /// per row costs its reflection over every field (issue 17).
    static func actor(for user: User, on database: any Database) async throws -> Actor {
        let userID = try user.requireID()
        struct Row: Decodable { let role: Role; let municipality_id: UUID? }
        guard let sql = database as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Die Anmeldung braucht eine SQL-Datenbank.") }
        let rows = try await sql.select().column("role").column("municipality_id").from(RoleGrantRecord.schema)
            .where("user_id", .equal, userID).all(decoding: Row.self)
        return Actor(userID: userID, districtID: user.districtID, grants: grants(from: rows.map { ($0.role, $0.municipality_id) }))
    }

    static func grants(from records: [RoleGrantRecord]) -> [RoleGrant] {
        grants(from: records.map { ($0.role, $0.municipalityID) })
    }

    static func grants(from records: [(role: Role, municipalityID: UUID?)]) -> [RoleGrant] {
        var scopes: [Role: GrantScope] = [:]
        for (role, municipalityID) in records {
            switch (scopes[role], municipalityID) {
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
