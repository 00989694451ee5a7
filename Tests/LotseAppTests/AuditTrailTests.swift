import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct AuditTrailTests {
    func entries(_ context: TestContext, action: AuditAction? = nil) async throws -> [AuditEntry] {
        let query = AuditEntry.query(on: context.app.db).sort(\.$sequence)
        if let action { query.filter(\.$action == action.rawValue) }
        return try await query.all()
    }

    @Test func aChangeIsRecordedWithWhoWhenWhereAndWhichObject() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            let response = try await api.request(.POST, "/api/v1/regions", token: token, json: ["name": "Region Protokoll"])
            let id = try #require((try api.json(response) as? [String: Any])?["id"] as? String)
            let entry = try #require(try await entries(context, action: .regionCreated).last)
            #expect(entry.actorID == context.fixture.admin.id)
            #expect(entry.districtID == context.fixture.districtA)
            #expect(entry.objectType == "region" && entry.objectID == id)
            #expect(entry.outcome == "allowed")
            #expect(entry.requestID == response.headers.first(name: "X-Request-Id"))
            #expect(entry.clientAddress == "unbekannt", "in-memory tests have no socket address")
            #expect(abs(entry.occurredAt.timeIntervalSince(context.clock.now)) < 1)
            // A refused change records nothing as done.
            _ = try await api.request(.POST, "/api/v1/regions", token: token, json: ["name": ""])
            #expect(try await entries(context, action: .regionCreated).count == 1)
        }
    }

    @Test func withoutItsAuditEntryAChangeIsNotKept() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            // Break the audit trail: the entry cannot be written, so the change must roll back with it.
            guard let sql = context.app.db as? any SQLDatabase else { Issue.record("kein SQL"); return }
            try await sql.raw("DROP TABLE audit_chain_head").run()
            let response = try await api.request(.POST, "/api/v1/municipalities", token: token, json: ["name": "Ohne Protokoll"])
            #expect(response.status == .internalServerError)
            #expect(try await Municipality.query(on: context.app.db).filter(\.$name == "Ohne Protokoll").count() == 0)
        }
    }

    @Test func signInsFailuresAndDenialsAreRecordedWithoutWhatWasTyped() async throws {
        try await withLotse { context in
            let browser = context.browser()
            try await browser.get(SiteURL.signIn.path)
            try await browser.post(SiteURL.signIn.path, [("username", "tippfehler.Geheim123"), ("password", "falsch-falsch")])
            let anonymous = try #require(try await entries(context, action: .signInFailed).last)
            #expect(anonymous.actorID == nil && anonymous.districtID == nil && anonymous.objectID == nil)
            try await browser.post(SiteURL.signIn.path, [("username", context.fixture.caseManager.username), ("password", "falsch-falsch")])
            let known = try #require(try await entries(context, action: .signInFailed).last)
            #expect(known.actorID == context.fixture.caseManager.id && known.outcome == "failed")

            try await browser.signIn(context.fixture.caseManager)
            #expect(try await entries(context, action: .signInPasswordAccepted).count == 1)
            #expect(try await entries(context, action: .signInCompleted).count == 1)
            #expect(try await browser.get(SiteURL.users.path).status == .forbidden)
            let denied = try #require(try await entries(context, action: .accessDenied).last)
            #expect(denied.actorID == context.fixture.caseManager.id && denied.outcome == "denied")
            #expect(try await browser.get(SiteURL.user(.value(context.fixture.adminB.id)).path).status == .forbidden)
            let withObject = try #require(try await entries(context, action: .accessDenied).last)
            #expect(withObject.objectType == "user" && withObject.objectID == context.fixture.adminB.id.uuidString)

            let all = try await entries(context)
            for entry in all {
                for field in [entry.action, entry.objectID ?? "", entry.objectType ?? "", entry.clientAddress, entry.requestID] {
                    #expect(!field.contains("tippfehler") && !field.contains("falsch-falsch") && !field.contains(context.fixture.caseManager.canary))
                }
            }
        }
    }

    @Test func readingPersonalDataIsRecorded() async throws {
        try await withLotse { context in
            let admin = context.browser()
            try await admin.signIn(context.fixture.admin)
            try await admin.get(SiteURL.users.path)
            try await admin.get(SiteURL.user(.value(context.fixture.caseManager.id)).path)
            #expect(try await entries(context, action: .usersListed).count == 1)
            let read = try #require(try await entries(context, action: .userRead).last)
            #expect(read.objectID == context.fixture.caseManager.id.uuidString)
        }
    }

    @Test func entriesCannotBeChangedOrDeletedThroughTheDatabase() async throws {
        try await withLotse { context in
            try await context.browser().signIn(context.fixture.admin)
            guard let sql = context.app.db as? any SQLDatabase else { Issue.record("kein SQL"); return }
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_entries SET action = 'nichts'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_entries").run() }
            #expect(try await entries(context).count >= 2)
        }
    }
}

