import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct SteeringTests {
    @Test func aTopicGoesThroughAMeetingToADecisionAndTheSteeringGroupSeesPublishedFigures() async throws {
        try await withLotse { context in
            let f = context.fixture
            let findings = try await TopicTests.findings(context)
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let topic = try await ks.post(SiteURL.newTopic.path, [("title", "Sprachkurse fehlen"), ("statement", "Zu wenige Kurse."), ("priority", "high"),
                                                          ("findingId", findings[0].uuidString)])
            let topicID = try #require(topic.headers.first(name: .location)?.split(separator: "?").first?.split(separator: "/").last.map(String.init))

            let missing = try await ks.post(SiteURL.newBody.path, [("name", "AG ohne Auftrag"), ("kind", "workingGroup")])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("den Auftrag"))
            let created = try await ks.post(SiteURL.newBody.path, [("name", "Lenkungsgruppe"), ("kind", "steeringGroup")])
            let bodyPath = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await ks.post(bodyPath + "/members", [("name", "Dr. Lehmann"), ("organisation", "Kreis"), ("function", "Dezernentin")]).status == .seeOther)
            let today = GermanFormat.isoDay(context.clock.now)
            let meeting = try await ks.post(bodyPath + "/meetings", [("heldOn", today), ("place", "Kreishaus")])
            let meetingPath = try #require(meeting.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await ks.post(meetingPath + "/agenda", [("topicId", topicID)]).status == .seeOther)
            let noOwner = try await ks.post(meetingPath + SiteURL.decisions.path, [("text", "AG einrichten"), ("kind", "setUpWorkingGroup")])
            // The working group's name may stay empty (it is then made from the topic); who is responsible may not.
            #expect(noOwner.status == .unprocessableEntity && !noOwner.body.string.contains("Namen der Arbeitsgruppe") && noOwner.body.string.contains("verantwortlich"))
            #expect(try await ks.post(meetingPath + SiteURL.decisions.path, [("text", "Eine AG klärt Kurse mit Kinderbetreuung."), ("kind", "setUpWorkingGroup"),
                                                                   ("owner", "KS"), ("dueOn", "2020-01-01"), ("topicId", topicID),
                                                                   ("workingGroupName", "AG Kurse")]).status == .seeOther)
            let group = try #require(try await Body.query(on: context.app.db).filter(\.$kind == .workingGroup).first())
            #expect(group.mandate.contains("Kinderbetreuung") && group.decisionID != nil)
            let members = try await BodyMember.query(on: context.app.db).all()
            #expect(try await ks.post(meetingPath + "/minutes", [("minutes", "Beschlossen."), ("present", members[0].id!.uuidString)]).status == .seeOther)
            let page = try await ks.get(meetingPath).body.string
            #expect(page.contains("Sprachkurse fehlen") && page.contains("überfällig") && page.contains("anwesend"))

            // The invitation carries a decision paper; its counts are published from the records
            // behind them (one finding of one case), like every count from case work.
            let invitation = try await ks.get(meetingPath + "/invitation").body.string
            let finding = try #require(try await Finding.find(findings[0], on: context.app.db))
            let paperCounts = "\(try context.published([findings[0]])) Erkenntnisse aus \(try context.published([finding.caseFileID])) Fällen"
            #expect(invitation.contains("Entscheidungsvorlage zu TOP 1: Sprachkurse fehlen") && invitation.contains(paperCounts.replacingOccurrences(of: "<", with: "&lt;")))
            #expect(invitation.contains("leicht verändert"))

            // The steering group reads, never writes, and sees only published figures.
            let member = context.browser()
            try await member.signIn(f.users[.steeringMember]!)
            let overview = try await member.get("/steering").body.string
            #expect(overview.contains("Fälle nach Kommune und Phase") && overview.contains("&lt; 5") && overview.contains("überfällig"))
            #expect(overview.contains("<svg role=\"img\""))
            let cases = try await CaseFile.query(on: context.app.db).filter(\.$districtID == f.districtA).all().compactMap(\.id)
            #expect(cases.count == 3)
            #expect(try await member.get(meetingPath).status == .ok)
            #expect(try await member.post(meetingPath + SiteURL.decisions.path, [("text", "x")]).status == .forbidden)
            #expect(try await member.get(SiteURL.topics.path).status == .forbidden)

            let api = context.api()
            let token = try await api.token(for: f.users[.steeringMember]!)
            let figures = try api.json(try await api.request(.GET, "/api/v1/steering", token: token)) as? [String: Any]
            let tables = try #require(figures?["figures"] as? [[String: Any]])
            let total = try context.published(cases)
            #expect(tables.count == 7 && (tables[0]["total"] as? String) == total)

            // The administration lowers the district's threshold to 3: the total shows unless it was published as 0.
            let admin = context.browser()
            try await admin.signIn(f.admin)
            let refused = try await admin.post(SiteURL.settings.path, [("disclosureThreshold", "1")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("von 3 bis 20") && refused.body.string.contains("value=\"1\""))
            #expect(try await admin.post(SiteURL.settings.path, [("disclosureThreshold", "3")]).status == .seeOther)
            let lowered = try api.json(try await api.request(.GET, "/api/v1/steering", token: token)) as? [String: Any]
            let totalAtThree = try context.published(cases, threshold: 3)
            #expect(lowered?["threshold"] as? Int == 3 && ((lowered?["figures"] as? [[String: Any]])?[0]["total"] as? String) == totalAtThree)

            // Life domains overlap (a case can have several); their table's sum counts each case
            // with any life domain once, not its mentions (three here).
            let files = try await CaseFile.query(on: context.app.db).filter(\.$districtID == f.districtA).all()
            for (file, domains) in zip(files, [[LifeDomain.work, .housing], [.work], []]) {
                file.lifeDomains = domains
                try await file.update(on: context.app.db)
            }
            let withDomains = try api.json(try await api.request(.GET, "/api/v1/steering", token: token)) as? [String: Any]
            let domainTable = try #require((withDomains?["figures"] as? [[String: Any]])?[2])
            #expect(domainTable["total"] as? String == (try context.published(files.prefix(2).compactMap(\.id), threshold: 3)))
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == "district.settingsChanged").count() == 1)
        }
    }
}
