import Fluent
import Foundation
import Vapor
@testable import LotseApp
@testable import LotseCore

/// A person the tests sign in as, with what they need to do so.
struct TestUser: Sendable {
    let id: UUID
    let username: String
    let password: String
    let totpSecret: [UInt8]
    let districtID: UUID
    /// A unique random token in the person's name: a canary that must not turn up where the
    /// name may not be shown.
    let canary: String

    func code(at date: Date) -> String { TOTP(secret: totpSecret).code(at: date) }
}

/// Two districts. A has two municipalities and one user per role (the case manager only for the
/// first municipality); B has its own administrator and municipality, to prove nothing crosses.
struct Fixture: Sendable {
    var districtA = UUID()
    var districtB = UUID()
    var municipalityA1 = UUID()
    var municipalityA2 = UUID()
    var municipalityB1 = UUID()
    var regionA = UUID()
    var regionB = UUID()
    var users: [Role: TestUser] = [:]
    var adminB: TestUser!

    var admin: TestUser { users[.admin]! }
    var caseManager: TestUser { users[.caseManager]! }

    static func create(in app: Application) async throws -> Fixture {
        var fixture = Fixture()
        let a = District(name: "Kreis Testhausen")
        let b = District(name: "Kreis Anderswo")
        try await a.create(on: app.db)
        try await b.create(on: app.db)
        fixture.districtA = try a.requireID()
        fixture.districtB = try b.requireID()
        let regionA = Region(districtID: fixture.districtA, name: "Region Nord", kind: .region)
        let regionB = Region(districtID: fixture.districtB, name: "Region Fern", kind: .region)
        try await regionA.create(on: app.db)
        try await regionB.create(on: app.db)
        fixture.regionA = try regionA.requireID()
        fixture.regionB = try regionB.requireID()
        let m1 = Municipality(districtID: fixture.districtA, regionID: regionA.id, name: "Altdorf")
        let m2 = Municipality(districtID: fixture.districtA, regionID: regionA.id, name: "Neustadt")
        let mb = Municipality(districtID: fixture.districtB, regionID: regionB.id, name: "Fernau")
        for municipality in [m1, m2, mb] { try await municipality.create(on: app.db) }
        fixture.municipalityA1 = try m1.requireID()
        fixture.municipalityA2 = try m2.requireID()
        fixture.municipalityB1 = try mb.requireID()
        for role in Role.allCases {
            let scope: GrantScope = role == .caseManager ? .municipalities([fixture.municipalityA1]) : .district
            fixture.users[role] = try await makeUser(app, username: "a.\(role.rawValue.lowercased())", districtID: fixture.districtA,
                                                     grants: [RoleGrant(role: role, scope: scope)])
        }
        fixture.adminB = try await makeUser(app, username: "b.admin", districtID: fixture.districtB,
                                            grants: [RoleGrant(role: .admin, scope: .district)])
        return fixture
    }

    /// A fully set-up user (own password, enrolled TOTP).
    static func makeUser(_ app: Application, username: String, districtID: UUID, grants: [RoleGrant],
                         enrolled: Bool = true) async throws -> TestUser {
        // The username gets a random suffix, so that it is a canary of its own.
        let username = username + "." + String(SecureRandom.token(byteCount: 12).lowercased().filter { $0.isLetter || $0.isNumber }.prefix(6))
        let password = "Sichere-Test-Phrase-\(username)"
        let secret = TOTP.generateSecret()
        let canary = "Kanarie" + SecureRandom.token(byteCount: 9)
        let user = User(districtID: districtID, username: username, displayName: "Person \(username) \(canary)",
                        passwordHash: try await app.password.async.hash(PasswordRules.prehash(password)), mustChangePassword: !enrolled)
        try await user.create(on: app.db)
        if enrolled {
            user.totpSecretSealed = try app.lotse.requireTOTPBox().seal(secret, context: "user:\(try user.requireID())")
            try await user.save(on: app.db)
        }
        try await UserAdministration.replaceGrants(of: user, with: grants, on: app.db)
        return TestUser(id: try user.requireID(), username: username, password: password, totpSecret: secret, districtID: districtID, canary: canary)
    }
}
