import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// "Sealed means sealed" (issue 13, part 8): every free-text field of every case operation is
/// filled with its own canary, then every column of every table (and, on SQLite, the raw bytes of
/// the database files, write-ahead log included) is searched for them. Only the client's key
/// makes them readable again.
@Suite struct SealedCanaryTests {
    /// Case texts that are not sealed, and why.
    static let plainByDesign: Set<String> = [
        // A finding is written for the coordination, which has no client key; it must not name
        // anyone (refused server-side), so it is plain like topics.
        "POST /api/v1/cases/:caseID/finding description",
        // Not stored: the search term becomes blind-index tokens.
        "POST /api/v1/cases/search name",
        // A case number ("2026-0001") is the pseudonym itself, not a text about the person.
        "POST /api/v1/cases/:caseID/household memberCaseNumber",
        // The occasion of an erasure request is read by the data-protection officer, who has no
        // client key, and must outlive the client's key; it must not name anyone (refused
        // server-side, like a finding), so it is plain.
        "POST /api/v1/cases/:caseID/erasure reason",
    ]

    @Test func everyCaseFreeTextIsFilledWithACanary() async throws {
        try await withLotse { context in
            let run = try await CanaryCase.fill(context)
            let free = CanaryCase.freeTextFields(try await OpenAPITests.contract(context))
            let missing = free.subtracting(run.canaries.keys).subtracting(Self.plainByDesign)
            #expect(missing.isEmpty, "ohne Kanarie: \(missing.sorted())")
            #expect(!free.isEmpty)
        }
    }

    @Test func noCanaryIsStoredReadably() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-canary-\(UUID())").path
        var canaries: [String] = []
        try await withLotse(adjust: { configuration in
            if !TestDatabase.isPostgres { configuration.database = .sqliteFile(path: folder + "/lotse.sqlite") }
        }) { context in
            if !TestDatabase.isPostgres { try await SQLitePragmas().didBootAsync(context.app) }
            let run = try await CanaryCase.fill(context)
            canaries = Array(run.canaries.values)
            // The case manager reads them back: sealed, not lost (those a later step replaced aside).
            let page = try await context.api().request(.GET, "/api/v1/cases/\(run.caseID)", token: run.token)
            for (field, canary) in run.canaries where !CanaryCase.replacedLater.contains(where: field.hasPrefix) {
                #expect(page.body.string.contains(canary), "\(field) nicht mehr lesbar")
            }
            for database in [context.app.db, context.app.db(.keyStore)] {
                let found = try await StoredText.search(database, for: canaries)
                #expect(found.isEmpty, "lesbar gespeichert: \(found)")
            }
            if !TestDatabase.isPostgres {
                #expect(try StoredText.searchFiles(in: folder, for: canaries).isEmpty, "in den Dateien lesbar (laufend)")
            }
        }
        if !TestDatabase.isPostgres {
            #expect(!canaries.isEmpty)
            let found = try StoredText.searchFiles(in: folder, for: canaries)
            #expect(found.isEmpty, "in den Datenbankdateien lesbar: \(found)")
        }
    }

    /// A database from before the seal: migration 0014 seals every reporting agency (with the
    /// client's key, or the case's own while it has no client), leaves no plain copy in the
    /// tables or the files, and its revert gives the plain text back.
    @Test func theMigrationSealsWhatWasStoredPlain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lotse-seal-\(UUID())").path
        try await withLotse(adjust: { configuration in
            if !TestDatabase.isPostgres { configuration.database = .sqliteFile(path: folder + "/lotse.sqlite") }
        }) { context in
            // As in production: write-ahead log on (tests do not boot the application).
            if !TestDatabase.isPostgres { try await SQLitePragmas().didBootAsync(context.app) }
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            var cases: [(id: String, canary: String)] = []
            for withClient in [true, false] {
                let canary = CanaryCase.canary()
                let opened = try await api.post("/cases", token: token, ["municipalityId": context.fixture.municipalityA1.uuidString, "openedOn": today,
                                                                         "accessChannel": "jobcenter", "referringParty": canary, "lifeDomains": ["work"]], .created)
                let id = opened["id"] as! String
                if withClient {
                    _ = try await api.post("/cases/\(id)/consent", token: token, ["status": "given", "method": "signedForm", "givenOn": today], .created)
                    _ = try await api.post("/cases/\(id)/client", token: token, ["familyName": "Beispiel", "confirmNew": true], .created)
                }
                cases.append((id, canary))
            }
            let migration = SealReferringParty(vault: ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!))
            let canaries = cases.map(\.canary)
            // One connection, as at start-up: another pooled SQLite connection may still hold the old schema.
            try await context.app.db.withConnection { db in
                try await migration.revert(on: db)
                let plain = try await SealReferringParty.rows(on: db, column: "referring_party")
                #expect(Set(plain.map(\.text)).isSuperset(of: canaries), "nach dem Zurücknehmen wieder lesbar")
                try await migration.prepare(on: db)
            }
            #expect(try await StoredText.search(context.app.db, for: canaries).isEmpty)
            #expect(try await StoredText.search(context.app.db(.keyStore), for: canaries).isEmpty)
            if !TestDatabase.isPostgres { #expect(try StoredText.searchFiles(in: folder, for: canaries).isEmpty, "Klartext in den Dateien") }
            for (id, canary) in cases {
                let page = try await api.request(.GET, "/api/v1/cases/\(id)", token: token)
                #expect(page.body.string.contains(canary), "meldende Stelle nach der Migration nicht lesbar")
            }
        }
    }
}

