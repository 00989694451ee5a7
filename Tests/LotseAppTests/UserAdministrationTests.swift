import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct UserAdministrationWebTests {
    @Test func listCreateValidateAndEditRoles() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let list = try await browser.get(SiteURL.users.path).body.string
            #expect(list.contains(context.fixture.caseManager.username))
            #expect(!list.contains(context.fixture.adminB.username), "Benutzer*innen anderer Kreise erscheinen nicht")

            try await browser.get("/admin/users/new")
            let invalid = try await browser.post(SiteURL.users.path, [("displayName", "Jana Probe"), ("username", "Jana Probe!"),
                                                                  ("role", "caseManager"), ("scope-caseManager", "municipalities")])
            #expect(invalid.status == .unprocessableEntity)
            let page = invalid.body.string
            #expect(page.contains("Kleinbuchstaben"))
            #expect(page.contains("mindestens eine Kommune"))
            #expect(page.contains("value=\"Jana Probe\""), "der Name bleibt erhalten")
            let noRole = try await browser.post(SiteURL.users.path, [("displayName", "Jana Probe"), ("username", "jana.probe")])
            #expect(noRole.body.string.contains("mindestens eine Rolle"))
            let taken = try await browser.post(SiteURL.users.path, [("displayName", "Doppelt"), ("username", context.fixture.admin.username), ("role", "coordinator")])
            #expect(taken.body.string.contains("gibt es schon"))
            let foreignTown = try await browser.post(SiteURL.users.path, [("displayName", "Jana Probe"), ("username", "jana.probe"), ("role", "caseManager"),
                                                                      ("scope-caseManager", "municipalities"), ("municipalities-caseManager", context.fixture.municipalityB1.uuidString)])
            #expect(foreignTown.body.string.contains("nur Kommunen dieses Kreises"))

            let created = try await browser.post(SiteURL.users.path, [("displayName", "Jana Probe"), ("username", "jana.probe"), ("role", "coordinator"),
                                                                  ("scope-coordinator", "district"), ("role", "steeringMember")])
            #expect(created.status == .created)
            #expect(created.body.string.contains("nur jetzt angezeigt") && created.body.string.contains("zweite Person"))
            let jana = try #require(try await User.query(on: context.app.db).filter(\.$username == "jana.probe").first())
            #expect(jana.districtID == context.fixture.districtA)
            #expect(jana.mustChangePassword)
            // The coordination opens personal data: it waits for a second person; the steering seat does not.
            let grants = try await ActorLoader.actor(for: jana, on: context.app.db).grants
            #expect(Set(grants.map(\.role)) == [.steeringMember])
            #expect(try await GrantApprovals.pendingGrants(of: [try jana.requireID()], on: context.app.db)[try jana.requireID()] == [RoleGrant(role: .coordinator, scope: .district)])

            let edit = try await browser.get(SiteURL.user(.value(try jana.requireID())).path)
            #expect(edit.body.string.contains("Ersteinrichtung ausstehend"))
            let changed = try await browser.post(SiteURL.user(.value(try jana.requireID())).path, [
                ("displayName", "Jana Probe-Meier"), ("role", "caseManager"), ("scope-caseManager", "municipalities"),
                ("municipalities-caseManager", context.fixture.municipalityA1.uuidString), ("municipalities-caseManager", context.fixture.municipalityA2.uuidString),
            ])
            #expect(changed.headers.first(name: .location) == "/admin/users/\(try jana.requireID())?hinweis=wartet-auf-bestaetigung")
            // The steering seat is removed at once; case management waits; the coordination request is withdrawn.
            let after = try await ActorLoader.actor(for: jana, on: context.app.db).grants
            #expect(after.isEmpty)
            #expect(try await GrantApprovals.pendingGrants(of: [try jana.requireID()], on: context.app.db)[try jana.requireID()]
                    == [RoleGrant(role: .caseManager, scope: .municipalities([context.fixture.municipalityA1, context.fixture.municipalityA2]))])
            #expect(try await User.find(jana.id, on: context.app.db)?.displayName == "Jana Probe-Meier")
        }
    }

    @Test func deactivatingEndsAllSessionsAndTokensAtOnce() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            let worker = context.browser()
            try await worker.signIn(context.fixture.caseManager)
            let token = try await context.api().token(for: context.fixture.caseManager)
            let id = context.fixture.caseManager.id
            let confirm = try await admin.get("/admin/users/\(id)/deactivate")
            #expect(confirm.body.string.contains("Alle 1 laufenden Sitzungen"))
            #expect(confirm.body.string.contains("Ja, deaktivieren"))
            let done = try await admin.post("/admin/users/\(id)/deactivate")
            #expect(done.headers.first(name: .location) == "/admin/users/\(id)?hinweis=deaktiviert")
            #expect(try await worker.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            #expect(try await context.api().request(.GET, "/api/v1/me", token: token).status == .unauthorized)
            // A deactivated account cannot sign in, and gets the general answer.
            try await worker.get(SiteURL.signIn.path)
            let refused = try await worker.post(SiteURL.signIn.path, [("username", context.fixture.caseManager.username), ("password", context.fixture.caseManager.password)])
            #expect(refused.body.string.contains(SignInService.rejectedMessage))
            #expect(try await admin.post("/admin/users/\(id)/activate").headers.first(name: .location) == "/admin/users/\(id)?hinweis=aktiviert")
            try await worker.signIn(context.fixture.caseManager)
            #expect(try await worker.get(SiteURL.start.path).status == .ok)
            // The administrator cannot lock themself out.
            #expect(try await admin.post("/admin/users/\(context.fixture.admin.id)/deactivate").status == .conflict)
            let selfDemotion = try await admin.post(SiteURL.user(.value(context.fixture.admin.id)).path, [("displayName", "Ich"), ("role", "coordinator")])
            #expect(selfDemotion.status == .unprocessableEntity && selfDemotion.body.string.contains("eigenen Rollen"))
        }
    }

    @Test func resettingAccessIssuesANewOneTimePasswordAndForgetsTheAuthenticator() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            let worker = context.browser()
            try await worker.signIn(context.fixture.caseManager)
            let id = context.fixture.caseManager.id
            #expect(try await admin.get("/admin/users/\(id)/reset").body.string.contains("Ja, Zugang zurücksetzen"))
            let reset = try await admin.post("/admin/users/\(id)/reset")
            #expect(reset.status == .ok)
            let password = try #require(reset.body.string.firstMatch(of: /<p class="one-time-password"><code>([^<]+)<\/code>/)?.1).description
            #expect(try await worker.get(SiteURL.start.path).headers.first(name: .location) == SiteURL.signIn.path)
            try await worker.get(SiteURL.signIn.path)
            let step = try await worker.post(SiteURL.signIn.path, [("username", context.fixture.caseManager.username), ("password", password)])
            #expect(step.headers.first(name: .location) == SiteURL.signInNewPassword.path)
        }
    }

    @Test func foreignUsersAreNotFound() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            let foreign = context.fixture.adminB.id
            for path in [SiteURL.user(.value(foreign)).path, "/admin/users/\(foreign)/deactivate", "/admin/users/\(foreign)/reset"] {
                #expect(try await admin.get(path).status == .notFound, "\(path)")
            }
            for path in [SiteURL.user(.value(foreign)).path, "/admin/users/\(foreign)/deactivate", "/admin/users/\(foreign)/activate", "/admin/users/\(foreign)/reset"] {
                #expect(try await admin.post(path, [("displayName", "X"), ("role", "admin")]).status == .notFound, "\(path)")
            }
            #expect(try await User.find(foreign, on: context.app.db)?.isActive == true)
        }
    }

    @Test func longListsArePaginated() async throws {
        try await withLotse { context in
            for index in 0..<55 {
                let user = User(districtID: context.fixture.districtA, username: "viele.\(index)", displayName: "Viele \(index)", passwordHash: "x", mustChangePassword: true)
                try await user.create(on: context.app.db)
            }
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            let first = try await admin.get(SiteURL.users.path).body.string
            #expect(first.contains("Seite 1 von 2"))
            #expect(first.contains("href=\"/admin/users?seite=2\""))
            let second = try await admin.get("/admin/users?seite=2").body.string
            #expect(second.contains("Seite 2 von 2"))
            #expect(second.contains("href=\"/admin/users?seite=1\""))
        }
    }
}

