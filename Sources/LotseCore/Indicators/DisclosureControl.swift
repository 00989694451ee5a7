/// Small numbers cannot be recovered (DESIGN.md §4.6). Every count from case work that anyone but
/// the case's own case manager sees is published by the cell-key method (`CellKeyRule`): it is
/// changed a little, by an amount that depends only on which records it counts, so the same records
/// give the same figure on every page, in every export and period, and subtracting figures from
/// each other yields noise, not people. Values below the district's threshold are then shown as
/// "< threshold" (0 included), which only hides more.
///
/// Totals are perturbed like any other count, from the records they count, so a table need not add
/// up exactly: suppressing cells and keeping exact totals is what let a reader work hidden cells
/// back out.
public struct CountTable: Sendable, Equatable {
    public let rows: [String]
    public let columns: [String]
    /// `cells[row][column]`.
    public let cells: [[Tally]]
    /// For a table whose rows are not exclusive (a case in several life domains): the records of
    /// its one column, each once, which its column total and grand total count instead of the sum
    /// of the cells. A sum that counts one case once per row ties the number of cases to a multiple
    /// of itself; dividing by it narrowed small counts to a single whole number (the interval
    /// attacker of `tests/disclosure` found this).
    public let eachRecordOnce: Tally?

    public init(rows: [String], columns: [String], cells: [[Tally]], eachRecordOnce: Tally? = nil) {
        precondition(cells.count == rows.count && cells.allSatisfy { $0.count == columns.count }, "cells must match rows × columns")
        precondition(eachRecordOnce == nil || columns.count == 1, "only a table of one column can count its records once in its totals")
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.eachRecordOnce = eachRecordOnce
    }

    public var rowTotals: [Tally] { cells.map { $0.reduce(Tally(), +) } }
    public var columnTotals: [Tally] {
        if let eachRecordOnce { return [eachRecordOnce] }
        return columns.indices.map { column in cells.reduce(Tally()) { $0 + $1[column] } }
    }
    public var total: Tally { eachRecordOnce ?? rowTotals.reduce(Tally(), +) }
}

/// A published number: the perturbed value, or "below the threshold" without a value.
public enum PublishedCount: Sendable, Equatable {
    case value(Int)
    case belowThreshold

    public var isBelowThreshold: Bool { self == .belowThreshold }

    /// The range the published count says the true count lies in: the value itself, or 0 to
    /// one below the threshold. A chart draws this band for a hidden count, never a value in it.
    public func band(threshold: Int) -> ClosedRange<Int> {
        switch self {
        case .value(let value): value...value
        case .belowThreshold: 0...max(0, threshold - 1)
        }
    }

    /// How people read it: "1.234" or "< 5".
    public func text(threshold: Int) -> String {
        switch self {
        case .value(let value): GermanFormat.number(value)
        case .belowThreshold: "< \(threshold)"
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

    /// One count: perturbed, then "< threshold" if the result is below the threshold.
    public static func publish(_ tally: Tally, threshold: Int = defaultThreshold) -> PublishedCount {
        let value = CellKeyRule.perturb(tally)
        return value < threshold ? .belowThreshold : .value(value)
    }

    /// A table with its row and column totals and grand total, each published from its own records.
    public static func publish(_ table: CountTable, threshold: Int = defaultThreshold) -> PublishedTable {
        PublishedTable(
            rows: table.rows, columns: table.columns,
            cells: table.cells.map { row in row.map { publish($0, threshold: threshold) } },
            rowTotals: table.rowTotals.map { publish($0, threshold: threshold) },
            columnTotals: table.columnTotals.map { publish($0, threshold: threshold) },
            total: publish(table.total, threshold: threshold), threshold: threshold)
    }

    /// What a reader who knows the rule learns from a published figure: the true counts it can stand for.
    public static func possibleTruths(_ published: PublishedCount, threshold: Int) -> ClosedRange<Int>? {
        switch published {
        case .value(let value): CellKeyRule.possibleTruths(published: value)
        case .belowThreshold: CellKeyRule.possibleTruths(below: threshold)
        }
    }
}
