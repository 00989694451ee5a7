import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 4, from the agenda to the decision: a meeting with a time, an agenda worked on
/// until the meeting, a proposed resolution in the decision paper, decisions only once held (or
/// by circulation), and the topic's next step proposed by the decision with one confirmation.
@Suite struct CoordinationChainTests {
    @Test func theAgendaIsWorkedOnUntilTheMeetingAndItsPapersCarryTheProposal() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ids = try await TopicTests.findings(context)
            let topic = try await context.topicDesk().createTopic(.init(title: "Sprachkurse fehlen", statement: "Zu wenige Plätze.", priority: .high),
                                                                                     findingIDs: [ids[0]])
            let browser = context.browser()
            try await browser.signIn(f.users[.coordinator]!)
            #expect(try await browser.get(SiteURL.start.path).body.string.contains("<a href=\"/bodies\""), "Gremien are in the navigation")
            let created = try await browser.post(SiteURL.newBody.path, [("name", "Lenkungsgruppe"), ("kind", "steeringGroup")])
            let bodyLocation = try #require(created.headers.first(name: .location))
            let bodyID = try #require(UUID(uuidString: String(bodyLocation.split(separator: "?")[0].split(separator: "/").last ?? "")))
            let inTenDays = GermanFormat.isoDay(context.clock.now.addingTimeInterval(10 * 86_400))
            let badTime = try await browser.post(SiteURL.bodyMeetings(.value(bodyID)).path, [("heldOn", inTenDays), ("place", "Kreishaus"), ("startsAt", "nachmittags")])
            #expect(badTime.status == .unprocessableEntity && badTime.body.string.contains("z. B. 14:00") && badTime.body.string.contains("value=\"Kreishaus\""))
            let meetingPosted = try await browser.post(SiteURL.bodyMeetings(.value(bodyID)).path, [("heldOn", inTenDays), ("place", "Kreishaus"), ("startsAt", "14 Uhr")])
            let meetingLocation = try #require(meetingPosted.headers.first(name: .location))
            let meetingPath = String(meetingLocation.split(separator: "?")[0])
            let meetingID = try #require(UUID(uuidString: String(meetingPath.split(separator: "/").last ?? "")))
            _ = try await browser.post(SiteURL.meetingAgenda(.value(meetingID)).path, [("topicId", try topic.requireID().uuidString),
                                                                                        ("proposedResolution", "Die Koordination lädt die Träger zu einem Austausch ein.")])
            _ = try await browser.post(SiteURL.meetingAgenda(.value(meetingID)).path, [("title", "Verschiedenes")])
            _ = try await browser.post(SiteURL.meetingAgenda(.value(meetingID)).path, [("title", "Bericht der Koordination")])
            var items = try await AgendaItem.query(on: context.app.db).filter(\.$meetingID == meetingID).sort(\.$position).all()
            #expect(items.map(\.title) == ["Sprachkurse fehlen", "Verschiedenes", "Bericht der Koordination"])

            let page = try await browser.get(meetingPath).body.string
            #expect(page.contains(", 14:00 Uhr, Kreishaus") && page.contains("Beschlussvorschlag: Die Koordination lädt"))
            // Moved up, edited, removed: the others close ranks.
            _ = try await browser.post(SiteURL.agendaItemMove(.value(try items[2].requireID())).path, [("richtung", "hoch")])
            items = try await AgendaItem.query(on: context.app.db).filter(\.$meetingID == meetingID).sort(\.$position).all()
            #expect(items.map(\.title) == ["Sprachkurse fehlen", "Bericht der Koordination", "Verschiedenes"])
            let empty = try await browser.post(SiteURL.agendaItem(.value(try items[1].requireID())).path, [("title", ""), ("proposedResolution", "Zur Kenntnis")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains(">Zur Kenntnis</textarea>"))
            _ = try await browser.post(SiteURL.agendaItem(.value(try items[1].requireID())).path, [("title", "Bericht der KS"), ("proposedResolution", "Zur Kenntnis")])
            _ = try await browser.post(SiteURL.agendaItemRemove(.value(try items[2].requireID())).path)
            items = try await AgendaItem.query(on: context.app.db).filter(\.$meetingID == meetingID).sort(\.$position).all()
            #expect(items.map(\.title) == ["Sprachkurse fehlen", "Bericht der KS"] && items.map(\.position) == [1, 2])
            let invitation = try await browser.get(SiteURL.meetingInvitation(.value(meetingID)).path).body.string
            #expect(invitation.contains("14:00 Uhr") && invitation.contains("<p>Die Koordination lädt die Träger zu einem Austausch ein.</p>"))

            // Before the meeting: a decision only by circulation.
            let early = try await browser.post(SiteURL.meetingDecisions(.value(meetingID)).path, [("text", "Austausch mit den Trägern"), ("kind", "exchangeMeeting"),
                                                                                                  ("owner", "Koordination"), ("dueOn", inTenDays)])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("im Umlaufverfahren") && early.body.string.contains(">Austausch mit den Trägern</textarea>"))
            let circulated = try await browser.post(SiteURL.meetingDecisions(.value(meetingID)).path, [("text", "Austausch mit den Trägern"), ("kind", "exchangeMeeting"),
                                                                                                       ("owner", "Koordination"), ("dueOn", inTenDays), ("byCirculation", "on")])
            #expect(circulated.status == .seeOther)
            #expect(try await browser.get(meetingPath).body.string.contains("(im Umlaufverfahren)"))