/// One case walked through every step that takes text, each text field with its own canary.
struct CanaryCase {
    let caseID: String
    let token: String
    /// "METHOD /path field" → the canary written there.
    var canaries: [String: String] = [:]

    /// Steps whose text a later step replaces (the edit replaces the identity, minutes replace
    /// minutes, reopening clears the evaluation) or that the case view does not show (the reason
    /// for reopening lives in the phase history).
    static let replacedLater = ["POST /api/v1/cases/:caseID/client ", "POST /api/v1/cases/:caseID/conference minutes",
                                "POST /api/v1/cases/:caseID/close ", "POST /api/v1/cases/:caseID/reopen "]

    static func canary() -> String { "Kanarie" + SecureRandom.token(byteCount: 9).filter { $0.isLetter || $0.isNumber } }

    static func fill(_ context: TestContext) async throws -> CanaryCase {
        let api = context.api()
        let token = try await api.token(for: context.fixture.caseManager)
        let today = GermanFormat.isoDay(context.clock.now)
        var run = CanaryCase(caseID: "", token: token)
        /// Sends `body` with every listed text field set to a fresh canary; answers the JSON.
        func send(_ key: String, _ path: String, _ body: [String: Any], texts: [String], status: HTTPStatus = .ok) async throws -> [String: Any] {
            var body = body
            for field in texts {
                var value = canary()
                switch field {
                case "nationalities", "languages": body[field] = [value]
                case "email":
                    value = value.lowercased() + "@example.org"
                    body[field] = value
                case "birthDate":
                    // A day long past, different in every run: as telling as a name.
                    value = String(format: "19%02d-%02d-%02d", Int.random(in: 1...39), Int.random(in: 1...12), Int.random(in: 1...28))
                    body[field] = value
                default: body[field] = value
                }
                run.canaries["\(key) \(field)"] = value
            }
            let method = HTTPMethod(rawValue: String(key.split(separator: " ")[0]))
            let response = try await api.request(method, path, token: token, json: body)
            #expect(response.status.code < 300, "\(key): \(response.status) \(response.body.string.prefix(400))")
            return (try? api.json(response) as? [String: Any]) ?? [:]
        }
        let provider = try await api.post("/providers", token: token, ["name": "Beratung Canary", "kind": "counsellingService",
                                                                       "municipalityIds": [context.fixture.municipalityA1.uuidString]], .created)
        let providerID = provider["id"] as! String
        let opened = try await send("POST /api/v1/cases", "/api/v1/cases", [
            "municipalityId": context.fixture.municipalityA1.uuidString, "openedOn": today, "accessChannel": "jobcenter", "lifeDomains": ["work"],
        ], texts: ["referringParty"])
        let caseID = opened["id"] as! String
        run = CanaryCase(caseID: caseID, token: token, canaries: run.canaries)
        let base = "/api/v1/cases/\(caseID)"
        let key = "POST /api/v1/cases/:caseID"
        let identity = ["givenNames", "familyName", "birthDate", "nationalities", "languages", "phone", "email", "address", "residenceStatus"]
        _ = try await send("\(key)/consent", "\(base)/consent", ["status": "given", "method": "signedForm", "givenOn": today], texts: [])
        _ = try await send("\(key)/client", "\(base)/client", ["gender": "female", "confirmNew": true], texts: identity)
        _ = try await send("\(key)/client/edit", "\(base)/client/edit", ["gender": "female"], texts: identity)
        _ = try await send("\(key)/restriction", "\(base)/restriction", [:], texts: ["reason"])
        _ = try await send("\(key)/restriction/lift", "\(base)/restriction/lift", ["personInformed": true], texts: ["reason"])
        _ = try await send("\(key)/disclosure", "\(base)/disclosure", ["recipientProviderId": providerID, "status": "given", "method": "signedForm",
                                                                      "givenOn": today], texts: ["purpose"])
        _ = try await send("\(key)/intake", "\(base)/intake", ["intakeOutcome": "caseManagement"], texts: [])
        _ = try await send("\(key)/assessment", "\(base)/assessment", ["lifeDomain": "work", "priority": "high"], texts: ["situation", "needs", "resources"])
        _ = try await send("\(key)/goal", "\(base)/goal", ["lifeDomain": "work", "agreedOn": today], texts: ["description"])
        let goals = try await Goal.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).all()
        let goalID = try goals[0].requireID().uuidString
        _ = try await send("\(key)/action", "\(base)/action", ["goalId": goalID, "dueOn": today], texts: ["what", "who"])
        _ = try await send("\(key)/review", "\(base)/review", ["dueOn": today], texts: [])
        let review = try await Review.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).first()!
        let progress = canary()
        run.canaries["\(key)/reviews/:reviewID progress"] = progress
        _ = try await send("\(key)/reviews/:reviewID", "\(base)/reviews/\(try review.requireID())",
                           ["heldOn": today, "progress": [goalID: progress], "leadsToReassessment": false], texts: ["note"])
        _ = try await send("\(key)/contact", "\(base)/contact", ["contactOn": today, "kind": "inPerson", "minutes": 30], texts: ["note"])
        _ = try await send("\(key)/referral", "\(base)/referral", ["providerId": providerID, "lifeDomain": "work"], texts: ["reason"])
        let referral = try await Referral.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).first()!
        _ = try await send("\(key)/referrals/:referralID", "\(base)/referrals/\(try referral.requireID())", ["status": "accepted"], texts: ["feedback"])
        let action = ["goalId": goalID, "what": canary(), "who": canary(), "dueOn": today]
        (run.canaries["\(key)/conference actions.what"], run.canaries["\(key)/conference actions.who"]) = (action["what"]!, action["who"]!)
        _ = try await send("\(key)/conference", "\(base)/conference", ["level": "municipal", "heldOn": today, "participants": [providerID],
                                                                      "actions": [action]], texts: ["minutes"])
        let conference = try await CaseConference.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).first()!
        let later = ["goalId": goalID, "what": canary(), "who": canary(), "dueOn": today]
        (run.canaries["\(key)/conferences/:conferenceID actions.what"], run.canaries["\(key)/conferences/:conferenceID actions.who"]) = (later["what"]!, later["who"]!)
        _ = try await send("\(key)/conferences/:conferenceID", "\(base)/conferences/\(try conference.requireID())", ["actions": [later]], texts: ["minutes"])
        // A help plan of a district-level conference, and its review (issue 19, part 6).
        _ = try await send("\(key)/conference", "\(base)/conference", ["level": "district", "heldOn": today, "participants": [providerID]], texts: [])
        let district = try await CaseConference.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).filter(\.$level == .district).first()!
        let planAction = canary()
        run.canaries["\(key)/conferences/:conferenceID/help-plan items.text"] = planAction
        _ = try await send("\(key)/conferences/:conferenceID/help-plan", "\(base)/conferences/\(try district.requireID())/help-plan",
                           ["accepted": [providerID], "items": [["text": planAction, "providerId": providerID]], "dueOn": today], texts: ["goals"])
        let plan = try await HelpPlan.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).first()!
        _ = try await send("\(key)/help-plans/:helpPlanID/review", "\(base)/help-plans/\(try plan.requireID())/review", ["nextOn": ""], texts: ["note"])
        // A pre-check against a checklist of the municipality's office (issue 16): its notes are sealed too.
        let officeUser = context.fixture.users[.immigrationOffice]!.id
        let office = try await OfficeService.save(.init(name: "ABH Kanarie", kinds: [.residence], municipalityIDs: [context.fixture.municipalityA1], memberIDs: [officeUser]),
                                                  id: nil, .operatorCommand(.administerOrganisation, districtID: context.fixture.districtA),
                                                  audit: context.app.audit(requestID: "canary"), on: context.app.db)
        let list = try await ChecklistDesk(scope: .operatorCommand(.maintainRequirements, districtID: context.fixture.districtA), db: context.app.db,
                                           audit: context.app.audit(requestID: "canary"), now: context.clock.now, actorID: officeUser)
            .create(.init(procedure: .sustainableIntegration, title: "§ 25b", validFrom: today, items: [.init(title: "Voraufenthalt")]), officeID: try office.requireID())
        _ = try await send("\(key)/pre-check", "\(base)/pre-check", ["checklistId": try list.requireID().uuidString], texts: [])
        let preCheck = try await PreCheck.query(on: context.app.db).filter(\.$caseFileID == UUID(uuidString: caseID)!).first()!
        let note = canary()
        run.canaries["\(key)/pre-checks/:preCheckID answers.note"] = note
        _ = try await send("\(key)/pre-checks/:preCheckID", "\(base)/pre-checks/\(try preCheck.requireID())", ["answers": [["status": "notMet", "note": note]]], texts: [])
        _ = try await send("\(key)/close", "\(base)/close", ["reason": "goalsReached", "goalAttainment": "full"], texts: ["evaluation"])
        _ = try await send("\(key)/reopen", "\(base)/reopen", [:], texts: ["reopenReason"])
        return run
    }

    /// "METHOD /path field" for every free-text field the contract lets a case operation write:
    /// strings without a list of codes, a format or a date's name (`…On`, `validFrom`, `birthDate`
    /// counts as text: it identifies).
    static func freeTextFields(_ document: [String: Any]) -> Set<String> {
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        func texts(_ schema: Any?, _ prefix: String) -> [String] {
            guard var schema = schema as? [String: Any] else { return [] }
            if let ref = schema["$ref"] as? String { schema = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:] }
            let types = (schema["type"] as? [String]) ?? [(schema["type"] as? String) ?? ""]
            var found: [String] = []
            let isDate = prefix.hasSuffix("On") || prefix.hasSuffix("From") || prefix.hasSuffix("Until")
            if types.contains("string") && schema["enum"] == nil && schema["format"] == nil && !isDate { found.append(prefix) }
            for (name, property) in schema["properties"] as? [String: Any] ?? [:] {
                found += texts(property, prefix.isEmpty ? name : "\(prefix).\(name)")
            }
            if let items = schema["items"] { found += texts(items, prefix) }
            return found
        }
        var fields: Set<String> = []
        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] where path.hasPrefix("/api/v1/cases") || path.hasPrefix("/api/v1/brief") {
            for (method, operation) in operations where method != "get" {
                let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any] ?? [:]
                let routePath = path.replacingOccurrences(of: #"\{([A-Za-z]+)\}"#, with: ":$1", options: .regularExpression)
                for field in content.values.flatMap({ texts(($0 as? [String: Any])?["schema"], "") }) {
                    fields.insert("\(method.uppercased()) \(routePath) \(field)")
                }
            }
        }
        return fields
    }
}