@Suite struct AuditVerifyTests {
    /// Someone with full database rights: triggers off, then hand-made changes.
    func tamper(_ context: TestContext, _ statements: [String]) async throws {
        guard let sql = context.app.db as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER audit_entries_no_update").run()
            try await sql.raw("DROP TRIGGER audit_entries_no_delete").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_entries_append_only ON audit_entries").run()
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func makeTrail(_ context: TestContext) async throws {
        for _ in 0..<3 { try await context.browser().signIn(context.fixture.admin) }
        let finding = try await AuditCommand.verify(context.app)
        guard case .intact(let count) = finding else { Issue.record("Kette nicht intakt: \(finding)"); return }
        #expect(count >= 6)
    }

    /// Entries that stand alone (reads) from concurrent requests share a commit, and every one of them
    /// is stored, in one unbroken chain, before its request goes on; an entry inside a change's
    /// transaction still goes with that transaction.
    @Test func concurrentReadsAreCommittedTogetherAndTheChainHolds() async throws {
        try await withLotse { context in
            let groupCommit = try #require(context.app.lotse.auditGroupCommit)
            let before = try await AuditTrailTests().entries(context).count
            let commitsBefore = await groupCommit.commits
            let audit = context.app.audit(requestID: "gruppe")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask { try await audit.record(.caseRead, object: ("case", UUID()), on: context.app.db) }
                }
                try await group.waitForAll()
            }
            let stored = try await AuditTrailTests().entries(context)
            #expect(stored.count == before + 100)
            #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)), "one sequence without gaps")
            let commits = await groupCommit.commits - commitsBefore
            #expect(commits >= 1 && commits < 100, "concurrent entries shared commits (\(commits) commits for 100 entries)")
            #expect(try await AuditCommand.verify(context.app) == .intact(entries: stored.count))

            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await context.app.db.transaction { database in
                    try await audit.record(.regionCreated, object: ("region", UUID()), on: database)
                    throw Refused()
                }
            }
            #expect(try await AuditTrailTests().entries(context).count == stored.count, "the entry went with its rolled-back change")
        }
    }

    @Test func anIntactTrailVerifies() async throws {
        try await withLotse { context in
            try await makeTrail(context)
            var run = CommandContext(console: context.app.console, input: CommandInput(arguments: ["lotse", "verify"]))
            run.application = context.app
            try await AuditCommand().run(using: &run)
        }
    }

    @Test func aHandEditedEntryIsNamed() async throws {
        try await withLotse { context in
            try await makeTrail(context)
            try await tamper(context, ["UPDATE audit_entries SET actor_id = NULL WHERE sequence = 4"])
            #expect(try await AuditCommand.verify(context.app) == .altered(position: 4))
            var run = CommandContext(console: context.app.console, input: CommandInput(arguments: ["lotse", "verify"]))
            run.application = context.app
            await #expect(throws: ExitCode.self) { try await AuditCommand().run(using: &run) }
        }
    }

    @Test func aDeletedEntryIsNamed() async throws {
        try await withLotse { context in
            try await makeTrail(context)
            try await tamper(context, ["DELETE FROM audit_entries WHERE sequence = 5"])
            #expect(try await AuditCommand.verify(context.app) == .removed(position: 5))
        }
    }

    /// Someone with the database and the key file rewrites an entry and computes the chain anew:
    /// the trail verifies on its own, but not against an anchor taken before; read in pages of two.
    @Test func aHistoryRewrittenWithTheKeyContradictsTheAnchor() async throws {
        try await withLotse { context in
            try await makeTrail(context)
            var configuration = context.app.lotse.configuration
            configuration.anchorDirectoryOverride = FileManager.default.temporaryDirectory.appendingPathComponent("anchors-\(UUID())").path
            let anchors = try AuditAnchors(configuration: configuration)
            let anchor = try await anchors.take(on: context.app.db, logger: context.app.logger)
            #expect(try anchors.all() == [anchor])
            let chain = try #require(context.app.lotse.auditChain)
            #expect(try await AuditTrailReader.verify(on: context.app.db, chain: chain, after: nil, anchors: [anchor], pageSize: 2)
                    == .intact(entries: Int(anchor.sequence)))

            try await tamper(context, [])
            var previous = AuditChain.genesis
            for entry in try await AuditEntry.query(on: context.app.db).sort(\.$sequence).all() {
                var record = entry.record
                if record.sequence == 2 { record.action = "user.read" }
                record = chain.seal(record, after: previous)
                previous = record.hash
                (entry.action, entry.previousHash, entry.hash) = (record.action, record.previousHash, record.hash)
                try await entry.save(on: context.app.db)
            }
            let head = try #require(try await AuditChainHead.find(1, on: context.app.db))
            head.lastHash = previous
            try await head.save(on: context.app.db)

            #expect(try await AuditCommand.verify(context.app) == .intact(entries: Int(anchor.sequence)), "without the anchor it verifies")
            #expect(try await AuditTrailReader.verify(on: context.app.db, chain: chain, after: nil, anchors: try anchors.all(), pageSize: 2)
                    == .contradictsAnchor(position: anchor.sequence))
            // An anchor file edited to fit the forged chain is refused.
            let file = try #require(try FileManager.default.contentsOfDirectory(atPath: anchors.folder).first)
            let text = try String(contentsOfFile: anchors.folder + "/" + file, encoding: .utf8).replacingOccurrences(of: anchor.hash, with: previous)
            try text.write(toFile: anchors.folder + "/" + file, atomically: true, encoding: .utf8)
            #expect(throws: SetupError.self) { try anchors.all() }
        }
    }

    @Test func anInsertedEntryIsNamed() async throws {
        try await withLotse { context in
            try await makeTrail(context)
            // Make room at number 3 and slip in a forged entry, copying its neighbour's look.
            try await tamper(context, [
                "UPDATE audit_entries SET sequence = sequence + 1000 WHERE sequence >= 3",
                "UPDATE audit_entries SET sequence = sequence - 999 WHERE sequence >= 1000",
                """
                INSERT INTO audit_entries (id, sequence, occurred_at_ms, client_address, request_id, action, outcome, previous_hash, hash)
                SELECT '\(UUID().uuidString)', 3, occurred_at_ms, client_address, request_id, 'signOut', outcome, previous_hash, hash
                FROM audit_entries WHERE sequence = 2
                """,
            ])
            #expect(try await AuditCommand.verify(context.app) == .inserted(position: 3))
        }
    }
}

