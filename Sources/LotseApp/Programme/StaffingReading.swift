import Fluent
import Foundation
import LotseCore

/// The staffing of a period read from positions and their histories: FTE funded and filled per
/// building block and per place of work, vacancies, changes of holder, and the municipalities
/// where case management was active. Counts of staff, not of clients: no threshold applies.
struct Staffing: Encodable, Sendable {
    struct BlockRow: Encodable, Sendable {
        let block: Coded
        let number: Int
        let positions: Int
        let fteFunded: String
        let fteFilled: String
        let fteFundedValue: Double
        let fteFilledValue: Double
        let vacant: Int
        let holderChanges: Int
    }

    struct PlaceRow: Encodable, Sendable {
        let place: String
        let fteFunded: String
        let fteFilled: String
        let caseManagementActive: Bool
        let agreements: [AgreementRow]
        let hasAgreements: Bool
    }

    let period: PeriodView
    let blocks: [BlockRow]
    let places: [PlaceRow]
    let activeMunicipalities: [String]
    let inactiveMunicipalities: [String]
    let municipalityCount: Int
    /// Where a holder left or changed in the period ("in vier Kommunen Stellenwechsel").
    let changedIn: [String]
    var activeCount: Int { activeMunicipalities.count }
    var hasChanges: Bool { !changedIn.isEmpty }

    enum CodingKeys: String, CodingKey {
        case period, blocks, places, activeMunicipalities, inactiveMunicipalities, municipalityCount, changedIn, activeCount, hasChanges
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(places, forKey: .places)
        try c.encode(activeMunicipalities, forKey: .activeMunicipalities)
        try c.encode(inactiveMunicipalities, forKey: .inactiveMunicipalities)
        try c.encode(municipalityCount, forKey: .municipalityCount)
        try c.encode(changedIn, forKey: .changedIn)
        try c.encode(activeCount, forKey: .activeCount)
        try c.encode(hasChanges, forKey: .hasChanges)
    }
}

struct PeriodView: Encodable, Sendable {
    let key: String
    let label: String
    let start: String
    let end: String
    let kind: String

    init(_ period: ReportingPeriod) {
        key = period.key
        label = period.label
        start = period.start
        end = period.end
        kind = period.kind.rawValue
    }
}

struct AgreementRow: Encodable, Sendable {
    let id: UUID
    let municipalityId: UUID
    let municipality: String
    let kind: Coded
    let status: Coded
    let datedOn: String
    let note: String
}

/// The positions of a district with their histories, and what follows for a period.
struct StaffingFacts: Sendable {
    let positions: [Position]
    let history: [UUID: [PositionChange]]
    let towns: [Municipality]
    let regions: [Region]

