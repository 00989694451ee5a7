import Fluent
import Foundation
import LotseCore

/// A person who signs in. The TOTP secret is stored sealed with a key derived from the master key.
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    var properties: [any AnyProperty] { [$id, $districtID, $username, $displayName, $passwordHash, $mustChangePassword, $totpSecretSealed, $totpLastStep, $isActive, $createdAt, $updatedAt, $grants] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    /// Set for a one-time password from the administration: the next sign-in asks for a new one.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @OptionalField(key: "totp_secret_sealed") var totpSecretSealed: String?
    /// The last TOTP time step accepted; a code of this step or older is never accepted again.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$user) var grants: [RoleGrantRecord]

    init() {}

    init(id: UUID? = nil, districtID: UUID, username: String, displayName: String, passwordHash: String, mustChangePassword: Bool) {
        self.id = id
        self.districtID = districtID
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        isActive = true
    }
}

/// One role of a user, for the whole district (`municipalityID == nil`) or one municipality.
/// A role for three municipalities is three rows.
final class RoleGrantRecord: Model, @unchecked Sendable {
    static let schema = "role_grants"
    var properties: [any AnyProperty] { [$id, $user, $role, $municipalityID] }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role
    @OptionalField(key: "municipality_id") var municipalityID: UUID?

    init() {}

    init(userID: UUID, role: Role, municipalityID: UUID?) {
        $user.id = userID
        self.role = role
        self.municipalityID = municipalityID
    }
}
