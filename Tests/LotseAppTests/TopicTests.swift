import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct TopicTests {
    /// Findings from two municipalities, reported through case work.
    static func findings(_ context: TestContext) async throws -> [UUID] {
        let f = context.fixture
        var ids: [UUID] = []
        for (town, text) in [(f.municipalityA1, "Wartezeit auf Sprachkurse B2 über neun Monate"), (f.municipalityA2, "Kein Sprachkurs mit Kinderbetreuung"),
                             (f.municipalityA2, "Jobcenter und Ausländerbehörde stimmen sich nicht ab")] {
            let desk = context.caseDesk()
            let file = try await desk.openCase(.init(municipalityID: town, openedOn: desk.today, accessChannel: .walkIn))
            ids.append(try await desk.reportFinding(.init(category: .missingService, lifeDomain: .language, legalDomains: [.sgb2, .aufenthg],
                                                          level: .district, description: text), caseID: try file.requireID()).requireID())
        }
        return ids
    }

    @Test func coordinatorsClusterFindingsIntoTopicsAndMoveThemUpTheLadder() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ids = try await Self.findings(context)
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let inbox = try await ks.get(SiteURL.findings.path).body.string
            #expect(inbox.contains("Wartezeit auf Sprachkurse") && inbox.contains("Altdorf") && inbox.contains("Neustadt"))
            let number = try #require(try await CaseFile.query(on: context.app.db).first()).number.prefix(5)
            #expect(inbox.contains(String(number)), "cases appear by number")

            // A topic from a finding; a statement that looks personal is sent back until confirmed.
            let warned = try await ks.post(SiteURL.newTopic.path, [("title", "Sprachkurse"), ("statement", "Frau Müller wartet"), ("priority", "high"),
                                                           ("findingId", ids[0].uuidString)])
            #expect(warned.status == .unprocessableEntity && warned.body.string.contains("Personennamen"))
            let created = try await ks.post(SiteURL.newTopic.path, [("title", "Sprachkurse B2 fehlen"), ("statement", "Zu wenige B2-Kurse, lange Wartezeiten."),
                                                            ("priority", "high"), ("responsibleId", f.users[.coordinator]!.id.uuidString),
                                                            ("findingId", ids[0].uuidString)])
            let topicPath = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await ks.post("/findings/\(ids[1])/topic", [("topicId", String(topicPath.dropFirst(8)))]).status == .seeOther)
            var page = try await ks.get(topicPath).body.string
            #expect(page.contains("Sprachkurse B2 fehlen") && page.contains("Kein Sprachkurs mit Kinderbetreuung"))
            #expect(page.contains("<dt>Erkenntnisse</dt><dd>2</dd>") && page.contains("<dt>Kommunen</dt><dd>2</dd>") && page.contains("SGB II"))

            // The ladder: no jump to "solved"; every step with a reason, in the trail.
            let jump = try await ks.post(topicPath + "/status", [("status", "solved"), ("reason", "Einfach so")])
            #expect(jump.status == .unprocessableEntity && jump.body.string.contains("nicht von „gemeldet“ nach „gelöst“"))
            let noReason = try await ks.post(topicPath + "/status", [("status", "analysing")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Begründung"))
            #expect(try await ks.post(topicPath + "/status", [("status", "analysing"), ("reason", "Rückfrage bei den Kommunen")]).status == .seeOther)
            page = try await ks.get(topicPath).body.string
            #expect(page.contains("in Analyse") && page.contains("Rückfrage bei den Kommunen"))

            // Merging moves the findings and closes the merged topic with a pointer.
            let second = try await ks.post(SiteURL.newTopic.path, [("title", "Schnittstelle Jobcenter–ABH"), ("statement", "Abstimmung fehlt."), ("priority", "medium"),
                                                           ("findingId", ids[2].uuidString)])
            let secondPath = try #require(second.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let merged = try await ks.post(secondPath + "/merge", [("targetId", String(topicPath.dropFirst(8)))])
            #expect(merged.status == .seeOther)
            page = try await ks.get(topicPath).body.string
            #expect(page.contains("<dt>Erkenntnisse</dt><dd>3</dd>"))
            #expect(try await ks.get(secondPath).body.string.contains("Zusammengeführt mit „Sprachkurse B2 fehlen“"))
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == "topic.merged").count() == 1)

            // The API says the same; case managers have no access.
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let topics = try await api.request(.GET, "/api/v1/topics", token: token)
            #expect((try api.json(topics) as? [[String: Any]])?.count == 2)
            let detail = try await api.request(.GET, "/api/v1" + topicPath, token: token)
            #expect(((try api.json(detail) as? [String: Any])?["evidence"] as? [String: Any])?["cases"] as? Int == 3)
            let patched = try await api.request(.PATCH, "/api/v1" + topicPath, token: token, json: ["priority": "low"])
            #expect(((try api.json(patched) as? [String: Any])?["priority"] as? [String: Any])?["code"] as? String == "low")
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            #expect(try await cm.get(SiteURL.findings.path).status == .forbidden)
            #expect(try await cm.get(topicPath).status == .forbidden)
        }
    }
}

