import Fluent
import Foundation
import LotseCore

/// What Baustein 3 holds about a period (issue 16, part 7): the offices' backlog reports for its
/// months, the campaign's events held in it, and the offices' names. The offices' figures and the
/// head counts of public events are not counted from case work: there are no records behind them
/// to key, and they are shown as reported. Handovers, which are case work, are counted elsewhere,
/// through `FigurePublisher`.
struct Baustein3Facts: Sendable {
    struct OfficeBacklog: Sendable, Equatable {
        let office: String
        /// The office's latest reported month in the period (YYYY-MM).
        let month: String
        let pending: Int
        let overSix: Int
    }

    let reports: [BacklogReport]
    let offices: [UUID: String]
    let events: [CampaignEvent]

    /// The facts of the days `from` … `to` (YYYY-MM-DD), as far as they have passed by `today`.
    static func load(district: UUID, from: String, to: String, today: String, on db: any Database) async throws -> Baustein3Facts {
        let (first, last) = (String(from.prefix(7)), String(min(to, today).prefix(7)))
        let reports = try await BacklogReport.query(on: db).filter(\.$districtID == district).filter(\.$month >= first).filter(\.$month <= last).all()
        let offices = Dictionary(uniqueKeysWithValues: try await OfficeService.offices(districtID: district, on: db).compactMap { o in o.id.map { ($0, o.name) } })
        let events = try await CampaignEvent.query(on: db).filter(\.$districtID == district).filter(\.$heldOn >= from)
            .filter(\.$heldOn <= min(to, today)).sort(\.$heldOn).all()
        return Baustein3Facts(reports: reports, offices: offices, events: events)
    }

    /// Each reporting office at its latest month in the period, all its procedures together.
    var latestBacklog: [OfficeBacklog] {
        Dictionary(grouping: reports, by: \.officeID).compactMap { officeID, rows -> OfficeBacklog? in
            guard let month = rows.map(\.month).max() else { return nil }
            let atEnd = rows.filter { $0.month == month }
            return OfficeBacklog(office: offices[officeID] ?? "", month: month, pending: atEnd.reduce(0) { $0 + $1.pending },
                                 overSix: atEnd.reduce(0) { $0 + $1.pendingOverSixMonths })
        }.sorted { $0.office < $1.office }
    }

    /// The trend per office and procedure over the period: its first and latest reported month.
    struct Trend: Sendable, Encodable {
        let office: String
        let procedure: String
        let fromMonth: String
        let toMonth: String
        let pendingFrom: Int
        let pendingTo: Int
        let overSixFrom: Int
        let overSixTo: Int
    }

    var trends: [Trend] {
        Dictionary(grouping: reports) { "\($0.officeID)/\($0.procedure.rawValue)" }.values.compactMap { rows -> Trend? in
            let sorted = rows.sorted { $0.month < $1.month }
            guard let from = sorted.first, let to = sorted.last else { return nil }
            return Trend(office: offices[from.officeID] ?? "", procedure: from.procedure.germanName, fromMonth: BacklogRules.germanMonth(from.month),
                         toMonth: BacklogRules.germanMonth(to.month), pendingFrom: from.pending, pendingTo: to.pending,
                         overSixFrom: from.pendingOverSixMonths, overSixTo: to.pendingOverSixMonths)
        }.sorted { ($0.office, $0.procedure) < ($1.office, $1.procedure) }
    }

    struct ReachLine: Sendable, Encodable {
        let municipality: String
        let events: Int
        let participants: Int
        let followUps: Int
    }

    /// The campaign's reach in the period, per municipality (held events only), by name.
    func reach(today: String, towns: [UUID: String]) -> [ReachLine] {
        CampaignReach.byMunicipality(events.map(\.reachEvent), today: today).map { town, reach in
            ReachLine(municipality: towns[town] ?? "", events: reach.events, participants: reach.participants, followUps: reach.followUps)
        }.sorted { $0.municipality < $1.municipality }
    }
}
