import Foundation
import Testing
@testable import LotseCore

/// Issue 16, parts 1 and 2: one office of each kind per municipality, and checklist versions that
/// follow each other without a gap or an overlap.
@Suite struct OfficeRulesTests {
    let paderborn = UUID(), delbrueck = UUID(), bueren = UUID()

    @Test func eachMunicipalityHasOneOfficeOfEachKind() {
        let kreis = OfficeJurisdiction.Office(id: UUID(), name: "Kreis", kinds: [.residence, .naturalisation], municipalityIDs: [delbrueck, bueren])
        let stadt = OfficeJurisdiction.Office(id: UUID(), name: "Stadt", kinds: [.residence, .naturalisation], municipalityIDs: [paderborn])
        #expect(OfficeJurisdiction.responsible(for: paderborn, kind: .residence, among: [kreis, stadt]) == stadt)
        #expect(OfficeJurisdiction.responsible(for: bueren, kind: .naturalisation, among: [kreis, stadt]) == kreis)
        #expect(OfficeJurisdiction.responsible(for: UUID(), kind: .residence, among: [kreis, stadt]) == nil)
        #expect(OfficeJurisdiction.overlaps(of: stadt, with: [kreis, stadt]).isEmpty)
        let grabbing = OfficeJurisdiction.Office(id: stadt.id, name: "Stadt", kinds: [.residence], municipalityIDs: [paderborn, delbrueck])
        #expect(OfficeJurisdiction.overlaps(of: grabbing, with: [kreis, stadt]) == [.init(municipalityID: delbrueck, kind: .residence, other: kreis)])
        let onlyNaturalisation = OfficeJurisdiction.Office(id: UUID(), name: "EBH", kinds: [.naturalisation], municipalityIDs: [paderborn])
        #expect(OfficeJurisdiction.overlaps(of: onlyNaturalisation, with: [kreis]).isEmpty, "another kind in the same town is no overlap")
        #expect(Procedure.naturalisation.officeKind == .naturalisation && Procedure.sustainableIntegration.officeKind == .residence)
    }

    @Test func aNewVersionEndsThePreviousOneTheDayBefore() throws {
        #expect(try ChecklistVersions.next(after: [], validFrom: "2024-01-01").get() == (1, nil))
        let first = ChecklistVersions.Version(number: 1, validFrom: "2024-01-01", validUntil: nil)
        let second = try #require(try? ChecklistVersions.next(after: [first], validFrom: "2024-06-27").get())
        #expect(second.number == 2 && second.previousEndsOn == "2024-06-26")
        guard case .failure(.startsTooEarly(latestFrom: "2024-01-01")) = ChecklistVersions.next(after: [first], validFrom: "2024-01-01") else {
            Issue.record("a version starting with the current one is refused")
            return
        }
        let ended = ChecklistVersions.Version(number: 1, validFrom: "2024-01-01", validUntil: "2024-06-26")
        let now = ChecklistVersions.Version(number: 2, validFrom: "2024-06-27", validUntil: nil)
        #expect(ChecklistVersions.current(on: "2024-06-26", among: [ended, now]) == ended)
        #expect(ChecklistVersions.current(on: "2024-06-27", among: [ended, now]) == now)
        #expect(ChecklistVersions.current(on: "2023-12-31", among: [ended, now]) == nil)
    }
}

/// Issue 16, part 3: what a pre-check says is still missing.
@Suite struct PreCheckRulesTests {
    @Test func unansweredCountsAsUnclearAndOnlyOpenItemsHaveReviews() {
        let answers = [PreCheckRules.Answer(position: 1, status: .met, note: "", reviewOn: "2026-01-01"),
                       PreCheckRules.Answer(position: 2, status: .notMet, note: "A2 fehlt", reviewOn: "2027-03-01"),
                       PreCheckRules.Answer(position: 3, status: .unknown, note: "", reviewOn: "2026-12-15")]
        let summary = PreCheckRules.summary(positions: [1, 2, 3, 4], answers: answers)
        #expect(summary.met == 1 && summary.missing == [2] && summary.unclear == [3, 4])
        #expect(summary.nextReview == "2026-12-15", "a met requirement's day does not count")
        #expect(PreCheckRules.summary(positions: [], answers: []).nextReview == nil)
    }
}
