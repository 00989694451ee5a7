import Testing
@testable import LotseCore

/// The waiver gate of referrals holds on every path, not only on planned → handed over.
@Suite struct DisclosureGateTests {
    /// One step of a referral's life: the state it is moved to, the items added, and whether a
    /// valid waiver for the recipient exists at that moment.
    struct Step: CustomStringConvertible {
        let next: ReferralStatus
        let added: Set<HandoverItem>
        let waiverValid: Bool
        var description: String { "→\(next.rawValue)\(added.isEmpty ? "" : "+items")\(waiverValid ? "" : " (ohne Entbindung)")" }
    }

    @Test func noSequenceOfStepsReachesTheRecipientWithoutAWaiverAtThatMoment() {
        let steps = ReferralStatus.allCases.flatMap { next in
            [Set<HandoverItem>(), [.contactData]].flatMap { added in [true, false].map { Step(next: next, added: added, waiverValid: $0) } }
        }
        var walked = 0
        // Every creation, then every sequence of three further steps.
        for created in steps {
            guard !DisclosureGate.creationDiscloses(created.next, items: created.added) || created.waiverValid else { continue }
            var paths: [[Step]] = [[]]
            for _ in 0..<3 { paths = paths.flatMap { path in steps.map { path + [$0] } } }
            for path in paths {
                var status = created.next
                var items = created.added
                for step in path {
                    let addedItems = step.added.subtracting(items)
                    let discloses = DisclosureGate.updateDiscloses(from: status, to: step.next, addedItems: addedItems)
                    guard !discloses || step.waiverValid else { continue }    // refused: nothing changes
                    // The property: a step that leaves the referral in a disclosing state it was not
                    // in before, or hands over something new, happened with a valid waiver.
                    let entersDisclosure = (step.next.passesData && step.next != status) || !addedItems.isEmpty
                    #expect(!entersDisclosure || step.waiverValid, "\(created) \(path)")
                    status = step.next
                    items.formUnion(step.added)
                }
                walked += 1
            }
        }
        #expect(walked > 10_000)
    }

    @Test func theWalkAroundsOfTheOldGateAreClosed() {
        // Accepted, declined or completed straight from "planned", and on from "accepted".
        for next in [ReferralStatus.accepted, .declined, .completed, .handedOver] {
            #expect(DisclosureGate.updateDiscloses(from: .planned, to: next, addedItems: []))
        }
        #expect(DisclosureGate.updateDiscloses(from: .accepted, to: .handedOver, addedItems: []))
        #expect(DisclosureGate.updateDiscloses(from: .declined, to: .completed, addedItems: []))
        // Back to planned, staying, or only feedback: nothing new reaches the recipient.
        #expect(!DisclosureGate.updateDiscloses(from: .handedOver, to: .planned, addedItems: []))
        #expect(!DisclosureGate.updateDiscloses(from: .accepted, to: .accepted, addedItems: []))
        #expect(DisclosureGate.updateDiscloses(from: .accepted, to: .accepted, addedItems: [.assessment]))
        #expect(!DisclosureGate.creationDiscloses(.planned, items: []))
        #expect(DisclosureGate.creationDiscloses(.planned, items: [.contactData]))
    }
}
