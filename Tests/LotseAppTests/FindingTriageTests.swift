import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 4, the inbox: every finding shows its topic whatever the topic's state, several
/// findings go into a topic in one step, and a new topic starts from the findings' own words.
@Suite struct FindingTriageTests {
    @Test func aForwardedTopicIsShownAndKeptButTakesNothingNew() async throws {
        try await withLotse { context in
            let ids = try await TopicTests.findings(context)
            let desk = try context.topicDesk()
            let topic = try await desk.createTopic(.init(title: "Anerkennung dauert zu lange", statement: "Verfahren über ein Jahr.", priority: .high),
                                                   findingIDs: [ids[0]])
            let topicID = try topic.requireID()
            for step in [TopicStatus.analysing, .body, .forwardedToState] { try await desk.move(topicID, to: step, reason: "Schritt") }
            let browser = context.browser()
            try await browser.signIn(context.fixture.users[.coordinator]!)
            let inbox = try await browser.get(SiteURL.findings.path).body.string
            #expect(inbox.contains(">Anerkennung dauert zu lange (an das Land weitergeleitet)</a>"))
            #expect(!inbox.contains("<option value=\"\(topicID)\""), "a forwarded topic takes nothing new, so it is not offered")
            // Kept where it is: no refusal; another finding: refused, with the choice kept.
            try await desk.assign([ids[0]], to: topicID)
            let refused = try await browser.post(SiteURL.findings.path, [("findingId", ids[1].uuidString), ("topicId", topicID.uuidString), ("schritt", "zuordnen")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("an das Land weitergeleitet und nimmt keine Erkenntnisse mehr auf"))
            #expect(refused.body.string.contains("value=\"\(ids[1])\" checked"))
        }
    }

    @Test func severalFindingsGoIntoATopicOrANewOneInOneStep() async throws {
        try await withLotse { context in
            let ids = try await TopicTests.findings(context)
            let desk = try context.topicDesk()
            let topic = try await desk.createTopic(.init(title: "Sprachkurse", statement: "Zu wenige Plätze.", priority: .high))
            let browser = context.browser()
            try await browser.signIn(context.fixture.users[.coordinator]!)
            let none = try await browser.post(SiteURL.findings.path, [("topicId", try topic.requireID().uuidString), ("schritt", "zuordnen")])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("mindestens eine Erkenntnis"))
            let assigned = try await browser.post(SiteURL.findings.path, [("findingId", ids[0].uuidString), ("findingId", ids[1].uuidString),
                                                                          ("topicId", try topic.requireID().uuidString), ("schritt", "zuordnen"),
                                                                          ("back", "/findings?unassigned=1")])
            #expect(assigned.headers.first(name: .location) == "/findings?unassigned=1&hinweis=erkenntnisse-zugeordnet")
            #expect(try await FindingAssignment.query(on: context.app.db).filter(\.$topicID == topic.requireID()).count() == 2)

            // A new topic from the chosen: its form comes filled from the findings, and takes them in.
            let draft = try await browser.post(SiteURL.findings.path, [("findingId", ids[2].uuidString), ("schritt", "neu")])
            let form = draft.body.string
            let finding = try #require(try await Finding.find(ids[2], on: context.app.db))
            #expect(draft.status == .ok && form.contains("Thema anlegen") && form.contains(finding.details)
                    && form.contains("name=\"findingId\" value=\"\(ids[2])\"") && form.contains("eine gewählte Erkenntnis"))
            let perRow = try await browser.get(SiteURL.newTopic.with([("erkenntnis", ids[2].uuidString)])).body.string
            #expect(perRow.contains(finding.details) && perRow.contains("value=\"\(finding.category.germanName): \(finding.lifeDomain.germanName)\""))
            let created = try await browser.post(SiteURL.newTopic.path, [("title", "Kinderbetreuung fehlt"), ("statement", finding.details), ("priority", "high"),
                                                                         ("findingId", ids[2].uuidString), ("confirmedNoPersonalData", "on")])
            #expect(created.status == .seeOther)
            #expect(try await FindingAssignment.query(on: context.app.db).filter(\.$findingID == ids[2]).first() != nil)

            // Taken out again, all at once.
            let out = try await browser.post(SiteURL.findings.path, [("findingId", ids[0].uuidString), ("findingId", ids[1].uuidString), ("schritt", "herausnehmen")])
            #expect(out.status == .seeOther)
            #expect(try await FindingAssignment.query(on: context.app.db).filter(\.$topicID == topic.requireID()).count() == 0)
        }
    }

    @Test func theAPIAssignsSeveralFindingsAllOrNone() async throws {
        try await withLotse { context in
            let ids = try await TopicTests.findings(context)
            let desk = try context.topicDesk()
            let topic = try await desk.createTopic(.init(title: "Wohnraum", statement: "Keine Wohnungen.", priority: .medium))
            let api = context.api()
            let token = try await api.token(for: context.fixture.users[.coordinator]!)
            let rows = try #require(try api.json(try await api.request(.POST, "/api/v1/findings/topic", token: token,
                                                                      json: ["findingIds": [ids[0].uuidString, ids[1].uuidString], "topicId": try topic.requireID().uuidString])) as? [[String: Any]])
            #expect(rows.count == 2 && rows.allSatisfy { $0["topicTitle"] as? String == "Wohnraum" })
            let unknown = try await api.request(.POST, "/api/v1/findings/topic", token: token, json: ["findingIds": [ids[2].uuidString, UUID().uuidString], "topicId": try topic.requireID().uuidString])
            #expect(unknown.status == .notFound)
            #expect(try await FindingAssignment.query(on: context.app.db).filter(\.$findingID == ids[2]).first() == nil, "none when one is unknown")
            let unreadable = try await api.request(.POST, "/api/v1/findings/topic", token: token, json: ["findingIds": [""]])
            #expect(unreadable.status == .unprocessableEntity)
            #expect(try await api.request(.POST, "/api/v1/findings/topic", token: token, json: ["findingIds": "keine Liste"]).status == .badRequest)
            #expect(try await api.request(.POST, "/api/v1/findings/topic", token: token, json: ["findingIds": [String]()]).status == .unprocessableEntity)
            let out = try await api.request(.POST, "/api/v1/findings/topic", token: token, json: ["findingIds": [ids[0].uuidString], "topicId": NSNull()])
            #expect(out.status == .ok)
            #expect(try await FindingAssignment.query(on: context.app.db).filter(\.$findingID == ids[0]).first() == nil)
        }
    }
}