/// Looks for plain text in everything a database stores.
enum StoredText {
    /// "table.column" for every column of every table holding one of `needles`.
    static func search(_ database: any Database, for needles: [String]) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        var found: [String] = []
        if sql.dialect.name == "sqlite" {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all().map { try $0.decode(column: "name", as: String.self) }
                for column in columns {
                    let values = try await sql.raw("SELECT CAST(\(ident: column) AS TEXT) AS v FROM \(ident: table)").all()
                        .compactMap { try $0.decode(column: "v", as: String?.self) }
                    if values.contains(where: { value in needles.contains { value.contains($0) } }) { found.append("\(table).\(column)") }
                }
            }
        } else {
            // Every table the connection's search path reaches, each row as one text (arrays, JSON
            // and bytes included: bytes as hex, so the needles are searched in hex too).
            let tables = try await sql.raw("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = ANY (current_schemas(false)) AND table_type = 'BASE TABLE'
                """).all().map { try $0.decode(column: "table_name", as: String.self) }
            let hex = needles.map { Data($0.utf8).map { String(format: "%02x", $0) }.joined() }
            for table in tables {
                let rows = try await sql.raw("SELECT CAST(t AS TEXT) AS v FROM \(ident: table) t").all().map { try $0.decode(column: "v", as: String.self) }
                if rows.contains(where: { row in (needles + hex).contains { row.contains($0) } }) { found.append(table) }
            }
        }
        return found
    }

    /// Files under `folder` (database, write-ahead log, key store) whose bytes hold a needle.
    static func searchFiles(in folder: String, for needles: [String]) throws -> [String] {
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: folder + "/" + file) else { continue }
            for needle in needles where bytes.range(of: Data(needle.utf8)) != nil { found.append("\(file): \(needle)") }
        }
        return found
    }
}
