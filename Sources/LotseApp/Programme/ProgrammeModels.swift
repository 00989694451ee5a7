import Fluent
import Foundation
import LotseCore

// The stored shape of running the programme: positions and their history, agreements with the
// municipalities, the milestone plan, annual goals and annual reports. None of it is about
// clients; a position names the user who holds it, which only the coordination sees.
// Days are YYYY-MM-DD strings, as everywhere in Lotse.

/// A funded position (Stelle) in one building block.
final class Position: Model, @unchecked Sendable {
    static let schema = "positions"
    var properties: [any AnyProperty] { [$id, $districtID, $buildingBlock, $title, $fteHundredths, $employer, $municipalityID, $municipalityIDs, $regionID, $fundedFrom, $fundedUntil, $status, $statusSince, $holderID] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "building_block") var buildingBlock: BuildingBlock
    @Field(key: "title") var title: String
    /// Full-time equivalents in hundredths (0,5 → 50), so sums are exact: the FTE the position
    /// starts with; a later FTE is a dated change (`position_changes.fte_hundredths`).
    @Field(key: "fte_hundredths") var fteHundredths: Int
    @Field(key: "employer") var employer: Employer
    /// Where the holder works: a municipality, or a region of several, or neither (district-wide).
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    /// Several towns sharing the post ("Marienmünster/Nieheim"); nil or empty where it serves one
    /// town (`municipalityID`), a region or the whole district.
    @OptionalField(key: "municipality_ids") var municipalityIDs: [UUID]?
    @OptionalField(key: "region_id") var regionID: UUID?
    @Field(key: "funded_from") var fundedFrom: String
    @Field(key: "funded_until") var fundedUntil: String
    /// The latest change, kept here for lists; the history is in `position_changes`.
    @Field(key: "status") var status: PositionStatus
    @Field(key: "status_since") var statusSince: String
    @OptionalField(key: "holder_id") var holderID: UUID?

    init() {}

    /// The towns the post serves by name: several, one, or none (a region or the whole district).
    var towns: [UUID] {
        if let several = municipalityIDs, !several.isEmpty { return several }
        return municipalityID.map { [$0] } ?? []
    }
}

/// One dated change of a position's status or holder.
final class PositionChangeRecord: Model, @unchecked Sendable {
    static let schema = "position_changes"
    var properties: [any AnyProperty] { [$id, $positionID, $day, $status, $holderID, $fteHundredths, $note, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "position_id") var positionID: UUID
    @Field(key: "day") var day: String
    @Field(key: "status") var status: PositionStatus
    @OptionalField(key: "holder_id") var holderID: UUID?
    /// The FTE from this day on, where the change set one.
    @OptionalField(key: "fte_hundredths") var fteHundredths: Int?
    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A cooperation or forwarding agreement, or a local case-management concept, with a municipality.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "municipal_agreements"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $kind, $status, $datedOn, $note] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "kind") var kind: AgreementKind
    @Field(key: "status") var status: AgreementStatus
    @Field(key: "dated_on") var datedOn: String
    @Field(key: "note") var note: String

    init() {}
}

final class Milestone: Model, @unchecked Sendable {
    static let schema = "milestones"
    var properties: [any AnyProperty] { [$id, $districtID, $buildingBlock, $position, $title, $status, $responsible, $completedOn, $note] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "building_block") var buildingBlock: BuildingBlock
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "status") var status: MilestoneStatus
    @Field(key: "responsible") var responsible: String
    @Field(key: "completed_on") var completedOn: String
    @Field(key: "note") var note: String

    init() {}
}

/// One cell of the grid: a milestone in a half-year, "ja", "bei Bedarf" or "nein".
final class MilestonePlanEntry: Model, @unchecked Sendable {
    static let schema = "milestone_plan_entries"
    var properties: [any AnyProperty] { [$id, $milestoneID, $halfYear, $planning] }

    @ID(key: .id) var id: UUID?
    @Field(key: "milestone_id") var milestoneID: UUID
    @Field(key: "half_year") var halfYear: String
    @Field(key: "planning") var planning: MilestonePlanning

    init() {}
}

/// A goal for one reporting period: measured by criteria from Lotse's data, or stated by the
/// coordination with its verdict and evidence.
final class AnnualGoal: Model, @unchecked Sendable {
    static let schema = "annual_goals"
    var properties: [any AnyProperty] { [$id, $districtID, $periodKind, $periodStart, $position, $title, $criteria, $statedVerdict, $evidence] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "period_kind") var periodKind: ReportingPeriodKind
    @Field(key: "period_start") var periodStart: Int
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    /// "steeringMeetings:2" and so on; empty for a stated goal.
    @Field(key: "criteria") var criteria: [String]
    @OptionalField(key: "stated_verdict") var statedVerdict: GoalVerdict?
    @Field(key: "evidence") var evidence: String

    init() {}
}

/// The annual report (Erfahrungsbericht) of a period: generated, edited, then published and frozen.
final class AnnualReport: Model, @unchecked Sendable {
    static let schema = "annual_reports"
    var properties: [any AnyProperty] { [$id, $districtID, $periodKind, $periodStart, $title, $text, $overallVerdict, $status, $generatedAt, $publishedAt, $publishedBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "period_kind") var periodKind: ReportingPeriodKind
    @Field(key: "period_start") var periodStart: Int
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @Field(key: "overall_verdict") var overallVerdict: GoalVerdict
    @Field(key: "status") var status: ReportStatus
    @Field(key: "generated_at") var generatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: UUID?

    init() {}
}


/// A text a report draft had before an edit, a regeneration or a restore; it can be restored
/// while the report is a draft. Reports hold no personal data of clients, so neither do these.
final class AnnualReportVersion: Model, @unchecked Sendable {
    static let schema = "annual_report_versions"
    var properties: [any AnyProperty] { [$id, $reportID, $title, $text, $cause, $savedAt, $savedBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "report_id") var reportID: UUID
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @Field(key: "cause") var cause: ReportVersionCause
    @Field(key: "saved_at") var savedAt: Date
    @OptionalField(key: "saved_by") var savedBy: UUID?

    init() {}

    init(of report: AnnualReport, cause: ReportVersionCause, at time: Date, by actor: UUID?) throws {
        self.reportID = try report.requireID()
        self.title = report.title
        self.text = report.text
        self.cause = cause
        self.savedAt = time
        self.savedBy = actor
    }
}
