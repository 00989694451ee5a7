import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Every credential of a person ends together: whatever ends their other sessions (a new password,
/// "end the other sessions", a change of their roles, deactivation) also ends their API tokens, so a
/// stolen token does not outlive the moment its holder reacts.
@Suite struct CredentialEndTests {
    @Test func aNewPasswordEndsTheOtherSessionsAndEveryToken() async throws {
        try await withLotse { context in
            let user = context.fixture.caseManager
            let api = context.api()
            let token = try await api.token(for: user)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .ok)
            let office = context.browser()
            try await office.signIn(user)
            try await office.get(SiteURL.accountPassword.path)
            let changed = try await office.post(SiteURL.accountPassword.path, [("currentPassword", user.password), ("password", "Ampel-Fahrrad-Tulpe-9"),
                                                                              ("passwordRepeat", "Ampel-Fahrrad-Tulpe-9")])
            #expect(changed.status == .seeOther)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await office.get(SiteURL.start.path).status == .ok)
        }
    }

    @Test func endingTheOtherSessionsEndsEveryTokenToo() async throws {
        try await withLotse { context in
            let user = try #require(context.fixture.users[.coordinator])
            let api = context.api()
            let token = try await api.token(for: user)
            let office = context.browser()
            try await office.signIn(user)
            try await office.get(SiteURL.account.path)
            #expect(try await office.post(SiteURL.accountEndOtherSessions.path).status == .seeOther)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await office.get(SiteURL.start.path).status == .ok)
        }
    }

    @Test func aChangeOfRolesEndsSessionsAndTokensButARenameDoesNot() async throws {
        try await withLotse { context in
            let f = context.fixture
            let person = try await Fixture.makeUser(context.app, username: "rolle.neu", districtID: f.districtA,
                                                    grants: [RoleGrant(role: .coordinator, scope: .district)])
            let api = context.api()
            let adminToken = try await api.token(for: f.admin)
            let token = try await api.token(for: person)
            let laptop = context.browser()
            try await laptop.signIn(person)

            // Only the name: everything the person holds stays valid.
            let renamed = try await api.request(.PATCH, "/api/v1/users/\(person.id)", token: adminToken, json: ["displayName": "Neuer Name"])
            #expect(renamed.status == .ok)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .ok)
            #expect(try await laptop.get(SiteURL.start.path).status == .ok)

            // Another role over the API: token and session end at once.
            let widened = try await api.request(.PATCH, "/api/v1/users/\(person.id)", token: adminToken,
                                                json: ["roles": [["role": "coordinator"], ["role": "steeringMember"]]])
            #expect(widened.status == .ok)
            #expect(try await api.request(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await laptop.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)

            // The same in the browser form.
            let second = try await api.token(for: person)
            let admin = context.browser()
            try await admin.signIn(f.admin)
            try await admin.get(SiteURL.user(.value(person.id)).path)
            let narrowed = try await admin.post(SiteURL.user(.value(person.id)).path, [("displayName", "Neuer Name"), ("role", "coordinator"),
                                                                                       ("scope-coordinator", "district")])
            #expect(narrowed.status == .seeOther)
            #expect(try await api.request(.GET, "/api/v1/me", token: second).status == .unauthorized)
        }
    }
}
