import Fluent
import Foundation
import LotseCore

/// Staff of a district by id or by role: the names a page shows beside a record ("recorded by"),
/// and the people who hold a role (who can be made responsible, staffed, named in a record).
enum StaffDirectory {
    /// Display names of the district's users among `ids`.
    static func names(_ ids: some Sequence<UUID>, districtID: UUID, on db: any Database) async throws -> [UUID: String] {
        let wanted = Array(Set(ids))
        guard !wanted.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ wanted).filter(\.$districtID == districtID).all()
            .compactMap { user in user.id.map { ($0, user.displayName) } })
    }

    /// The district's users holding `role` (in any scope), by name; with `activeOnly`, only active accounts.
    static func holders(of role: Role, districtID: UUID, activeOnly: Bool, on db: any Database) async throws -> [User] {
        let ids = Array(Set(try await RoleGrantRecord.query(on: db).filter(\.$role == role).all().map(\.$user.id)))
        guard !ids.isEmpty else { return [] }
        var users = User.query(on: db).filter(\.$id ~~ ids).filter(\.$districtID == districtID)
        if activeOnly { users = users.filter(\.$isActive == true) }
        return try await users.sort(\.$displayName).all()
    }
}
