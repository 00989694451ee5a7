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
        /// A hidden count: drawn as the band it lies in (0 to below the threshold), outlined, not as a value.
        let isBand: Bool
    }

    let id: String
    let caption: String
    let rowHeader: String
    let columns: [String]
    let rows: [Row]
    let totals: [String]
    let total: String
    let hasColumns: Bool
    /// A horizontal bar chart of the row totals, drawn on the server; a suppressed row shows the
    /// band it lies in (issue 18, part 5), so a chart of a small district still tells something.
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
        let largest = max(1, published.rowTotals.map { $0.band(threshold: threshold).upperBound }.max() ?? 1)
        bars = published.rows.indices.map { index in
            let count = published.rowTotals[index]
            let reach = count.band(threshold: threshold).upperBound
            return Bar(label: published.rows[index], text: count.text(threshold: threshold), width: reach * 300 / largest,
                       y: index * 28, textY: index * 28 + 15, valueX: 190 + reach * 300 / largest, isBand: count.isBelowThreshold)
        }
        chartHeight = published.rows.count * 28
        chartSummary = published.rows.indices.map { "\(published.rows[$0]): \(published.rowTotals[$0].text(threshold: threshold))" }.joined(separator: "; ")
    }
}

extension SteeringDesk {
    /// The district's disclosure threshold (DESIGN.md §4.6), set by its administration.
    func threshold() async throws -> Int { try await DistrictSetting.threshold(of: scope.districtID, on: db) }

    /// Figures from case work for everyone but a case's own case manager: counts only, each
    /// published by the cell-key method (`FigurePublisher`) from what the database counted and
    /// keyed (`RecordTallies`): seven aggregate queries, whatever the district's size.
    func figures() async throws -> [FigureTable] {
        let publisher = try await figurePublisher()
        let towns = try await Municipality.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$name).all()
        let townIndex = Dictionary(uniqueKeysWithValues: towns.enumerated().compactMap { index, town in town.id.map { ($0, index) } })
        let names = towns.map(\.name)
        let phases = Phase.allCases
        let domains = LifeDomain.allCases
        let cases = try RecordTallies(db, table: CaseFile.schema).filtered("district_id", .equal, scope.districtID)

        var byPhase = Array(repeating: Array(repeating: Counted(), count: phases.count), count: towns.count)
        var byAccess = Array(repeating: Array(repeating: Counted(), count: 2), count: towns.count)
        var byLifeDomain = Array(repeating: [Counted()], count: domains.count)
        var withLifeDomain = Counted()
        for group in try await cases.grouped(by: "municipality_id", "phase", "access_channel").run() {
            guard let town = townIndex[try group.decode("municipality_id", as: UUID.self)] else { continue }
            if let phase = phases.firstIndex(of: try group.decode("phase", as: Phase.self)) { byPhase[town][phase] += group.counted }
            byAccess[town][try group.decode("access_channel", as: AccessChannel.self).level == .one ? 0 : 1] += group.counted
        }
        // Apart from the groups above: with the list of life domains among them the groups
        // multiplied, and decoding each group's list cost a third of the page (issue 17).
        for group in try await cases.grouped(by: "life_domains").run() {
            // A case counts once in each of its life domains, and once in the table's sum.
            let rows = Set(try group.decode("life_domains", as: [LifeDomain].self).compactMap { domains.firstIndex(of: $0) })
            for row in rows { byLifeDomain[row][0] += group.counted }
            if !rows.isEmpty { withLifeDomain += group.counted }
        }
        // By age group at the case's opening (issue 19, part 5), in the district's bands.
        let ageBands = try await DistrictSetting.ageBands(of: scope.districtID, on: db)
        var byAge = Array(repeating: [Counted()], count: ageBands.bands.count + 1)
        for group in try await cases.grouped(by: "age_at_opening").run() {
            let band = try group.decode("age_at_opening", as: Int?.self).flatMap { ageBands.band(of: $0) }
            byAge[band.flatMap { ageBands.bands.firstIndex(of: $0) } ?? ageBands.bands.count][0] += group.counted
        }
        let providers = Dictionary(uniqueKeysWithValues: try await Provider.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { p in p.id.map { ($0, p.kind) } })
        let kinds = ProviderKind.allCases
        var byKind = Array(repeating: [Counted()], count: kinds.count)
        for group in try await RecordTallies(db, table: Referral.schema).filtered("district_id", .equal, scope.districtID).grouped(by: "provider_id").run() {
            if let kind = providers[try group.decode("provider_id", as: UUID.self)], let row = kinds.firstIndex(of: kind) { byKind[row][0] += group.counted }
        }
        var findingsByDomain = Array(repeating: [Counted()], count: domains.count)
        for group in try await RecordTallies(db, table: Finding.schema).filtered("district_id", .equal, scope.districtID).grouped(by: "life_domain").run() {
            if let row = domains.firstIndex(of: try group.decode("life_domain", as: LifeDomain.self)) { findingsByDomain[row][0] += group.counted }
        }
        let publishedByPhase = publisher.table("Fälle nach Kommune und Phase", rows: names, columns: phases.map(\.germanName), counted: byPhase)
        let publishedByAccess = publisher.table("Fälle nach Kommune und Zugang", rows: names, columns: ["Ebene 1", "Ebene 2"], counted: byAccess)
        let publishedByKind = publisher.table("Verweisungen nach Art der aufnehmenden Stelle", rows: kinds.map(\.germanName), columns: ["Verweisungen"], counted: byKind)
        let publishedByLifeDomain = publisher.table("Fälle nach Handlungsfeld", rows: domains.map(\.germanName), columns: ["Fälle"], counted: byLifeDomain,
                                                     eachRecordOnce: withLifeDomain)
        let publishedFindings = publisher.table("Erkenntnisse nach Handlungsfeld", rows: domains.map(\.germanName), columns: ["Erkenntnisse"], counted: findingsByDomain)
        let publishedByAge = publisher.table("Fälle nach Altersgruppe", rows: ageBands.bands.map(\.label) + ["Alter nicht erfasst"], columns: ["Fälle"], counted: byAge)
        let publishedHandovers = try await HandoverFigures.table(publisher, district: scope.districtID, label: "", on: db)
        return [
            FigureTable(id: "faelle-phase", caption: "Fälle nach Kommune und Phase", rowHeader: "Kommune", published: publishedByPhase),
            FigureTable(id: "faelle-zugang", caption: "Fälle nach Kommune und Zugang", rowHeader: "Kommune", published: publishedByAccess),
            FigureTable(id: "faelle-handlungsfeld", caption: "Fälle nach Handlungsfeld (ein Fall kann mehrere haben; die Summe zählt jeden Fall einmal)",
                        rowHeader: "Handlungsfeld", published: publishedByLifeDomain),
            FigureTable(id: "faelle-alter", caption: "Fälle nach Altersgruppe der Klient*in beim Öffnen des Falls", rowHeader: "Altersgruppe", published: publishedByAge),
            FigureTable(id: "verweisungen", caption: "Verweisungen nach Art der aufnehmenden Stelle", rowHeader: "Art der Stelle", published: publishedByKind),
            FigureTable(id: "erkenntnisse", caption: "Erkenntnisse nach Handlungsfeld", rowHeader: "Handlungsfeld", published: publishedFindings),
            FigureTable(id: "uebergaben", caption: "Übergaben von Vorprüfungen an die Ausländer- und Einbürgerungsbehörden nach Verfahren und heutigem Stand",
                        rowHeader: "Verfahren", published: publishedHandovers),
        ]
    }
}