@Suite struct AuditSearchTests {
    @Test func theDataProtectionOfficerSearchesAndExportsTheirDistrictOnly() async throws {
        try await withLotse { context in
            try await context.browser().signIn(context.fixture.caseManager)
            try await context.browser().signIn(context.fixture.adminB)
            let officer = context.browser()
            try await officer.signIn(context.fixture.users[.dataProtection]!)
            let page = try await officer.get("/audit?person=\(context.fixture.caseManager.id)").body.string
            #expect(page.contains("Anmeldung abgeschlossen"))
            #expect(page.contains(context.fixture.caseManager.canary), "die Person wird mit Namen gezeigt")
            #expect(!page.contains(context.fixture.adminB.canary))
            let filtered = try await officer.get("/audit?aktion=signIn.completed").body.string
            #expect(!filtered.contains("<td>Anmeldung: Passwort richtig</td>"))
            #expect(filtered.contains("<td>Anmeldung abgeschlossen</td>"))
            let invalid = try await officer.get("/audit?von=2026-02-30&objekt=kaputt")
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.string.contains("JJJJ-MM-TT") && invalid.body.string.contains("UUID"))
            let csv = try await officer.get("/audit/export.csv?aktion=signIn.completed")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.body.string.hasPrefix("\u{FEFF}Nr.;Zeitpunkt;Person"))
            #expect(csv.body.string.components(separatedBy: "\r\n").filter { $0.contains("Anmeldung abgeschlossen") }.count == 2)
            let reads = try await AuditEntry.query(on: context.app.db).filter(\.$action ~~ [AuditAction.auditRead.rawValue, AuditAction.auditExported.rawValue]).count()
            #expect(reads == 4, "jedes Einsehen und jeder Export wird selbst protokolliert")
        }
    }

    @Test func theAPISearchesByObjectAndTimeSpan() async throws {
        try await withLotse { context in
            let api = context.api()
            let adminToken = try await api.token(for: context.fixture.admin)
            _ = try await api.request(.PATCH, "/api/v1/regions/\(context.fixture.regionA)", token: adminToken, json: ["name": "Region Nord-West"])
            let token = try await api.token(for: context.fixture.users[.dataProtection]!)
            let found = try #require(try api.json(try await api.request(.GET, "/api/v1/audit?objectId=\(context.fixture.regionA)", token: token)) as? [String: Any])
            let items = try #require(found["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["action"] as? String == "region.updated")
            let day = GermanFormat.isoDay(context.clock.now)
            let today = try #require(try api.json(try await api.request(.GET, "/api/v1/audit?from=\(day)&to=\(day)", token: token)) as? [String: Any])
            #expect((today["total"] as? Int ?? 0) > 3)
            let never = try #require(try api.json(try await api.request(.GET, "/api/v1/audit?to=2001-01-01", token: token)) as? [String: Any])
            #expect(never["total"] as? Int == 0)
            #expect(try await api.request(.GET, "/api/v1/audit?action=erfunden", token: token).status == .unprocessableEntity)
            let csv = try await api.request(.GET, "/api/v1/audit/export.csv?objectId=\(context.fixture.regionA)", token: token)
            #expect(csv.body.string.contains("Region geändert"))
        }
    }
}

