import Foundation
import Testing
@testable import LotseCore

/// The office's feedback on a handover (issue 16, part 4): steps in any order, days between the
/// handover and today, nothing after the procedure ended; and the outcome counts steering sees.
@Suite struct HandoverRulesTests {
    @Test func feedbackComesBetweenTheHandoverAndTodayAndEndsWithAnOutcome() {
        func check(_ current: HandoverStatus, _ next: HandoverStatus, _ day: String) -> HandoverRules.FeedbackProblem? {
            HandoverRules.checkFeedback(current: current, next: next, day: day, handedOverOn: "2026-05-10", today: "2026-06-01")
        }
        #expect(check(.handedOver, .received, "2026-05-10") == nil)
        #expect(check(.documentsRequested, .documentsRequested, "2026-05-20") == nil, "documents may be asked for twice")
        #expect(check(.handedOver, .applicationFiled, "2026-06-01") == nil, "offices may skip steps")
        #expect(check(.handedOver, .received, "2026-05-09") == .dayBeforeHandover("2026-05-10"))
        #expect(check(.handedOver, .received, "2026-06-02") == .dayInFuture)
        #expect(check(.received, .handedOver, "2026-05-20") == .notFeedback, "only the case manager hands over")
        for final in [HandoverStatus.granted, .refused, .withdrawn] {
            #expect(final.isFinal && check(final, .received, "2026-05-20") == .alreadyFinal(final))
        }
        #expect(HandoverRules.FeedbackProblem.dayBeforeHandover("2026-05-10").message.contains("10.05.2026"))
        #expect(!HandoverStatus.feedback.contains(.handedOver) && HandoverStatus.feedback.count == HandoverStatus.allCases.count - 1)
    }

    @Test func outcomesCountEachHandoverOnceByItsCurrentStatus() {
        let outcomes = HandoverRules.outcomes([.handedOver, .received, .applicationFiled, .granted, .granted, .refused, .withdrawn])
        #expect(outcomes.handedOver == 7 && outcomes.open == 3 && outcomes.granted == 2 && outcomes.refused == 1 && outcomes.withdrawn == 1)
        #expect(HandoverRules.outcomes([]) == HandoverRules.Outcomes())
    }
}
