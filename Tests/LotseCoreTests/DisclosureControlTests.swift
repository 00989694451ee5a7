import Foundation
import Testing
@testable import LotseCore

@Suite struct DisclosureControlTests {
    /// Keys that hit every region of the rule: both ends, their edges, and a spread in between.
    static func keys() -> [UInt64] {
        let low = CellKeyRule.extremeBound, high = UInt64.max - CellKeyRule.extremeBound
        var generator = SeededRandom(seed: 20261130)
        return [0, 1, low / 2 - 1, low / 2, low - 1, low, low + 1, high - 1, high, high + 1, UInt64.max]
            + (0..<4000).map { _ in generator.next() }
            + (0..<1000).map { UInt64(Double(high - low) * Double($0) / 1000) + low }
    }

    @Test func noRecordStaysZeroAndOneOrTwoAreNeverPublished() {
        #expect(CellKeyRule.perturb(Tally()) == 0)
        for n in 1...40 {
            for key in Self.keys() {
                let published = CellKeyRule.perturb(Tally(count: n, cellKey: key))
                #expect(published != 1 && published != 2 && published >= 0, "\(n) with key \(key) → \(published)")
                #expect(abs(published - n) <= CellKeyRule.maxDeviation)
            }
        }
    }

    /// What a reader is told (`possibleTruths`) is exactly what the rule does: every true count is
    /// inside the range of what it was published as, and every value of a range really occurs.
    @Test func theStatedRangesAreExact() throws {
        var reached: [Int: Set<Int>] = [0: [0]]
        for n in 1...60 {
            for key in Self.keys() {
                let published = CellKeyRule.perturb(Tally(count: n, cellKey: key))
                let range = try #require(CellKeyRule.possibleTruths(published: published))
                #expect(range.contains(n), "\(n) → \(published) outside \(range)")
                reached[published, default: []].insert(n)
            }
        }
        for published in 0...40 {
            guard let range = CellKeyRule.possibleTruths(published: published) else {
                #expect(reached[published] == nil, "\(published) is said never to be published")
                continue
            }
            #expect(reached[published] == Set(range), "published \(published): \(range) stated, \(reached[published] ?? []) seen")
        }
        #expect(CellKeyRule.possibleTruths(below: 5) == 0...7 && CellKeyRule.possibleTruths(below: 3) == 0...3)
    }