@Suite struct LogHandlerTests {
    @Test func onlyAllowListedMetadataReachesTheLog() {
        let lines = LogCapture()
        let logger = lines.logger(level: .debug)
        logger.debug("Running query", metadata: ["input": "Person Geheim", "schema": "users", "request-id": "r-1"])
        let text = lines.text
        #expect(!text.contains("Person Geheim"))
        #expect(text.contains("\"schema\":\"users\"") && text.contains("\"request-id\":\"r-1\"") && text.contains("\"metadata_dropped\":\"1\""))
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "one JSON object per line")
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(object?["time"]?.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil, "ISO 8601 in UTC: \(object?["time"] ?? "")")
    }

    /// The line is written by hand: quotes, backslashes, line breaks, control characters and
    /// umlauts come back unchanged through a JSON parser, and the keys are sorted.
    @Test func theHandWrittenLineIsJSON() throws {
        let awkward = "Anführung \" Schräg \\ Zeile\nTab\t\u{01}Glocke\u{07} – 🧭 /"
        let line = JSONLogHandler.line(["message": awkward, "b": "2", "a": ""])
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1, "one line")
        #expect(line.hasPrefix("{\"a\":\"\",\"b\":\"2\",\"message\":"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object == ["message": awkward, "b": "2", "a": ""])
    }
}
