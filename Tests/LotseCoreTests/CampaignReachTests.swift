import Foundation
import Testing
@testable import LotseCore

/// The naturalisation campaign's reach (issue 16, part 6): per municipality, events held by today
/// with their participants and follow-ups; counts checked against the day and each other.
@Suite struct CampaignReachTests {
    @Test func reachAddsUpHeldEventsPerMunicipality() {
        let (a, b) = (UUID(), UUID())
        let events = [CampaignReach.Event(municipalityID: a, heldOn: "2026-03-01", participants: 40, followUps: 12),
                      .init(municipalityID: a, heldOn: "2026-05-01", participants: nil, followUps: nil),
                      .init(municipalityID: b, heldOn: "2026-04-01", participants: 15, followUps: 3),
                      .init(municipalityID: b, heldOn: "2026-12-01", participants: nil, followUps: nil)]
        let reach = CampaignReach.byMunicipality(events, today: "2026-06-01")
        #expect(reach[a] == .init(events: 2, participants: 40, followUps: 12))
        #expect(reach[b] == .init(events: 1, participants: 15, followUps: 3), "a planned event reaches no one yet")
        #expect(CampaignReach.total(events, today: "2026-06-01") == .init(events: 3, participants: 55, followUps: 15))
    }

    @Test func countsComeAfterTheEventAndFitTogether() {
        #expect(CampaignReach.checkCounts(participants: 20, followUps: 5, heldOn: "2026-05-01", today: "2026-06-01").isEmpty)
        #expect(CampaignReach.checkCounts(participants: nil, followUps: nil, heldOn: "2026-07-01", today: "2026-06-01").isEmpty, "planned")
        #expect(CampaignReach.checkCounts(participants: 3, followUps: nil, heldOn: "2026-07-01", today: "2026-06-01").map(\.problem) == [.countsBeforeTheEvent])
        #expect(CampaignReach.checkCounts(participants: 3, followUps: 4, heldOn: "2026-05-01", today: "2026-06-01").map(\.field) == ["followUps"])
        #expect(CampaignReach.checkCounts(participants: -1, followUps: nil, heldOn: "2026-05-01", today: "2026-06-01").map(\.problem)
                == [.countOutOfRange(label: "Teilnehmende")])
    }
}