    /// The property the protection rests on: a true count sits at the lower end of what its
    /// published value can stand for only with a key among the lowest 1 in 100 (or with no record
    /// at all, key 0), and at the upper end only with a key among the highest 1 in 100. Also for
    /// "< threshold".
    @Test func theEndsOfEveryRangeAreReachedOnlyWithExtremeKeys() throws {
        let low = CellKeyRule.extremeBound, high = UInt64.max - CellKeyRule.extremeBound
        for n in 1...60 {
            for key in Self.keys() {
                let tally = Tally(count: n, cellKey: key)
                for threshold in [3, 5, 10] {
                    let published = DisclosureControl.publish(tally, threshold: threshold)
                    let range = try #require(DisclosureControl.possibleTruths(published, threshold: threshold))
                    if n == range.lowerBound { #expect(key < low, "\(n) at the lower end of \(range) with key \(key)") }
                    if n == range.upperBound { #expect(key > high, "\(n) at the upper end of \(range) with key \(key)") }
                }
            }
        }
    }

    /// The shares of the rule, measured over many keys: mostly unchanged or ±1, ±3 about 1 in 100.
    @Test func mostCountsMoveByAtMostTwo() {
        var generator = SeededRandom(seed: 7)
        var deviations: [Int: Int] = [:]
        let draws = 200_000
        for _ in 0..<draws { deviations[CellKeyRule.perturb(Tally(count: 40, cellKey: generator.next())) - 40, default: 0] += 1 }
        func share(_ d: Int) -> Double { Double(deviations[d] ?? 0) / Double(draws) }
        #expect(abs(share(0) - 0.49) < 0.01 && abs(share(1) - 0.196) < 0.01 && abs(share(-2) - 0.049) < 0.005)
        #expect(abs(share(3) - 0.01) < 0.002 && abs(share(-3) - 0.01) < 0.002)
    }

    /// Same records, same figure: the cell key is the sum of the records' keys, whatever the order,
    /// and a total is published from its own records, not from the published cells.
    @Test func theSameRecordsGiveTheSameFigureEverywhere() {
        let keys = RecordKeys(masterKey: MasterKey(base64: Data(repeating: 7, count: 32).base64EncodedString())!)
        let ids = (0..<9).map { _ in UUID() }
        #expect(keys.tally(ids) == keys.tally(ids.reversed()))
        #expect(keys.tally(ids) == keys.tally(ids.prefix(4)) + keys.tally(ids.dropFirst(4)))
        let other = RecordKeys(masterKey: MasterKey(base64: Data(repeating: 8, count: 32).base64EncodedString())!)
        #expect(keys.key(of: ids[0]) != other.key(of: ids[0]), "the keys depend on the master key")
        // What the database adds up (stored keys, SUM without overflow) gives the same tally.
        #expect(ids.allSatisfy { (0..<(Int64(1) << 32)).contains(keys.storedKey(of: $0)) })
        #expect(Tally(count: ids.count, storedKeySum: ids.map(keys.storedKey).reduce(0, +)) == keys.tally(ids))
        let table = CountTable(rows: ["a", "b"], columns: ["x", "y"],
                               cells: [[keys.tally(ids.prefix(2)), keys.tally(ids[2..<3])], [keys.tally(ids[3..<6]), keys.tally(ids.suffix(3))]])
        let published = DisclosureControl.publish(table, threshold: 3)
        #expect(published.total == DisclosureControl.publish(keys.tally(ids), threshold: 3))
        #expect(published.rowTotals[1] == DisclosureControl.publish(keys.tally(ids.suffix(6)), threshold: 3))
        #expect(published.cells[0][1] == DisclosureControl.publish(keys.tally(ids[2..<3]), threshold: 3))
        #expect(PublishedCount.belowThreshold.text(threshold: 5) == "< 5" && PublishedCount.value(1234).text(threshold: 5) == "1.234")
    }

    @Test func aTableOfOverlappingRowsCountsEachRecordOnceInItsTotals() {
        let keys = RecordKeys(masterKey: MasterKey(base64: Data(repeating: 7, count: 32).base64EncodedString())!)
        let ids = (0..<4).map { _ in UUID() }
        // ids[0] is in all three rows, ids[1] in two: the cells add up to seven mentions of four records.
        let rows = [[ids[0], ids[1]], [ids[0], ids[1], ids[2]], [ids[0], ids[3]]]
        let table = CountTable(rows: ["a", "b", "c"], columns: ["Fälle"], cells: rows.map { [keys.tally($0)] }, eachRecordOnce: keys.tally(ids))
        #expect(table.total == keys.tally(ids) && table.columnTotals == [keys.tally(ids)] && table.total.count == 4)
        #expect(table.rowTotals[1] == keys.tally(rows[1]), "the rows themselves are unchanged")
        let published = DisclosureControl.publish(table, threshold: 3)
        #expect(published.total == DisclosureControl.publish(keys.tally(ids), threshold: 3))
        #expect(CountTable(rows: ["a", "b", "c"], columns: ["Fälle"], cells: rows.map { [keys.tally($0)] }).total.count == 7, "without it: mentions")
    }

    @Test func valuesBelowTheThresholdAreShownAsSuch() {
        #expect(DisclosureControl.publish(Tally(), threshold: 5) == .belowThreshold, "0 too")
        for key in DisclosureControlTests.keys() {
            let published = DisclosureControl.publish(Tally(count: 2, cellKey: key), threshold: 5)
            #expect(published == .belowThreshold || published == .value(5))
        }
    }
}
