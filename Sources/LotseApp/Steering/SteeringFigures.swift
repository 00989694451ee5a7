import Fluent
import Foundation
import LotseCore
import Vapor

/// A published table for pages and the API: every number already passed `DisclosureControl`.
struct FigureTable: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let label: String
        let cells: [String]
        let total: String
    }

    struct Bar: Encodable, Sendable {
        let label: String
        let text: String
        let width: Int
        let y: Int
        let textY: Int
        let valueX: Int
    }

    let id: String
    let caption: String
    let rowHeader: String
    let columns: [String]
    let rows: [Row]
    let totals: [String]
    let total: String
    let hasColumns: Bool
    /// A horizontal bar chart of the row totals, drawn on the server; suppressed rows get no bar.
    let bars: [Bar]
    let chartHeight: Int
    let chartSummary: String

    init(id: String, caption: String, rowHeader: String, published: PublishedTable) {
        let threshold = published.threshold
        self.id = id
        self.caption = caption
        self.rowHeader = rowHeader
        columns = published.columns
        rows = published.rows.indices.map { index in
            Row(label: published.rows[index], cells: published.cells[index].map { $0.text(threshold: threshold) },
                total: published.rowTotals[index].text(threshold: threshold))
        }
        totals = published.columnTotals.map { $0.text(threshold: threshold) }
        total = published.total.text(threshold: threshold)
        hasColumns = published.columns.count > 1
        let largest = max(1, published.rowTotals.compactMap { if case .value(let v) = $0 { v } else { nil } }.max() ?? 1)
        bars = published.rows.indices.map { index in
            let value: Int = if case .value(let v) = published.rowTotals[index] { v } else { 0 }
            return Bar(label: published.rows[index], text: published.rowTotals[index].text(threshold: threshold), width: value * 300 / largest,
                       y: index * 28, textY: index * 28 + 15, valueX: 190 + value * 300 / largest)
        }
        chartHeight = published.rows.count * 28
        chartSummary = published.rows.indices.map { "\(published.rows[$0]): \(published.rowTotals[$0].text(threshold: threshold))" }.joined(separator: "; ")
    }
}

extension SteeringDesk {
    /// The district's disclosure threshold (DESIGN.md §4.6), set by its administration.
    func threshold() async throws -> Int { try await DistrictSetting.threshold(of: scope.districtID, on: db) }

    /// Figures from case work for everyone but a case's own case manager: counts only, each
    /// published by the cell-key method from the records it counts (`FigurePublisher`).
    func figures() async throws -> [FigureTable] {
        let publisher = try await figurePublisher()
        let towns = try await Municipality.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$name).all()
        let townIDs = towns.compactMap(\.id)
        let cases = try await CaseFile.query(on: db).filter(\.$districtID == scope.districtID).all()
        func ids<T: Model>(_ items: [T], _ rows: [UUID], _ columns: [String], row: (T) -> UUID, column: (T) -> String) -> [[[UUID]]] where T.IDValue == UUID {
            rows.map { r in columns.map { c in items.filter { row($0) == r && column($0) == c }.compactMap(\.id) } }
        }
        let names = towns.map(\.name)
        let byPhase = publisher.table("Fälle nach Kommune und Phase", rows: names, columns: Phase.allCases.map(\.germanName),
                                      cells: ids(cases, townIDs, Phase.allCases.map(\.rawValue), row: \.municipalityID, column: \.phase.rawValue))
        let byAccess = publisher.table("Fälle nach Kommune und Zugang", rows: names, columns: ["Ebene 1", "Ebene 2"],
                                       cells: ids(cases, townIDs, ["1", "2"], row: \.municipalityID) { String($0.accessChannel.level.rawValue) })
        let referrals = try await Referral.query(on: db).filter(\.$districtID == scope.districtID).all()
        let providers = Dictionary(uniqueKeysWithValues: try await Provider.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { p in p.id.map { ($0, p.kind) } })
        let kinds = ProviderKind.allCases
        let byKind = publisher.table("Verweisungen nach Art der aufnehmenden Stelle", rows: kinds.map(\.germanName), columns: ["Verweisungen"],
                                     cells: kinds.map { kind in [referrals.filter { providers[$0.providerID] == kind }.compactMap(\.id)] })
        let domains = LifeDomain.allCases
        let byLifeDomain = publisher.table("Fälle nach Handlungsfeld", rows: domains.map(\.germanName), columns: ["Fälle"],
                                           cells: domains.map { domain in [cases.filter { $0.lifeDomains.contains(domain) }.compactMap(\.id)] })
        let findings = try await Finding.query(on: db).filter(\.$districtID == scope.districtID).all()
        let byDomain = publisher.table("Erkenntnisse nach Handlungsfeld", rows: domains.map(\.germanName), columns: ["Erkenntnisse"],
                                       cells: domains.map { domain in [findings.filter { $0.lifeDomain == domain }.compactMap(\.id)] })
        return [
            FigureTable(id: "faelle-phase", caption: "Fälle nach Kommune und Phase", rowHeader: "Kommune", published: byPhase),
            FigureTable(id: "faelle-zugang", caption: "Fälle nach Kommune und Zugang", rowHeader: "Kommune", published: byAccess),
            FigureTable(id: "faelle-handlungsfeld", caption: "Fälle nach Handlungsfeld (ein Fall kann mehrere haben; die Summe zählt Nennungen)",
                        rowHeader: "Handlungsfeld", published: byLifeDomain),
            FigureTable(id: "verweisungen", caption: "Verweisungen nach Art der aufnehmenden Stelle", rowHeader: "Art der Stelle", published: byKind),
            FigureTable(id: "erkenntnisse", caption: "Erkenntnisse nach Handlungsfeld", rowHeader: "Handlungsfeld", published: byDomain),
        ]
    }
}
