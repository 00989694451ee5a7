import Fluent
import SQLKit
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct CaseAPITests {
    @Test func theWholeCaseWorksThroughTheAPI() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let (provider, service) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let token = try await api.token(for: f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            func post(_ path: String, _ json: [String: Any], expect status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
                let response = try await api.request(.POST, "/api/v1" + path, token: token, json: json)
                #expect(response.status == status, "\(path): \(response.body.string.prefix(2000))", sourceLocation: sourceLocation)
                return (try? api.json(response) as? [String: Any]) ?? [:]
            }
            let contact = try await post("/brief-contacts", ["municipalityId": f.municipalityA1.uuidString, "contactOn": today, "accessChannel": "walkIn",
                                                            "lifeDomains": ["housing"], "outcome": "informationGiven"], expect: .created)
            let opened = try await post("/brief-contacts/\(try #require(contact["id"] as? String))/case", [:], expect: .created)
            let caseID = try #require(opened["id"] as? String)
            #expect(opened["hasConsent"] as? Bool == false && opened["client"] == nil)
            let early = try await post("/cases/\(caseID)/client", ["familyName": "Haddad"], expect: .conflict)
            #expect((early["reason"] as? String)?.contains("Einverständniserklärung") == true)
            _ = try await post("/cases/\(caseID)/consent", ["status": "given", "method": "signedForm", "givenOn": today], expect: .created)
            let invalid = try await post("/cases/\(caseID)/client", ["familyName": "", "email": "kaputt"], expect: .unprocessableEntity)
            #expect((invalid["fields"] as? [String: String])?["familyName"] != nil && (invalid["fields"] as? [String: String])?["email"] != nil)
            let created = try await post("/cases/\(caseID)/client", ["givenNames": "Amina", "familyName": "Haddad", "birthDate": "1988-03-17", "gender": "female",
                                                                    "nationalities": ["syrisch"], "languages": ["Arabisch", "Deutsch"], "interpreterNeeded": true],
                                         expect: .created)
            let identity = try #require((created["client"] as? [String: Any])?["identity"] as? [String: Any])
            #expect(identity["familyName"] as? String == "Haddad" && identity["languages"] as? [String] == ["Arabisch", "Deutsch"])
            #expect(identity["interpreterNeeded"] as? Bool == true)

            // Duplicates come back as 409 with the candidates.
            let other = try await post("/cases", ["municipalityId": f.municipalityA1.uuidString, "openedOn": today, "accessChannel": "officeHours"], expect: .created)
            let otherID = try #require(other["id"] as? String)
            _ = try await post("/cases/\(otherID)/consent", ["status": "given", "method": "signedForm", "givenOn": today], expect: .created)
            let duplicates = try await post("/cases/\(otherID)/client", ["givenNames": "Amina", "familyName": "Hadad", "birthDate": "1988-03-17"], expect: .conflict)
            let candidate = try #require((duplicates["candidates"] as? [[String: Any]])?.first)
            #expect(candidate["name"] as? String == "Amina Haddad")
            let linked = try await post("/cases/\(otherID)/client/link", ["clientId": try #require(candidate["clientId"] as? String)], expect: .ok)
            #expect((linked["client"] as? [String: Any])?["id"] as? String == candidate["clientId"] as? String)

            // Search by name goes in the body.
            let search = try await api.request(.POST, "/api/v1/cases/search", token: token, json: ["name": "Hadad"])
            #expect((try api.json(search) as? [[String: Any]])?.count == 2)

            _ = try await post("/cases/\(caseID)/intake", ["intakeOutcome": "caseManagement"], expect: .ok)
            _ = try await post("/cases/\(caseID)/assessment", ["lifeDomain": "housing", "priority": "high", "situation": "Sammelunterkunft", "needs": "Wohnung"],
                               expect: .created)
            _ = try await post("/cases/\(caseID)/phase", ["phase": "goalAgreement"], expect: .ok)
            _ = try await post("/cases/\(caseID)/goal", ["lifeDomain": "housing", "description": "Eigene Wohnung", "agreedOn": today], expect: .created)
            _ = try await post("/cases/\(caseID)/phase", ["phase": "serviceLinking"], expect: .ok)
            let blocked = try await post("/cases/\(caseID)/referral", ["serviceId": service.uuidString, "lifeDomain": "housing", "reason": "Wohnungssuche",
                                                                      "status": "handedOver"], expect: .unprocessableEntity)
            #expect((blocked["fields"] as? [String: String])?["providerId"]?.contains("Schweigepflichtentbindung") == true)
            let planned = try await post("/cases/\(caseID)/referral", ["serviceId": service.uuidString, "lifeDomain": "housing", "reason": "Wohnungssuche"],
                                         expect: .created)
            #expect((planned["referrals"] as? [[String: Any]])?.count == 1, "a planned referral without data passes")
            _ = try await post("/cases/\(caseID)/disclosure", ["recipientProviderId": provider.uuidString, "purpose": "Wohnungssuche", "status": "given",
                                                               "method": "signedForm", "givenOn": today], expect: .created)
            let referralID = try #require((planned["referrals"] as? [[String: Any]])?.first?["id"] as? String)
            let handed = try await post("/cases/\(caseID)/referrals/\(referralID)", ["status": "handedOver", "handoverItems": ["contactData"]], expect: .ok)
            #expect(((handed["referrals"] as? [[String: Any]])?.first?["status"] as? [String: Any])?["code"] as? String == "handedOver")
            let conference = try await post("/cases/\(caseID)/conference", ["level": "municipal", "heldOn": today, "participants": [provider.uuidString],
                                                                            "actions": [["what": "Besichtigung", "who": "Träger", "dueOn": today]]], expect: .created)
            #expect((conference["looseActions"] as? [[String: Any]])?.count == 1)
            _ = try await post("/cases/\(caseID)/phase", ["phase": "monitoring"], expect: .ok)
            _ = try await post("/cases/\(caseID)/review", ["dueOn": today], expect: .created)
            let due = try await api.request(.GET, "/api/v1/cases/due", token: token)
            #expect((try api.json(due) as? [[String: Any]])?.isEmpty == false)
            _ = try await post("/cases/\(caseID)/finding", ["category": "missingService", "lifeDomain": "housing", "level": "municipality",
                                                            "description": "Zu wenige kleine Wohnungen"], expect: .created)
            let closed = try await post("/cases/\(caseID)/close", ["reason": "goalsReached", "goalAttainment": "full"], expect: .ok)
            #expect((closed["phase"] as? [String: Any])?["code"] as? String == "closed")

            // The coordinator gets the pseudonym, over the API too.
            let coordinator = try await api.token(for: f.users[.coordinator]!)
            let pseudonym = try await api.request(.GET, "/api/v1/cases/\(caseID)", token: coordinator)
            #expect(pseudonym.status == .ok && !pseudonym.body.string.contains("Haddad") && !pseudonym.body.string.contains("Wohnungssuche"))
            #expect(pseudonym.body.string.contains("\"number\""))
            let rows = try await api.request(.GET, "/api/v1/cases?closed=true", token: coordinator)
            #expect(!rows.body.string.contains("Haddad") && !rows.body.string.contains("clientName\":\""))
            let conferenceCall = try await api.request(.POST, "/api/v1/cases/\(otherID)/district-conference", token: coordinator,
                                                       json: ["heldOn": today, "participants": [provider.uuidString]])
            #expect(conferenceCall.status == .unprocessableEntity, "the other case has no disclosure consent for the provider")
        }
    }
}

@Suite struct ClientEncryptionTests {
    @Test func theDatabaseFileHoldsNoClientNameAndTheKeysLiveApart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-crypto-\(UUID())").path
        try await withLotse(adjust: { $0.database = .sqliteFile(path: folder + "/lotse.sqlite"); $0.dataDirectory = folder }) { context in
            let f = context.fixture
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            let caseID = try cm.caseID(from: try await cm.post("/cases/new", [("municipalityId", f.municipalityA1.uuidString), ("openedOn", today),
                                                                              ("accessChannel", "walkIn")]))
            try await cm.step(caseID, "consent", [("status", "given"), ("method", "signedForm"), ("givenOn", today)])
            try await cm.step(caseID, "client", [("givenNames", "Zenobia"), ("familyName", "Quaresma-Wunderlich"), ("birthDate", "1977-07-07"),
                                                 ("gender", "female"), ("address", "Ulmenallee 99"), ("phone", "0170 9876543")])
            try await cm.step(caseID, "intake", [("intakeOutcome", "caseManagement")])
            try await cm.step(caseID, "assessment", [("lifeDomain", "health"), ("priority", "high"), ("situation", "Diagnose Xylophonitis"), ("needs", "Facharzt")])
            #expect(try await cm.get("/cases/\(caseID)").body.string.contains("Quaresma-Wunderlich"))
            // Let SQLite write the WAL back into the file, then look at the raw bytes of both files.
            for database in [DatabaseID.sqlite, .keyStore] {
                if let sql = context.app.db(database) as? any SQLDatabase { try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
            }
            var bytes = Data()
            for name in ["lotse.sqlite", "lotse.sqlite-wal", "keystore/client-keys.sqlite", "keystore/client-keys.sqlite-wal"] {
                bytes.append((try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) ?? Data())
            }
            #expect(bytes.count > 10_000)
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            for secret in ["zenobia", "quaresma", "wunderlich", "1977-07-07", "ulmenallee", "9876543", "xylophonitis", "facharzt"] {
                #expect(!text.contains(secret), "\(secret) must not be stored readably")
            }
            #expect(FileManager.default.fileExists(atPath: folder + "/keystore/client-keys.sqlite"), "the key store is a file of its own")
            #expect(try await ClientKey.query(on: context.app.db(.keyStore)).count() == 1)

            // Crypto-shredding: without the key, the case's personal data cannot be opened any more.
            let file = try #require(try await CaseFile.find(caseID, on: context.app.db))
            try await ClientVault(keys: context.app.db(.keyStore), wrapper: try #require(context.app.lotse.clientKeys)).destroy(clientID: try #require(file.clientID))
            let gone = try await cm.get("/cases/\(caseID)")
            #expect(gone.status == .gone && gone.body.string.contains("gelöscht") && !gone.body.string.contains("Quaresma"))
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