            // After the meeting the agenda is the record.
            context.clock.advance(by: 11 * 86_400)
            try await browser.signIn(f.users[.coordinator]!)
            #expect(try await browser.post(SiteURL.agendaItemMove(.value(try items[1].requireID())).path, [("richtung", "hoch")]).status == .conflict)
            #expect(try await browser.get(SiteURL.agendaItem(.value(try items[1].requireID())).path).status == .conflict)
            #expect(!(try await browser.get(meetingPath).body.string.contains("Nach oben")))
        }
    }

    @Test func aDecisionProposesTheTopicsNextStepAndOneClickTakesIt() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ids = try await TopicTests.findings(context)
            let topics = try context.topicDesk()
            let topic = try await topics.createTopic(.init(title: "Anerkennung dauert", statement: "Über ein Jahr.", priority: .high), findingIDs: [ids[1]])
            let topicID = try topic.requireID()
            for step in [TopicStatus.analysing, .body] { try await topics.move(topicID, to: step, reason: "Schritt") }
            let steering = try context.steeringDesk()
            let body = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
            let meeting = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: steering.today, place: "Kreishaus")
            let browser = context.browser()
            try await browser.signIn(f.users[.coordinator]!)
            let decided = try await browser.post(SiteURL.meetingDecisions(.value(try meeting.requireID())).path,
                                                 [("text", "Das Thema geht an das Land."), ("kind", "forwardToState"), ("owner", "Koordination"),
                                                  ("topicId", topicID.uuidString)])
            let location = try #require(decided.headers.first(name: .location))
            #expect(location.hasPrefix(SiteURL.topicStatus(.value(topicID)).path + "?vorschlag=forwardedToState&beschluss="))
            let form = try await browser.get(location).body.string
            #expect(form.contains("Der Beschluss ist gespeichert.") && form.contains("value=\"forwardedToState\" checked")
                    && form.contains("Beschluss vom \(GermanFormat.germanDay(steering.today)) (Lenkungsgruppe): Das Thema geht an das Land."))
            #expect(try await Topic.find(topicID, on: context.app.db)?.status == .body, "proposed, not taken")
            let confirmed = try await browser.post(SiteURL.topicStatus(.value(topicID)).path, [("status", "forwardedToState"),
                                                                                               ("reason", "Beschluss: Das Thema geht an das Land.")])
            #expect(confirmed.status == .seeOther)
            #expect(try await Topic.find(topicID, on: context.app.db)?.status == .forwardedToState)

            // A working group without a name gets one from its topic; the decision without a topic leads back to the meeting.
            let other = try await topics.createTopic(.init(title: "Kitaplätze", statement: "Zu wenige.", priority: .medium))
            _ = try await browser.post(SiteURL.meetingDecisions(.value(try meeting.requireID())).path,
                                       [("text", "Eine Arbeitsgruppe klärt den Bedarf."), ("kind", "setUpWorkingGroup"), ("owner", "KS"),
                                        ("dueOn", steering.today), ("topicId", try other.requireID().uuidString)])
            #expect(try await Body.query(on: context.app.db).filter(\.$name == "Arbeitsgruppe Kitaplätze").first() != nil)
            let plain = try await browser.post(SiteURL.meetingDecisions(.value(try meeting.requireID())).path,
                                               [("text", "Bericht zur Kenntnis genommen."), ("kind", "task"), ("owner", "KS"), ("dueOn", steering.today)])
            #expect(plain.headers.first(name: .location)?.hasPrefix(SiteURL.meeting(.value(try meeting.requireID())).path) == true)
        }
    }

    @Test func theAPIEditsMovesAndRemovesAgendaItems() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let steering = try context.steeringDesk()
            let body = try await steering.createBody(.init(name: "Planungskonferenz", kind: .planningConference))
            let created = try await api.post("/bodies/\(try body.requireID())/meetings", token: token,
                                             ["heldOn": GermanFormat.isoDay(context.clock.now.addingTimeInterval(3 * 86_400)), "place": "Rathaus", "startsAt": "9.30"], .created)
            #expect(created["startsAt"] as? String == "09:30")
            let meetingID = try #require(created["id"] as? String)
            _ = try await api.post("/meetings/\(meetingID)/agenda", token: token, ["title": "Eins", "proposedResolution": "Vorschlag"], .created)
            let two = try await api.post("/meetings/\(meetingID)/agenda", token: token, ["title": "Zwei"], .created)
            let agenda = try #require(two["agenda"] as? [[String: Any]])
            #expect(agenda.first?["proposedResolution"] as? String == "Vorschlag")
            let second = try #require(agenda.last?["id"] as? String)
            let moved = try #require(try api.json(try await api.request(.POST, "/api/v1/agenda-items/\(second)/move", token: token, json: ["direction": "up"])) as? [String: Any])
            #expect((moved["agenda"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Zwei", "Eins"])
            let edited = try await api.request(.PATCH, "/api/v1/agenda-items/\(second)", token: token, json: ["proposedResolution": "Neu"])
            #expect(edited.status == .ok && edited.body.string.contains("\"Neu\""))
            let removed = try #require(try api.json(try await api.request(.DELETE, "/api/v1/agenda-items/\(second)", token: token)) as? [String: Any])
            #expect((removed["agenda"] as? [[String: Any]])?.map { $0["position"] as? Int } == [1])
            #expect(try await api.request(.DELETE, "/api/v1/agenda-items/\(UUID())", token: token).status == .notFound)
            #expect(try await api.request(.PATCH, "/api/v1/agenda-items/\(UUID())", token: token, json: ["title": "x"]).status == .notFound)
            #expect(try await api.request(.POST, "/api/v1/agenda-items/\(UUID())/move", token: token, json: ["direction": "up"]).status == .notFound)
            let remaining = try #require((removed["agenda"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await api.request(.PATCH, "/api/v1/agenda-items/\(remaining)", token: token, json: ["title": 5]).status == .badRequest)
            #expect(try await api.request(.POST, "/api/v1/agenda-items/\(remaining)/move", token: token, json: ["direction": "sideways"]).status == .badRequest)
            #expect(try await api.request(.PATCH, "/api/v1/agenda-items/\(remaining)", token: token, json: ["title": ""]).status == .unprocessableEntity)
            let early = try await api.request(.POST, "/api/v1/meetings/\(meetingID)/decisions", token: token,
                                              json: ["text": "Vorab", "kind": "task", "owner": "KS", "dueOn": GermanFormat.isoDay(context.clock.now)])
            #expect(early.status == .unprocessableEntity)
            let circulated = try #require(try api.json(try await api.request(.POST, "/api/v1/meetings/\(meetingID)/decisions", token: token,
                                                                            json: ["text": "Vorab", "kind": "task", "owner": "KS", "dueOn": GermanFormat.isoDay(context.clock.now),
                                                                                   "byCirculation": true])) as? [String: Any])
            #expect((circulated["decisions"] as? [[String: Any]])?.first?["byCirculation"] as? Bool == true)
            context.clock.advance(by: 4 * 86_400)
            let later = try await api.token(for: f.users[.coordinator]!)
            #expect(try await api.request(.PATCH, "/api/v1/agenda-items/\(remaining)", token: later, json: ["title": "Zu spät"]).status == .conflict)
            #expect(try await api.request(.POST, "/api/v1/agenda-items/\(remaining)/move", token: later, json: ["direction": "up"]).status == .conflict)
            #expect(try await api.request(.DELETE, "/api/v1/agenda-items/\(remaining)", token: later).status == .conflict)
        }
    }
}
