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
        /// "Baustein 2", "Modul II": the district's word and numbering.
        let label: String
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

    /// Soll and Ist of a region, a town or "kreisweit" on the state day.
    struct AreaRow: Encodable, Sendable {
        struct BlockShare: Encodable, Sendable {
            let label: String
            let fteTarget: String
            let fteFilled: String
        }

        let name: String
        let fteTarget: String
        let fteFilled: String
        let fteTargetValue: Double
        let fteFilledValue: Double
        let blocks: [BlockShare]
        let positions: [String]

        init(_ area: AreaStaffing, words: DistrictWords) {
            func text(_ hundredths: Double) -> String { FTE.text(Int(hundredths.rounded())) }
            name = area.name
            fteTarget = text(area.target)
            fteFilled = text(area.filled)
            // Hundredths rounded to whole ones, as a decimal for machines (the same figure as the text).
            fteTargetValue = area.target.rounded() / 100
            fteFilledValue = area.filled.rounded() / 100
            blocks = BuildingBlock.allCases.compactMap { block in
                area.byBlock[block].map { BlockShare(label: words.blockLabel(block), fteTarget: text($0.target), fteFilled: text($0.filled)) }
            }
            positions = area.posts
        }
    }

    let period: PeriodView
    let stateDay: String
    let blocks: [BlockRow]
    let regions: [AreaRow]
    let towns: [AreaRow]
    let places: [PlaceRow]
    let activeMunicipalities: [String]
    let inactiveMunicipalities: [String]
    let municipalityCount: Int
    /// Where a holder left or changed in the period ("in vier Kommunen Stellenwechsel").
    let changedIn: [String]
    var activeCount: Int { activeMunicipalities.count }
    var hasChanges: Bool { !changedIn.isEmpty }

    enum CodingKeys: String, CodingKey {
        case period, stateDay, blocks, regions, towns, places, activeMunicipalities, inactiveMunicipalities, municipalityCount, changedIn, activeCount, hasChanges
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(stateDay, forKey: .stateDay)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(regions, forKey: .regions)
        try c.encode(towns, forKey: .towns)
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
    let words: DistrictWords

    static func load(_ desk: ProgrammeDesk) async throws -> StaffingFacts {
        let positions = try await Position.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
        let ids = positions.compactMap(\.id)
        let changes = ids.isEmpty ? [] : try await PositionChangeRecord.query(on: desk.db).filter(\.$positionID ~~ ids).sort(\.$day).all()
        return StaffingFacts(positions: positions, history: try Dictionary(grouping: changes, by: \.positionID).mapValues { try $0.map { try $0.timelineEntry() } },
                             towns: try await Municipality.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$isActive == true).sort(\.$name).all(),
                             regions: try await Region.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all(),
                             words: try await desk.words())
    }

    func changes(_ position: Position) -> [PositionChange] { position.id.flatMap { history[$0] } ?? [] }

    /// Funded at some point of the period.
    func isFunded(_ position: Position, in period: ReportingPeriod) -> Bool {
        position.fundedFrom <= period.end && (position.fundedUntil.isEmpty || position.fundedUntil >= period.start)
    }

    /// Funded on the day: it counts in the Soll of that day.
    func isFunded(_ position: Position, on day: String) -> Bool {
        position.fundedFrom <= day && (position.fundedUntil.isEmpty || position.fundedUntil >= day)
    }

    /// The FTE on a day, after any dated change of it.
    func fte(_ position: Position, on day: String) -> Int {
        PositionTimeline.fte(on: day, initial: position.fteHundredths, changes(position))
    }

    /// The post as the Soll/Ist tables count it on a day.
    func staffed(_ position: Position, on day: String) -> StaffedPost {
        let target = isFunded(position, on: day) ? fte(position, on: day) : 0
        return StaffedPost(title: position.title, block: position.buildingBlock, target: target,
                           filled: target > 0 && isFilled(position, on: day) ? target : 0, towns: position.towns, region: position.regionID)
    }

    /// The day the period's state is read on: its last day, or today while it runs.
    func stateDay(_ period: ReportingPeriod, today: String) -> String { min(period.end, today) }

    func isFilled(_ position: Position, on day: String) -> Bool { PositionTimeline.state(on: day, changes(position))?.status == .filled }

    /// The municipalities a position works for: its own, its region's, or none (district-wide).
    func municipalities(of position: Position) -> [UUID] {
        if !position.towns.isEmpty { return position.towns }
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
        if !position.towns.isEmpty {
            return position.towns.map { town in towns.first { $0.id == town }?.name ?? "–" }.sorted().joined(separator: "/")
        }
        if let region = position.regionID { return regions.first { $0.id == region }?.name ?? "–" }
        return "kreisweit"
    }

    /// Places where a post that changed its holder in the period is filled at its end ("Nachbesetzung").
    func refilledPlaces(_ period: ReportingPeriod, today: String) -> [String] {
        let day = stateDay(period, today: today)
        return Array(Set(positions.filter { PositionTimeline.holderChanges(from: period.start, to: period.end, changes($0)) > 0 && isFilled($0, on: day) }
            .map(place(of:)))).sorted()
    }

    /// Places with a funded post that stands vacant at the period's end.
    func vacantPlaces(_ period: ReportingPeriod, today: String) -> [String] {
        let day = stateDay(period, today: today)
        return Array(Set(positions.filter { isFunded($0, on: day) && PositionTimeline.state(on: day, changes($0))?.status == .vacant }
            .map(place(of:)))).sorted()
    }

    func staffing(_ period: ReportingPeriod, today: String, agreements: [AgreementRow]) -> Staffing {
        let day = stateDay(period, today: today)
        let funded = positions.filter { isFunded($0, in: period) }
        let posts = positions.map { staffed($0, on: day) }
        let blocks = BuildingBlock.allCases.map { block in
            let inBlock = funded.filter { $0.buildingBlock == block }
            let onDay = posts.filter { $0.block == block }
            let fteFunded = onDay.map(\.target).reduce(0, +)
            let fteFilled = onDay.map(\.filled).reduce(0, +)
            return Staffing.BlockRow(block: Coded(block, name: words.blockName(block)), number: block.number, label: words.blockLabel(block), positions: inBlock.count, fteFunded: FTE.text(fteFunded),
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
            let onDay = here.map { staffed($0, on: day) }
            return Staffing.PlaceRow(place: name, fteFunded: FTE.text(onDay.map(\.target).reduce(0, +)),
                                     fteFilled: FTE.text(onDay.map(\.filled).reduce(0, +)),
                                     caseManagementActive: !townIDs.isEmpty && !townIDs.isDisjoint(with: active),
                                     agreements: townAgreements, hasAgreements: !townAgreements.isEmpty)
        }
        let changed = funded.filter { PositionTimeline.holderChanges(from: period.start, to: period.end, changes($0)) > 0 }.map(place(of:))
        let areaTowns = towns.compactMap { town in town.id.map { StaffingAreas.Place(id: $0, name: town.name, region: town.regionID) } }
        let regionList = regions.filter { $0.kind == .region && $0.isActive }.sorted { $0.name < $1.name }.compactMap { r in r.id.map { (id: $0, name: r.name) } }
        return Staffing(period: PeriodView(period), stateDay: day, blocks: blocks,
                        regions: StaffingAreas.perRegion(posts, regions: regionList, towns: areaTowns).map { Staffing.AreaRow($0, words: words) },
                        towns: StaffingAreas.perTown(posts, towns: areaTowns).map { Staffing.AreaRow($0, words: words) }, places: placeRows,
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
