import Fluent
import Foundation
import LotseCore

/// What the steering group sees of Baustein 3 besides the handovers (which are among the figures
/// from case work): the backlog trend per office and procedure and the campaign's reach per
/// municipality over the last twelve months (issue 16, part 7).
struct SteeringBaustein3: Encodable, Sendable {
    /// "Baustein 3: Ausländer- und Einbürgerungsbehörde", in the district's words.
    let heading: String
    let from: String
    let to: String
    let backlog: [Baustein3Facts.Trend]
    let campaign: [Baustein3Facts.ReachLine]
    let hasBacklog: Bool
    let hasCampaign: Bool
}

extension SteeringDesk {
    func baustein3() async throws -> SteeringBaustein3 {
        let from = RetentionRule.day(RetentionRule.monthStart(today), minusMonths: 11)
        let facts = try await Baustein3Facts.load(district: scope.districtID, from: from, to: today, today: today, on: db)
        let towns = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { town in town.id.map { ($0, town.name) } })
        let reach = facts.reach(today: today, towns: towns)
        return SteeringBaustein3(heading: try await words().blockName(.immigrationOffice), from: from, to: today, backlog: facts.trends, campaign: reach, hasBacklog: !facts.reports.isEmpty, hasCampaign: !reach.isEmpty)
    }
}
