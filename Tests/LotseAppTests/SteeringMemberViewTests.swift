import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 5: what a steering-group member reads. Topics by name, the next meeting with
/// its time and papers, charts that still say something when small numbers are hidden (the band
/// below the threshold, never the value), the tables folded away under the charts.
@Suite struct SteeringMemberViewTests {
    @Test func theOverviewNamesTopicsAndDrawsHiddenCountsAsBands() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ids = try await TopicTests.findings(context)
            let topics = try context.topicDesk()
            _ = try await topics.createTopic(.init(title: "Kinderbetreuung zu Kursen", statement: "Fehlt.", priority: .high), findingIDs: [ids[0]])
            let steering = try context.steeringDesk()
            let body = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
            _ = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: GermanFormat.isoDay(context.clock.now.addingTimeInterval(5 * 86_400)),
                                                 place: "Kreishaus", startsAt: "10:00")
            let member = context.browser()
            try await member.signIn(f.users[.steeringMember]!)
            let page = try await member.get(SiteURL.steering.path).body.string
            #expect(page.contains("Kinderbetreuung zu Kursen") && page.contains(", 10:00 Uhr</a>, Kreishaus"))
            // The fixture's few cases are all below the threshold: each row is drawn as a band.
            #expect(page.contains("height=\"20\" class=\"bar bar-band\"") && !page.contains("width=\"0\" height=\"20\" class=\"bar bar-band\""))
            #expect(page.contains("<details class=\"figure-table\">"))
            // The hidden values stay hidden: the page shows "< n", never a count below it.
            let threshold = try await steering.threshold()
            #expect(page.contains("&lt; \(threshold)"))
        }
    }

    @Test func aHiddenCountIsABandNeverAValue() {
        #expect(PublishedCount.belowThreshold.band(threshold: 5) == 0...4)
        #expect(PublishedCount.value(12).band(threshold: 5) == 12...12)
    }
}
