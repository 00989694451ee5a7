import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 13, part 1: separation of duties and four eyes for roles, by API and browser.
@Suite struct FourEyesTests {
    /// The attack of the issue: an administrator gives themselves case management or data
    /// protection and reads clients or the audit trail. Refused; nothing changes.
    @Test(arguments: [Role.caseManager, .dataProtection, .steeringMember])
    func nobodyChangesTheirOwnRoles(_ role: Role) async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.admin)
            let answer = try await api.request(.PATCH, "/api/v1/users/\(f.admin.id)", token: token,
                                               json: ["roles": [["role": "admin"], ["role": role.rawValue]]])
            #expect(answer.status == .unprocessableEntity && answer.body.string.contains("eigenen Rollen"), "\(answer.status)")
            let grants = try await RoleGrantRecord.query(on: context.app.db).filter(\.$user.$id == f.admin.id).all()
            #expect(grants.map(\.role) == [.admin])
            #expect(try await RoleGrantRequest.query(on: context.app.db).count() == 0)
            #expect(try await api.request(.GET, "/api/v1/cases", token: token).status == .forbidden)
            #expect(try await api.request(.GET, "/api/v1/audit", token: token).status == .forbidden)

            let browser = context.browser()
            try await browser.signIn(f.admin)
            let form = try await browser.post("/admin/users/\(f.admin.id)", [("displayName", "Admin"), ("role", "admin"), ("scope-admin", "district"),
                                                                              ("role", role.rawValue), ("scope-\(role.rawValue)", "district")])
            #expect(form.status == .unprocessableEntity && form.body.string.contains("eigenen Rollen"))
        }
    }

    @Test(arguments: [Role.caseManager, .dataProtection, .coordinator])
    func theAdministrationCannotAlsoReadOrSuperviseData(_ role: Role) async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.admin)
            let steering = f.users[.steeringMember]!
            let answer = try await api.request(.PATCH, "/api/v1/users/\(steering.id)", token: token,
                                               json: ["roles": [["role": "admin"], ["role": role.rawValue]]])
            #expect(answer.status == .unprocessableEntity && answer.body.string.contains("getrennte Konten"))
            let created = try await api.request(.POST, "/api/v1/users", token: token,
                                                json: ["username": "doppelt.rolle", "displayName": "Doppelte Rolle", "roles": [["role": "admin"], ["role": role.rawValue]]])
            #expect(created.status == .unprocessableEntity && created.body.string.contains("getrennte Konten"))
            #expect(try await User.query(on: context.app.db).filter(\.$username == "doppelt.rolle").count() == 0)
        }
    }

    /// A new role that opens personal data waits; the one who asked cannot decide; the
    /// data-protection officer approves; only then does it work, and the person's tokens end.
    @Test func aNewRoleWaitsForASecondPersonByAPI() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let admin = try await api.token(for: f.admin)
            let dpo = try await api.token(for: f.users[.dataProtection]!)
            let member = f.users[.steeringMember]!
            var memberToken = try await api.token(for: member)
            let patched = try await api.request(.PATCH, "/api/v1/users/\(member.id)", token: admin,
                                                json: ["roles": [["role": "steeringMember"], ["role": "caseManager", "municipalityIds": [f.municipalityA1.uuidString]]]])
            #expect(patched.status == .ok)
            let user = try #require(try api.json(patched) as? [String: Any])
            #expect((user["roles"] as? [[String: Any]])?.map { $0["role"] as? String } == ["steeringMember"])
            #expect((user["pendingRoles"] as? [[String: Any]])?.first?["role"] as? String == "caseManager")
            #expect(try await api.request(.GET, "/api/v1/cases", token: memberToken).status == .forbidden, "not before approval")

            let asAdmin = try #require(try api.json(try await api.request(.GET, "/api/v1/grant-requests", token: admin)) as? [[String: Any]])
            let asDPO = try #require(try api.json(try await api.request(.GET, "/api/v1/grant-requests", token: dpo)) as? [[String: Any]])
            #expect(asAdmin.count == 1 && asAdmin[0]["mayDecide"] as? Bool == false && asDPO[0]["mayDecide"] as? Bool == true)
            let requestID = try #require(asDPO[0]["id"] as? String)
            let ownApproval = try await api.request(.POST, "/api/v1/grant-requests/\(requestID)/approve", token: admin)
            #expect(ownApproval.status == .forbidden && ownApproval.body.string.contains("zweite Person"))

            let approved = try await api.request(.POST, "/api/v1/grant-requests/\(requestID)/approve", token: dpo)
            let decided = try api.json(approved) as? [String: Any]
            #expect(approved.status == .ok && decided?["status"] as? String == "approved")
            #expect(try await api.request(.GET, "/api/v1/cases", token: memberToken).status == .unauthorized, "the old token ended")
            memberToken = try await api.token(for: member)
            #expect(try await api.request(.GET, "/api/v1/cases", token: memberToken).status == .ok)
            let again = try await api.request(.POST, "/api/v1/grant-requests/\(requestID)/approve", token: dpo)
            #expect(again.status == .conflict)

            let actions = try await AuditEntry.query(on: context.app.db).all().map(\.action)
            #expect(actions.contains(AuditAction.grantRequested.rawValue) && actions.contains(AuditAction.grantApproved.rawValue))
        }
    }

    @Test func narrowingIsImmediateWideningWaitsARejectionChangesNothing() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let admin = try await api.token(for: f.admin)
            let dpo = try await api.token(for: f.users[.dataProtection]!)
            let coordinator = f.users[.coordinator]!
            // Narrowing the coordination to one municipality: at once, nothing to approve.
            let narrowed = try await api.request(.PATCH, "/api/v1/users/\(coordinator.id)", token: admin,
                                                 json: ["roles": [["role": "coordinator", "municipalityIds": [f.municipalityA1.uuidString]]]])
            let narrowedBody = try api.json(narrowed) as? [String: Any]
            #expect(narrowed.status == .ok && (narrowedBody?["pendingRoles"] as? [Any])?.isEmpty == true)
            // Widening back to the district: waits, and the narrow grant stays meanwhile.
            _ = try await api.request(.PATCH, "/api/v1/users/\(coordinator.id)", token: admin, json: ["roles": [["role": "coordinator"]]])
            let grants = try await ActorLoader.actor(for: try await User.find(coordinator.id, on: context.app.db)!, on: context.app.db).grants
            #expect(grants == [RoleGrant(role: .coordinator, scope: .municipalities([f.municipalityA1]))])
            let pending = try #require(try api.json(try await api.request(.GET, "/api/v1/grant-requests", token: dpo)) as? [[String: Any]])
            let rejected = try await api.request(.POST, "/api/v1/grant-requests/\(pending[0]["id"] as! String)/reject", token: dpo)
            let rejectedBody = try api.json(rejected) as? [String: Any]
            #expect(rejected.status == .ok && rejectedBody?["status"] as? String == "rejected")
            let after = try await ActorLoader.actor(for: try await User.find(coordinator.id, on: context.app.db)!, on: context.app.db).grants
            #expect(after == grants)
            #expect(try await RoleGrantRequest.query(on: context.app.db).filter(\.$status == .pending).count() == 0)
        }
    }

    /// The same in the browser: the administration asks on the user form, the data-protection
    /// officer decides on "Rollenanträge".
    @Test func aNewRoleWaitsForASecondPersonInTheBrowser() async throws {
        try await withLotse { context in
            let f = context.fixture
            let member = f.users[.steeringMember]!
            let admin = context.browser()
            try await admin.signIn(f.admin)
            let saved = try await admin.post("/admin/users/\(member.id)", [("displayName", "Mitglied"), ("role", "steeringMember"), ("scope-steeringMember", "district"),
                                                                           ("role", "dataProtection"), ("scope-dataProtection", "district")])
            #expect(saved.status == .seeOther)
            let form = try await admin.get(try #require(saved.headers.first(name: .location))).body.string
            #expect(form.contains("zweite Person sie bestätigt") && form.contains("Datenschutzbeauftragte*r für den ganzen Kreis"))
            let adminList = try await admin.get("/admin/grant-requests").body.string
            #expect(adminList.contains("Eine zweite Person entscheidet.") && !adminList.contains("/approve"))

            let dpo = context.browser()
            try await dpo.signIn(f.users[.dataProtection]!)
            let list = try await dpo.get("/admin/grant-requests").body.string
            #expect(list.contains("Rollenanträge") && list.contains("/approve"))
            let request = try #require(try await RoleGrantRequest.query(on: context.app.db).first())
            let approved = try await dpo.post("/admin/grant-requests/\(try request.requireID())/approve")
            #expect(approved.status == .seeOther && approved.headers.first(name: .location)?.contains("bestaetigt") == true)
            let grants = try await RoleGrantRecord.query(on: context.app.db).filter(\.$user.$id == member.id).all().map(\.role)
            #expect(Set(grants) == [.steeringMember, .dataProtection])
        }
    }
}