@Suite struct UserAPITests {
    @Test func createListChangeAndReset() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            // Fields a client may not set (district, active flag) are refused, and nobody is created.
            let smuggled = try await api.request(.POST, "/api/v1/users", token: token, json: [
                "username": "api.person", "displayName": "API Person", "districtId": context.fixture.districtB.uuidString, "isActive": false,
                "roles": [["role": "caseManager", "municipalityIds": [context.fixture.municipalityA1.uuidString]]],
            ])
            #expect(smuggled.status == .badRequest)
            #expect(try await User.query(on: context.app.db).filter(\.$username == "api.person").count() == 0)
            let created = try await api.request(.POST, "/api/v1/users", token: token, json: [
                "username": "api.person", "displayName": "API Person",
                "roles": [["role": "caseManager", "municipalityIds": [context.fixture.municipalityA1.uuidString]]],
            ])
            #expect(created.status == .created)
            let body = try #require(try api.json(created) as? [String: Any])
            #expect((body["oneTimePassword"] as? String)?.count == 19)
            let user = try #require(body["user"] as? [String: Any])
            #expect(user["setupPending"] as? Bool == true)
            #expect(user["isActive"] as? Bool == true)
            let id = try #require(user["id"] as? String)
            #expect(try await User.find(UUID(uuidString: id), on: context.app.db)?.districtID == context.fixture.districtA)

