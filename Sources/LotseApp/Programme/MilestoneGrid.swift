import Fluent
import Foundation
import LotseCore

/// The familiar half-year grid (seed 001 §9, seed 003 §11): milestones grouped by building block,
/// one column per half-year, each cell "ja", "bei Bedarf", "nein" or empty.
struct MilestoneGrid: Encodable, Sendable {
    struct Column: Encodable, Sendable {
        let key: String
        let label: String
    }

    struct Cell: Encodable, Sendable {
        let name: String
        let label: String
        let code: String
        let text: String
        let options: [FormOption]
        let error: String
    }

    struct Row: Encodable, Sendable {
        let id: UUID
        let title: String
        let status: Coded
        let responsible: String
        let completedOn: String
        let note: String
        let cells: [Cell]
    }

    struct Group: Encodable, Sendable {
        let block: Coded
        let rows: [Row]
    }

    let columns: [Column]
    let groups: [Group]
    let hasMilestones: Bool
    let editable: Bool
    let from: String
    let to: String
    let legend: [String]
    /// The plan one half-year earlier and one half-year longer; the page makes addresses of them,
    /// the API names them as a query (`earlier`, `later`).
    let earlierRange: (from: String, to: String)
    let laterRange: (from: String, to: String)
    var earlier: String { "from=\(earlierRange.from)&to=\(earlierRange.to)" }
    var later: String { "from=\(laterRange.from)&to=\(laterRange.to)" }

    enum CodingKeys: String, CodingKey { case columns, groups, hasMilestones, editable, from, to, earlier, later, legend }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns, forKey: .columns)
        try c.encode(groups, forKey: .groups)
        try c.encode(hasMilestones, forKey: .hasMilestones)
        try c.encode(editable, forKey: .editable)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(earlier, forKey: .earlier)
        try c.encode(later, forKey: .later)
        try c.encode(legend, forKey: .legend)
    }
}

extension ProgrammeDesk {
    func milestoneGrid(from: String, to: String, editable: Bool, entered: FormFields? = nil) async throws -> MilestoneGrid {
        let milestones = try await Milestone.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$position).all()
        let words = try await words()
        let ids = milestones.compactMap(\.id)
        let entries = ids.isEmpty ? [] : try await MilestonePlanEntry.query(on: db).filter(\.$milestoneID ~~ ids).all()
        let planned = entries.compactMap { HalfYear(key: $0.halfYear) }
        let thisHalf = HalfYear.containing(today)
        let first = HalfYear(key: from) ?? planned.min() ?? thisHalf
        var last = HalfYear(key: to) ?? planned.max() ?? thisHalf.next.next.next
        if last < first { last = first }
        let halves = HalfYear.range(first, last)
        let plan = Dictionary(entries.map { ("\($0.milestoneID.uuidString)_\($0.halfYear)", $0.planning.rawValue) }, uniquingKeysWith: { a, _ in a })
        let groups = try BuildingBlock.allCases.compactMap { block -> MilestoneGrid.Group? in
            let rows = try milestones.filter { $0.buildingBlock == block }.compactMap { m -> MilestoneGrid.Row? in
                guard let id = m.id else { return nil }
                let cells = halves.map { half in
                    let name = "plan_\(id.uuidString)_\(half.key)"
                    let code = entered.map { $0.text(name) } ?? plan["\(id.uuidString)_\(half.key)"] ?? ""
                    return MilestoneGrid.Cell(name: name, label: "\(m.title), \(half.label)", code: code,
                                              text: MilestonePlanning(rawValue: code)?.germanName ?? "",
                                              options: MilestonePlanning.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0.rawValue == code) },
                                              error: code.isEmpty || MilestonePlanning(rawValue: code) != nil ? "" : "ungültig")
                }
                return MilestoneGrid.Row(id: id, title: m.title, status: Coded(m.status), responsible: m.responsible,
                                         completedOn: m.completedOn, note: m.note, cells: cells)
            }
            return rows.isEmpty ? nil : MilestoneGrid.Group(block: Coded(block, name: words.blockName(block)), rows: rows)
        }
        let before = HalfYear(year: first.half == 1 ? first.year - 1 : first.year, half: first.half == 1 ? 2 : 1)
        return MilestoneGrid(columns: halves.map { .init(key: $0.key, label: $0.label) }, groups: groups, hasMilestones: !milestones.isEmpty,
                             editable: editable, from: first.key, to: last.key,
                             legend: MilestonePlanning.allCases.map { "Umsetzung: \($0.germanName)" },
                             earlierRange: (before.key, last.key), laterRange: (first.key, last.next.key))
    }
}
