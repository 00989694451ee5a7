import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, part 8: the exchange meetings of the coordination with the offices are a body like the
/// others; an office user is a member with their account and reads that body's meetings and papers,
/// nothing else of steering and no other body's meeting.
@Suite struct MemberMeetingsTests {
    @Test func anOfficeUserReadsTheMeetingsOfTheBodyTheySitOn() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let coordinator = try await api.token(for: f.users[.coordinator]!)
            let officer = f.users[.immigrationOffice]!
            let body = try await api.post("/bodies", token: coordinator, ["name": "Austauschtreffen mit den Behörden", "kind": "roundTable"], .created)
            let bodyID = try #require(body["id"] as? String)
            let wrong = try await api.post("/bodies/\(bodyID)/members", token: coordinator,
                                           ["name": "Fallmanagerin", "organisation": "KIM", "userId": f.caseManager.id.uuidString], .unprocessableEntity)
            #expect("\(wrong)".contains("Konto der Ausländer- und Einbürgerungsbehörden"), "only office staff sit on a body with an account")
            _ = try await api.post("/bodies/\(bodyID)/members", token: coordinator,
                                   ["name": "Sachbearbeitung ABH", "organisation": "Ausländerbehörde", "userId": officer.id.uuidString], .created)
            let meeting = try await api.post("/bodies/\(bodyID)/meetings", token: coordinator, ["heldOn": context.caseDesk().today, "place": "Kreishaus"], .created)
            let meetingID = try #require(meeting["id"] as? String)
            _ = try await api.post("/meetings/\(meetingID)/minutes", token: coordinator, ["minutes": "Übergaben besprochen."], .ok)
            let other = try await api.post("/bodies", token: coordinator, ["name": "Lenkungsgruppe", "kind": "steeringGroup"], .created)
            let otherMeeting = try await api.post("/bodies/\(try #require(other["id"] as? String))/meetings", token: coordinator,
                                                  ["heldOn": context.caseDesk().today, "place": "Kreishaus"], .created)
            let otherID = try #require(otherMeeting["id"] as? String)

            let token = try await api.token(for: officer)
            let mine = try #require(try api.json(try await api.request(.GET, "/api/v1/my-meetings", token: token)) as? [[String: Any]])
            #expect(mine.map { $0["id"] as? String } == [meetingID] && mine.first?["body"] as? String == "Austauschtreffen mit den Behörden")
            let read = try #require(try api.json(try await api.request(.GET, "/api/v1/my-meetings/\(meetingID)", token: token)) as? [String: Any])
            #expect(read["minutes"] as? String == "Übergaben besprochen.")
            #expect(try await api.request(.GET, "/api/v1/my-meetings/\(otherID)", token: token).status == .notFound, "another body's meeting is not there")
            #expect(try await api.request(.GET, "/api/v1/meetings/\(meetingID)", token: token).status == .forbidden, "nothing else of steering")
            #expect(try await api.request(.GET, "/api/v1/my-meetings", token: coordinator).status == .forbidden)

            let browser = context.browser()
            try await browser.signIn(officer)
            let list = try await browser.get(SiteURL.memberMeetings.path).body.string
            #expect(list.contains("Austauschtreffen mit den Behörden") && !list.contains("Lenkungsgruppe"))
            let page = try await browser.get(SiteURL.memberMeeting(.value(UUID(uuidString: meetingID)!)).path)
            #expect(page.status == .ok && page.body.string.contains("Übergaben besprochen.") && page.body.string.contains("Sachbearbeitung ABH"))
            let coordination = context.browser()
            try await coordination.signIn(f.users[.coordinator]!)
            let form = try await coordination.get(SiteURL.bodyMembers(.value(UUID(uuidString: bodyID)!)).path).body.string
            #expect(form.contains("Konto in Lotse") && form.contains(officer.canary))
        }
    }
}