            let unknownRole = try await api.request(.POST, "/api/v1/users", token: token, json: ["username": "x.y", "displayName": "X", "roles": [["role": "king"]]])
            #expect(unknownRole.status == .badRequest, "eine Rolle außerhalb der Liste des Vertrags")
            #expect(try await api.request(.GET, "/api/v1/users?perPage=0", token: token).status == .unprocessableEntity)

            let list = try #require(try api.json(try await api.request(.GET, "/api/v1/users?perPage=2", token: token)) as? [String: Any])
            #expect(list["total"] as? Int == Role.allCases.count + 1, "one account per role, and the one made above")
            #expect((list["items"] as? [Any])?.count == 2)

            let patched = try await api.request(.PATCH, "/api/v1/users/\(id)", token: token, json: ["displayName": "API Person 2", "roles": [["role": "coordinator"]], "isActive": false])
            let patchedBody = try #require(try api.json(patched) as? [String: Any])
            #expect(patchedBody["displayName"] as? String == "API Person 2")
            #expect(patchedBody["isActive"] as? Bool == false)
            #expect(((patchedBody["pendingRoles"] as? [[String: Any]])?.first?["role"]) as? String == "coordinator", "waits for a second person")
            #expect(try await api.request(.GET, "/api/v1/users/\(id)", token: token).status == .ok)
            let reset = try await api.request(.POST, "/api/v1/users/\(id)/reset-access", token: token)
            #expect(reset.status == .ok)
            #expect(try await api.request(.GET, "/api/v1/users/\(context.fixture.adminB.id)", token: token).status == .notFound)
            let selfDeactivate = try await api.request(.PATCH, "/api/v1/users/\(context.fixture.admin.id)", token: token, json: ["isActive": false])
            #expect(selfDeactivate.status == .conflict)
        }
    }
}