@Suite struct EvidenceRequestTests {
    @Test func theOtherMunicipalitiesAnswerAndTheAnswersJoinTheEvidenceThenTheTopicGoesToTheState() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ids = try await TopicTests.findings(context)
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let created = try await ks.post(SiteURL.newTopic.path, [("title", "Sprachkurse"), ("statement", "Zu wenige Kurse."), ("priority", "high"), ("findingId", ids[1].uuidString)])
            let topicPath = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let none = try await ks.post(topicPath + "/request", [("question", "Seht ihr das auch?")])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("mindestens eine Kommune"))
            #expect(try await ks.post(topicPath + "/request", [("question", "Seht ihr das auch?"), ("municipalities", f.municipalityA1.uuidString),
                                                               ("municipalities", f.municipalityA2.uuidString)]).status == .seeOther)

            // The case manager of Altdorf sees the question and answers for Altdorf only.
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let list = try await cm.get(SiteURL.requests.path).body.string
            #expect(list.contains("Seht ihr das auch?") && list.contains("Altdorf") && !list.contains("Neustadt"))
            let request = try #require(try await EvidenceRequest.query(on: context.app.db).first())
            let foreign = try await cm.post(SiteURL.request(.value(try request.requireID())).path, [("municipalityId", f.municipalityA2.uuidString), ("seesSame", "yes"), ("cases", "2")])
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("Ihrer Kommunen"))
            let personal = try await cm.post(SiteURL.request(.value(try request.requireID())).path, [("municipalityId", f.municipalityA1.uuidString), ("seesSame", "yes"),
                                                                                   ("cases", "3"), ("comment", "Frau Haddad wartet")])
            #expect(personal.status == .unprocessableEntity && personal.body.string.contains("Personennamen"))
            #expect(try await cm.post(SiteURL.request(.value(try request.requireID())).path, [("municipalityId", f.municipalityA1.uuidString), ("seesSame", "yes"),
                                                                              ("cases", "3"), ("comment", "Lange Wartelisten")]).status == .seeOther)
            #expect(!(try await cm.get(SiteURL.requests.path).body.string.contains("Seht ihr das auch?")), "answered requests leave the list")
            let page = try await ks.get(topicPath).body.string
            #expect(page.contains("Lange Wartelisten") && page.contains("1 (mit 3 Fällen)") && page.contains("1 von 2 Kommunen"))

            // Forwarding needs the rung first; then the letter and the record.
            let early = try await ks.post(topicPath + "/forwarding", [("recipient", "MKJFGFI"), ("sentOn", GermanFormat.isoDay(context.clock.now))])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("Führen Sie es zuerst"))
            for (status, reason) in [("analysing", "Rückfrage"), ("body", "Lenkungsgruppe"), ("forwardedToState", "Beschluss der Lenkungsgruppe")] {
                #expect(try await ks.post(topicPath + "/status", [("status", status), ("reason", reason)]).status == .seeOther)
            }
            let letter = try await ks.get(topicPath + "/letter").body.string
            let topicFindings = try await FindingAssignment.query(on: context.app.db).all().map(\.findingID)
            let expected = try context.published(topicFindings).replacingOccurrences(of: "<", with: "&lt;")
            #expect(letter.contains("Zu wenige Kurse.") && letter.contains("\(expected) Erkenntnisse aus "))
            #expect(try await ks.post(topicPath + "/forwarding", [("recipient", "MKJFGFI NRW"), ("sentOn", GermanFormat.isoDay(context.clock.now))]).status == .seeOther)
            #expect(try await ks.get(topicPath).body.string.contains("An das Land versandt am"))
        }
    }
}
