import Fluent
import Foundation
import LotseCore
import Vapor

/// The state's programme controlling: one row of indicators for the district and a period.
/// Staffing and bodies are not about people and are given as they are; every count from case work
/// has passed `FigurePublisher` (a value below the threshold is "< 5" in CSV and null in JSON, and
/// marked `suppressed`).
struct ControllingRow: Content, Sendable {
    struct Indicator: Content, Sendable {
        let code: String
        let label: String
        let value: Double?
        let suppressed: Bool
    }

    let district: String
    let period: String
    let periodLabel: String
    let periodStart: String
    let periodEnd: String
    let threshold: Int
    let indicators: [Indicator]

    /// Semicolon CSV for German spreadsheets: a header of codes, a row of labels, the values.
    var csv: String {
        let header = ["district", "period", "periodStart", "periodEnd"] + indicators.map(\.code)
        let labels = ["Kreis", "Zeitraum", "Beginn", "Ende"] + indicators.map(\.label)
        let values = [district, periodLabel, periodStart, periodEnd] + indicators.map { indicator in
            if indicator.suppressed { return "< \(threshold)" }
            return indicator.value.map { GermanFormat.number($0, fractionDigits: $0 == $0.rounded() ? 0 : 2) } ?? ""
        }
        return CSV.byteOrderMark + CSV.row(header) + CSV.row(labels) + CSV.row(values)
    }
}

