/// Small numbers are not shown (DESIGN.md §4.6). A table of counts with its row and column totals
/// and grand total is published with every cell below the district's threshold suppressed
/// (primary), and then enough further cells and totals suppressed (secondary) that no row or
/// column equation has a single unknown left: a reader cannot subtract a suppressed cell back out.
public struct CountTable: Sendable, Equatable {
    public let rows: [String]
    public let columns: [String]
    /// `cells[row][column]`, counts ≥ 0.
    public let cells: [[Int]]

    public init(rows: [String], columns: [String], cells: [[Int]]) {
        precondition(cells.count == rows.count && cells.allSatisfy { $0.count == columns.count }, "cells must match rows × columns")
        self.rows = rows
        self.columns = columns
        self.cells = cells
    }

    public var rowTotals: [Int] { cells.map { $0.reduce(0, +) } }
    public var columnTotals: [Int] { columns.indices.map { column in cells.reduce(0) { $0 + $1[column] } } }
    public var total: Int { rowTotals.reduce(0, +) }
}

/// A published number: its value, or "fewer than the threshold" without the value.
public enum PublishedCount: Sendable, Equatable {
    case value(Int)
    case suppressed

    public var isSuppressed: Bool { self == .suppressed }

    /// How people read it: "1.234" or "< 5".
    public func text(threshold: Int) -> String {
        switch self {
        case .value(let value): GermanFormat.number(value)
        case .suppressed: "< \(threshold)"
        }
    }
}

public struct PublishedTable: Sendable, Equatable {
    public let rows: [String]
    public let columns: [String]
    public let cells: [[PublishedCount]]
    public let rowTotals: [PublishedCount]
    public let columnTotals: [PublishedCount]
    public let total: PublishedCount
    public let threshold: Int
}

public enum DisclosureControl {
    public static let defaultThreshold = 5

    /// One count on its own (a sentence in a decision paper or a letter): hidden when small.
    public static func publish(_ count: Int, threshold: Int = defaultThreshold) -> PublishedCount {
        count > 0 && count < threshold ? .suppressed : .value(count)
    }

    /// Publishes `table`. Zeros stay visible (a zero reveals nobody); with `threshold` 1 or less
    /// nothing is suppressed (for the case's own case manager).
    public static func publish(_ table: CountTable, threshold: Int = defaultThreshold) -> PublishedTable {
        let rowCount = table.rows.count
        let columnCount = table.columns.count
        // The full grid: inner cells, the row totals as an extra column, the column totals and the
        // grand total as an extra row. Every row and every column of it is one equation.
        var grid = table.cells.enumerated().map { index, row in row + [table.rowTotals[index]] }
        grid.append(table.columnTotals + [table.total])
        var hidden = grid.map { $0.map { $0 > 0 && $0 < threshold } }

        // Secondary suppression: first until no equation has exactly one hidden member, then,
        // as long as some hidden number still follows from a combination of equations, one more
        // beside it. Ends at the latest when everything is hidden.
        while true {
            var changed = true
            while changed {
                changed = false
                for row in 0...rowCount where hide(inLine: (0...columnCount).map { (row, $0) }, grid: grid, hidden: &hidden) { changed = true }
                for column in 0...columnCount where hide(inLine: (0...rowCount).map { ($0, column) }, grid: grid, hidden: &hidden) { changed = true }
            }
            guard let revealed = determined(hidden).first else { break }
            let neighbours = (0...columnCount).map { (revealed.0, $0) } + (0...rowCount).map { ($0, revealed.1) }
            let open = neighbours.filter { !hidden[$0.0][$0.1] }
            let pick = open.min { a, b in
                let (va, vb) = (grid[a.0][a.1], grid[b.0][b.1])
                return (va == 0 ? Int.max : va) < (vb == 0 ? Int.max : vb)
            } ?? (0..<grid.count).flatMap { r in (0..<grid[r].count).map { (r, $0) } }.first { !hidden[$0.0][$0.1] }
            guard let pick else { break }
            hidden[pick.0][pick.1] = true
        }
        func published(_ row: Int, _ column: Int) -> PublishedCount { hidden[row][column] ? .suppressed : .value(grid[row][column]) }
        return PublishedTable(
            rows: table.rows, columns: table.columns,
            cells: (0..<rowCount).map { row in (0..<columnCount).map { published(row, $0) } },
            rowTotals: (0..<rowCount).map { published($0, columnCount) },
            columnTotals: (0..<columnCount).map { published(rowCount, $0) },
            total: published(rowCount, columnCount), threshold: threshold)
    }

    /// The hidden numbers a reader can compute from the published ones: those whose unit vector
    /// lies in the span of the row and column equations over the hidden numbers.
    static func determined(_ hidden: [[Bool]]) -> [(Int, Int)] {
        var unknowns: [(Int, Int)] = []
        for r in hidden.indices { for c in hidden[r].indices where hidden[r][c] { unknowns.append((r, c)) } }
        guard !unknowns.isEmpty else { return [] }
        let lastRow = hidden.count - 1, lastColumn = hidden[0].count - 1
        var equations: [[Double]] = []
        for r in 0...lastRow {
            equations.append(unknowns.map { $0.0 == r ? ($0.1 == lastColumn ? -1 : 1) : 0 })
        }
        for c in 0...lastColumn {
            equations.append(unknowns.map { $0.1 == c ? ($0.0 == lastRow ? -1 : 1) : 0 })
        }
        let base = rank(equations)
        return unknowns.indices.filter { index in
            rank(equations + [unknowns.indices.map { $0 == index ? 1 : 0 }]) == base
        }.map { unknowns[$0] }
    }

    static func rank(_ matrix: [[Double]]) -> Int {
        var m = matrix
        var rank = 0
        for column in 0..<(m.first?.count ?? 0) {
            guard let pivot = (rank..<m.count).first(where: { abs(m[$0][column]) > 1e-9 }) else { continue }
            m.swapAt(rank, pivot)
            for row in m.indices where row != rank && abs(m[row][column]) > 1e-9 {
                let factor = m[row][column] / m[rank][column]
                for k in m[row].indices { m[row][k] -= factor * m[rank][k] }
            }
            rank += 1
        }
        return rank
    }

    /// If exactly one member of the equation is hidden, hides one more: the smallest non-zero
    /// member (inner cells before totals), or, when all others are zero, the total itself.
    static func hide(inLine line: [(Int, Int)], grid: [[Int]], hidden: inout [[Bool]]) -> Bool {
        guard line.filter({ hidden[$0.0][$0.1] }).count == 1 else { return false }
        let candidates = line.filter { !hidden[$0.0][$0.1] }
        let isTotal = { (cell: (Int, Int)) in cell.0 == grid.count - 1 || cell.1 == grid[0].count - 1 }
        let ordered = candidates.sorted { a, b in
            let (va, vb) = (grid[a.0][a.1], grid[b.0][b.1])
            if (va == 0) != (vb == 0) { return vb == 0 }
            if isTotal(a) != isTotal(b) { return isTotal(b) }
            return va < vb
        }
        guard let pick = ordered.first else { return false }
        hidden[pick.0][pick.1] = true
        return true
    }
}
