import Testing
@testable import LotseCore

@Suite struct DisclosureControlTests {
    @Test func smallCellsAndTheTotalsThatWouldRevealThemAreSuppressed() {
        let table = CountTable(rows: ["Altdorf", "Neustadt"], columns: ["Arbeit", "Wohnen", "Sprache"], cells: [[12, 3, 9], [7, 8, 6]])
        let published = DisclosureControl.publish(table)
        #expect(published.cells[0][1] == .suppressed, "3 < 5")
        #expect(published.cells[0].filter(\.isSuppressed).count >= 2, "the row total would give the 3 back")
        #expect(published.cells.map { $0[1] }.filter(\.isSuppressed).count >= 2, "so would the column total")
        #expect(published.cells[1][0] == .value(7) || published.cells[1][0] == .suppressed)
        #expect(published.total == .value(45))
        #expect(PublishedCount.suppressed.text(threshold: 5) == "< 5" && PublishedCount.value(1234).text(threshold: 5) == "1.234")
    }

    @Test func aSingleCountIsHiddenWhenSmall() {
        #expect(DisclosureControl.publish(3) == .suppressed && DisclosureControl.publish(0) == .value(0) && DisclosureControl.publish(5) == .value(5))
        #expect(DisclosureControl.publish(3, threshold: 3) == .value(3))
    }

    @Test func zerosStayAndAThresholdOfOneHidesNothing() {
        let table = CountTable(rows: ["a"], columns: ["x", "y"], cells: [[0, 6]])
        #expect(DisclosureControl.publish(table).cells == [[.value(0), .value(6)]])
        let small = CountTable(rows: ["a"], columns: ["x", "y"], cells: [[1, 2]])
        #expect(DisclosureControl.publish(small, threshold: 1).cells == [[.value(1), .value(2)]])
        #expect(DisclosureControl.publish(small).total == .suppressed, "a total of 3 is itself small")
    }

    /// The property: over many random tables, every suppressed cell stays undetermined for a
    /// reader who knows every published number and that rows and columns add up: neither by
    /// solving one equation after another, nor by any combination of equations (rank test).
    @Test func noPublishedTableGivesASuppressedCellBack() {
        var generator = SplitMix(seed: 20261124)
        for _ in 0..<400 {
            let rows = Int.random(in: 1...5, using: &generator)
            let columns = Int.random(in: 1...5, using: &generator)
            let cells = (0..<rows).map { _ in (0..<columns).map { _ in [0, 1, 2, 3, 4, 5, 6, 9, 14, 40][Int.random(in: 0..<10, using: &generator)] } }
            let table = CountTable(rows: (0..<rows).map { "r\($0)" }, columns: (0..<columns).map { "c\($0)" }, cells: cells)
            let published = DisclosureControl.publish(table)
            // Every primary cell is hidden.
            for r in 0..<rows { for c in 0..<columns where cells[r][c] > 0 && cells[r][c] < 5 { #expect(published.cells[r][c].isSuppressed) } }
            #expect(Reader.recoverable(published).isEmpty, "\(cells) → \(published.cells)")
        }
    }
}

/// What an attacker can do: the unknowns are the suppressed numbers of the full grid; every row
/// and column gives a linear equation. A suppressed number is revealed if its unit vector lies in
/// the row space of the equations over the unknowns.
enum Reader {
    static func recoverable(_ table: PublishedTable) -> [Int] {
        var grid = table.cells.enumerated().map { index, row in row + [table.rowTotals[index]] }
        grid.append(table.columnTotals + [table.total])
        let rowCount = grid.count, columnCount = grid[0].count
        var unknowns: [(Int, Int)] = []
        for r in 0..<rowCount { for c in 0..<columnCount where grid[r][c].isSuppressed { unknowns.append((r, c)) } }
        guard !unknowns.isEmpty else { return [] }
        func index(_ r: Int, _ c: Int) -> Int? { unknowns.firstIndex { $0 == (r, c) } }
        // Each equation: the inner members minus the total member = 0, over the unknowns only.
        var equations: [[Double]] = []
        for r in 0..<rowCount {
            var e = [Double](repeating: 0, count: unknowns.count)
            for c in 0..<columnCount { if let i = index(r, c) { e[i] = c == columnCount - 1 ? -1 : 1 } }
            equations.append(e)
        }
        for c in 0..<columnCount {
            var e = [Double](repeating: 0, count: unknowns.count)
            for r in 0..<rowCount { if let i = index(r, c) { e[i] = r == rowCount - 1 ? -1 : 1 } }
            equations.append(e)
        }
        let base = rank(equations)
        return unknowns.indices.filter { i in
            var unit = [Double](repeating: 0, count: unknowns.count)
            unit[i] = 1
            return rank(equations + [unit]) == base
        }
    }

    static func rank(_ matrix: [[Double]]) -> Int {
        var m = matrix
        var rank = 0
        let columns = m.first?.count ?? 0
        for column in 0..<columns {
            guard let pivot = (rank..<m.count).first(where: { abs(m[$0][column]) > 1e-9 }) else { continue }
            m.swapAt(rank, pivot)
            for row in 0..<m.count where row != rank && abs(m[row][column]) > 1e-9 {
                let factor = m[row][column] / m[rank][column]
                for k in 0..<columns { m[row][k] -= factor * m[rank][k] }
            }
            rank += 1
        }
        return rank
    }
}

/// A small seeded generator, so a failing table can be found again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct TopicLadderTests {
    @Test func theLadderGoesUpOneRungAndEndsOnlyFromABodyOrWithoutSolution() {
        #expect(TopicLadder.next(from: .reported) == [.analysing, .closedWithoutSolution])
        #expect(!TopicLadder.mayMove(from: .reported, to: .solved))
        #expect(!TopicLadder.mayMove(from: .analysing, to: .forwardedToState), "only a body forwards to the state")
        #expect(TopicLadder.mayMove(from: .body, to: .forwardedToState) && TopicLadder.mayMove(from: .followUp, to: .solved))
        #expect(TopicLadder.mayMove(from: .body, to: .analysing), "a body may send a topic back")
        for status in TopicStatus.allCases where !status.isFinal { #expect(TopicLadder.mayMove(from: status, to: .closedWithoutSolution)) }
        for status in TopicStatus.allCases where status.isFinal { #expect(TopicLadder.next(from: status).isEmpty) }
    }
}