extension ProgrammeDesk {
    func controlling(_ period: ReportingPeriod) async throws -> ControllingRow {
        let districtName = try await District.find(scope.districtID, on: db)?.name ?? ""
        let facts = try await PeriodFacts.load(self, period)
        let staffing = facts.staffing.staffing(period, today: today, agreements: try await agreements())
        let figures = try await CaseWorkFigures.load(self, period)
        var indicators: [ControllingRow.Indicator] = []
        func add(_ code: String, _ label: String, _ value: Double?) { indicators.append(.init(code: code, label: label, value: value, suppressed: false)) }
        for block in staffing.blocks {
            add("fteFunded_block\(block.number)", "VZÄ gefördert \(block.label)", block.fteFundedValue)
            add("fteFilled_block\(block.number)", "VZÄ besetzt \(block.label)", block.fteFilledValue)
            add("positions_block\(block.number)", "Stellen \(block.label)", Double(block.positions))
        }
        // Soll and Ist per region and per town (issue 19, part 2), with codes from their names.
        for (kind, label, areas) in [("region", "Region", staffing.regions), ("town", "Kommune", staffing.towns)] {
            for area in areas {
                let code = PlaceSlug.make(area.name)
                add("fteTarget_\(kind)_\(code)", "Soll VZÄ \(label) \(area.name)", area.fteTargetValue)
                add("fteFilled_\(kind)_\(code)", "Ist VZÄ \(label) \(area.name)", area.fteFilledValue)
            }
        }
        add("positionsNotFilled", "Stellen nicht besetzt", Double(staffing.blocks.map(\.vacant).reduce(0, +)))
        add("holderChanges", "Stellenwechsel", Double(staffing.blocks.map(\.holderChanges).reduce(0, +)))
        add("municipalities", "kreisangehörige Kommunen", Double(staffing.municipalityCount))
        add("municipalitiesWithCaseManagement", "Kommunen mit aktivem Case Management", Double(staffing.activeMunicipalities.count))
        for indicator in figures.indicators {
            switch indicator.value {
            case .value(let count): add(indicator.code, indicator.label, Double(count))
            case .belowThreshold: indicators.append(.init(code: indicator.code, label: indicator.label, value: nil, suppressed: true))
            }
        }
        let caseManagementFTE = staffing.blocks.first { $0.number == 2 }?.fteFilledValue ?? 0
        switch figures.value("consultations") {
        case .value(let count)?:
            add("consultationsPerFteCaseManagement", "Beratungskontakte je besetzter VZÄ Case Management",
                caseManagementFTE > 0 ? (Double(count) / caseManagementFTE * 10).rounded() / 10 : nil)
        default:
            indicators.append(.init(code: "consultationsPerFteCaseManagement", label: "Beratungskontakte je besetzter VZÄ Case Management", value: nil, suppressed: true))
        }
        // Baustein 3: handovers are case work and pass the disclosure control; the offices' backlog
        // and the campaign's head counts are given as reported.
        let handovers = try await HandoverFigures.table(try await figurePublisher(), district: scope.districtID, from: period.start, to: period.end,
                                                        label: "\(period.label) | ", on: db)
        func published(_ code: String, _ label: String, _ value: PublishedCount) {
            switch value {
            case .value(let count): add(code, label, Double(count))
            case .belowThreshold: indicators.append(.init(code: code, label: label, value: nil, suppressed: true))
            }
        }
        published("handoversToOffices", "Übergaben an Ausländer- und Einbürgerungsbehörden", handovers.total)
        for (index, code) in ["handoversOpen", "handoversGranted", "handoversRefused", "handoversWithdrawn"].enumerated() {
            published(code, "davon \(HandoverFigures.outcomes[index])", handovers.columnTotals[index])
        }
        let latest = facts.baustein3.latestBacklog
        add("backlogOffices", "Behörden mit Zahlen zum Antragsstau", Double(latest.count))
        add("backlogPendingEnd", "Anträge anhängig am Ende (alle Behörden)", Double(latest.reduce(0) { $0 + $1.pending }))
        add("backlogOverSixMonthsEnd", "davon älter als sechs Monate", Double(latest.reduce(0) { $0 + $1.overSix }))
        let campaign = CampaignReach.total(facts.baustein3.events.map(\.reachEvent), today: today)
        add("campaignEvents", "Veranstaltungen der Einbürgerungskampagne", Double(campaign.events))
        add("campaignParticipants", "Teilnehmende der Einbürgerungskampagne", Double(campaign.participants))
        add("campaignFollowUps", "Folgeberatungen aus der Einbürgerungskampagne", Double(campaign.followUps))
        let topicsNew = try await Topic.query(on: db).filter(\.$districtID == scope.districtID).all()
            .filter { period.contains($0.dayRaised) && $0.dayRaised <= today }.count
        add("topicsNew", "neue Themen aus Erkenntnissen", Double(topicsNew))
        add("topicsFromCaseWorkInSteeringGroup", "Themen aus der Fallarbeit \(facts.words.inTheSteeringBody)", Double(facts.topicsDiscussed.count))
        add("steeringGroupMeetings", "Sitzungen \(facts.words.ofTheSteeringBody)", Double(facts.steeringMeetings.count))
        add("planningConferences", facts.words.plural(.planningConference), Double(facts.planningConferencesInPeriod.count))
        add("workingGroupsFromCaseWork", "\(facts.words.plural(.workingGroup)) aus der Fallarbeit eingerichtet", Double(facts.workingGroups.count))
        let meetings = try await Meeting.query(on: db).filter(\.$districtID == scope.districtID)
            .filter(\.$heldOn >= period.start).filter(\.$heldOn <= min(period.end, today)).all()
        add("meetings", "Sitzungen aller Gremien", Double(meetings.count))
        let decisions = try await decisionsTaken(in: period).map(\.decision)
        add("decisions", "Beschlüsse", Double(decisions.count))
        add("decisionsDone", "davon erledigt", Double(decisions.filter { $0.status == .done }.count))
        return ControllingRow(district: districtName, period: period.key, periodLabel: period.label, periodStart: period.start, periodEnd: period.end,
                              threshold: figures.threshold, indicators: indicators)
    }

    /// The row as it leaves the system: an export is audited.
    func exportedControlling(_ period: ReportingPeriod, format: String) async throws -> (row: ControllingRow, filename: String) {
        guard format == "csv" || format == "json" else { throw PublicError(status: .notFound, reason: "Dieses Format gibt es nicht. Möglich sind csv und json.") }
        let row = try await controlling(period)
        try await record(.controllingExported, "district", scope.districtID, on: db)
        return (row, "kim-controlling-\(period.key).\(format)")
    }

    /// The row as a file (CSV or JSON).
    func controllingFile(_ period: ReportingPeriod, format: String) async throws -> (body: String, contentType: String, filename: String) {
        let (row, name) = try await exportedControlling(period, format: format)
        if format == "csv" { return (row.csv, "text/csv; charset=utf-8", name) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (String(decoding: try encoder.encode([row]), as: UTF8.self), "application/json; charset=utf-8", name)
    }
}