    static func load(_ desk: ProgrammeDesk) async throws -> StaffingFacts {
        let positions = try await Position.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
        let ids = positions.compactMap(\.id)
        let changes = ids.isEmpty ? [] : try await PositionChangeRecord.query(on: desk.db).filter(\.$positionID ~~ ids).sort(\.$day).all()
        return StaffingFacts(positions: positions, history: try Dictionary(grouping: changes, by: \.positionID).mapValues { try $0.map { try $0.timelineEntry() } },
                             towns: try await Municipality.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$isActive == true).sort(\.$name).all(),
                             regions: try await Region.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all())
    }

    func changes(_ position: Position) -> [PositionChange] { position.id.flatMap { history[$0] } ?? [] }

    /// Funded at some point of the period.
    func isFunded(_ position: Position, in period: ReportingPeriod) -> Bool {
        position.fundedFrom <= period.end && (position.fundedUntil.isEmpty || position.fundedUntil >= period.start)
    }

    /// The day the period's state is read on: its last day, or today while it runs.
    func stateDay(_ period: ReportingPeriod, today: String) -> String { min(period.end, today) }

    func isFilled(_ position: Position, on day: String) -> Bool { PositionTimeline.state(on: day, changes(position))?.status == .filled }

    /// The municipalities a position works for: its own, its region's, or none (district-wide).
    func municipalities(of position: Position) -> [UUID] {
        if let town = position.municipalityID { return [town] }
        if let region = position.regionID { return towns.filter { $0.regionID == region }.compactMap(\.id) }
        return []
    }

    func activeCaseManagement(in period: ReportingPeriod) -> Set<UUID> {
        var active: Set<UUID> = []
        for position in positions where position.buildingBlock == .caseManagement
            && PositionTimeline.wasFilled(from: period.start, to: period.end, changes(position)) {
            active.formUnion(municipalities(of: position))
        }
        return active
    }

    func place(of position: Position) -> String {
        if let town = position.municipalityID { return towns.first { $0.id == town }?.name ?? "–" }
        if let region = position.regionID { return regions.first { $0.id == region }?.name ?? "–" }
        return "kreisweit"
    }

    func staffing(_ period: ReportingPeriod, today: String, agreements: [AgreementRow]) -> Staffing {
        let day = stateDay(period, today: today)
        let funded = positions.filter { isFunded($0, in: period) }
        let blocks = BuildingBlock.allCases.map { block in
            let inBlock = funded.filter { $0.buildingBlock == block }
            let fteFunded = inBlock.map(\.fteHundredths).reduce(0, +)
            let fteFilled = inBlock.filter { isFilled($0, on: day) }.map(\.fteHundredths).reduce(0, +)
            return Staffing.BlockRow(block: Coded(block), number: block.number, positions: inBlock.count, fteFunded: FTE.text(fteFunded),
                                     fteFilled: FTE.text(fteFilled), fteFundedValue: FTE.decimal(fteFunded), fteFilledValue: FTE.decimal(fteFilled),
                                     vacant: inBlock.filter { !isFilled($0, on: day) }.count,
                                     holderChanges: inBlock.map { PositionTimeline.holderChanges(from: period.start, to: period.end, changes($0)) }.reduce(0, +))
        }
        let active = activeCaseManagement(in: period)
        let places = Dictionary(grouping: funded, by: place(of:))
        let placeRows = places.keys.sorted().map { name in
            let here = places[name] ?? []
            let townIDs = Set(here.flatMap(municipalities(of:)))
            let townAgreements = agreements.filter { townIDs.contains($0.municipalityId) }
            return Staffing.PlaceRow(place: name, fteFunded: FTE.text(here.map(\.fteHundredths).reduce(0, +)),
                                     fteFilled: FTE.text(here.filter { isFilled($0, on: day) }.map(\.fteHundredths).reduce(0, +)),
                                     caseManagementActive: !townIDs.isEmpty && !townIDs.isDisjoint(with: active),
                                     agreements: townAgreements, hasAgreements: !townAgreements.isEmpty)
        }
        let changed = funded.filter { PositionTimeline.holderChanges(from: period.start, to: period.end, changes($0)) > 0 }.map(place(of:))
        return Staffing(period: PeriodView(period), blocks: blocks, places: placeRows,
                        activeMunicipalities: towns.filter { active.contains($0.id ?? UUID()) }.map(\.name),
                        inactiveMunicipalities: towns.filter { !active.contains($0.id ?? UUID()) }.map(\.name),
                        municipalityCount: towns.count, changedIn: Array(Set(changed)).sorted())
    }
}

extension ProgrammeDesk {
    func agreements() async throws -> [AgreementRow] {
        let names = try await OrganisationService.municipalityNames(scope, on: db)
        return try await Agreement.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$datedOn).all().map { agreement in
            AgreementRow(id: try agreement.requireID(), municipalityId: agreement.municipalityID, municipality: names[agreement.municipalityID] ?? "–",
                         kind: Coded(agreement.kind),
                         status: Coded(agreement.status), datedOn: agreement.datedOn, note: agreement.note)
        }.sorted { ($0.municipality, $0.kind.name) < ($1.municipality, $1.kind.name) }
    }

    func staffing(_ period: ReportingPeriod) async throws -> Staffing {
        try await StaffingFacts.load(self).staffing(period, today: today, agreements: try await agreements())
    }
}
