import Fluent
import Foundation

// The stored shape of running the programme: positions and their history, agreements with the
// municipalities, the milestone plan, annual goals and annual reports. None of it is about
// clients; a position names the user who holds it, which only the coordination sees.
// Days are YYYY-MM-DD strings, as everywhere in Lotse.

/// A funded position (Stelle) in one building block.
final class Position: Model, @unchecked Sendable {
    static let schema = "positions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "building_block") var buildingBlock: String
    @Field(key: "title") var title: String
    /// Full-time equivalents in hundredths (0,5 → 50), so sums are exact.
    @Field(key: "fte_hundredths") var fteHundredths: Int
    @Field(key: "employer") var employer: String
    /// Where the holder works: a municipality, or a region of several, or neither (district-wide).
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @OptionalField(key: "region_id") var regionID: UUID?
    @Field(key: "funded_from") var fundedFrom: String
    @Field(key: "funded_until") var fundedUntil: String
    /// The latest change, kept here for lists; the history is in `position_changes`.
    @Field(key: "status") var status: String
    @Field(key: "status_since") var statusSince: String
    @OptionalField(key: "holder_id") var holderID: UUID?

    init() {}
}

/// One dated change of a position's status or holder.
final class PositionChangeRecord: Model, @unchecked Sendable {
    static let schema = "position_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "position_id") var positionID: UUID
    @Field(key: "day") var day: String
    @Field(key: "status") var status: String
    @OptionalField(key: "holder_id") var holderID: UUID?
    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A cooperation or forwarding agreement, or a local case-management concept, with a municipality.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "municipal_agreements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "status") var status: String
    @Field(key: "dated_on") var datedOn: String
    @Field(key: "note") var note: String

    init() {}
}

final class Milestone: Model, @unchecked Sendable {
    static let schema = "milestones"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "building_block") var buildingBlock: String
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "status") var status: String
    @Field(key: "responsible") var responsible: String
    @Field(key: "completed_on") var completedOn: String
    @Field(key: "note") var note: String

    init() {}
}

/// One cell of the grid: a milestone in a half-year, "ja", "bei Bedarf" or "nein".
final class MilestonePlanEntry: Model, @unchecked Sendable {
    static let schema = "milestone_plan_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "milestone_id") var milestoneID: UUID
    @Field(key: "half_year") var halfYear: String
    @Field(key: "planning") var planning: String

    init() {}
}

/// A goal for one reporting period: measured by criteria from Lotse's data, or stated by the
/// coordination with its verdict and evidence.
final class AnnualGoal: Model, @unchecked Sendable {
    static let schema = "annual_goals"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "period_kind") var periodKind: String
    @Field(key: "period_start") var periodStart: Int
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    /// "steeringMeetings:2" and so on; empty for a stated goal.
    @Field(key: "criteria") var criteria: [String]
    @OptionalField(key: "stated_verdict") var statedVerdict: String?
    @Field(key: "evidence") var evidence: String

    init() {}
}

/// The annual report (Erfahrungsbericht) of a period: generated, edited, then published and frozen.
final class AnnualReport: Model, @unchecked Sendable {
    static let schema = "annual_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "period_kind") var periodKind: String
    @Field(key: "period_start") var periodStart: Int
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @Field(key: "overall_verdict") var overallVerdict: String
    @Field(key: "status") var status: String
    @Field(key: "generated_at") var generatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "published_by") var publishedBy: UUID?

    init() {}
}

struct CreateProgramme: AsyncMigration {
    var name: String { "2026-11-24-create-programme" }

    func prepare(on database: any Database) async throws {
        let district = DatabaseSchema.FieldConstraint.references(District.schema, "id")
        try await database.schema(Position.schema).id()
            .field("district_id", .uuid, .required, district).field("building_block", .string, .required).field("title", .string, .required)
            .field("fte_hundredths", .int, .required).field("employer", .string, .required)
            .field("municipality_id", .uuid, .references(Municipality.schema, "id")).field("region_id", .uuid, .references(Region.schema, "id"))
            .field("funded_from", .string, .required).field("funded_until", .string, .required)
            .field("status", .string, .required).field("status_since", .string, .required).field("holder_id", .uuid, .references(User.schema, "id"))
            .create()
        try await database.schema(PositionChangeRecord.schema).id()
            .field("position_id", .uuid, .required, .references(Position.schema, "id")).field("day", .string, .required)
            .field("status", .string, .required).field("holder_id", .uuid, .references(User.schema, "id")).field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Agreement.schema).id()
            .field("district_id", .uuid, .required, district).field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("kind", .string, .required).field("status", .string, .required).field("dated_on", .string, .required).field("note", .string, .required)
            .create()
        try await database.schema(Milestone.schema).id()
            .field("district_id", .uuid, .required, district).field("building_block", .string, .required).field("position", .int, .required)
            .field("title", .string, .required).field("status", .string, .required).field("responsible", .string, .required)
            .field("completed_on", .string, .required).field("note", .string, .required)
            .create()
        try await database.schema(MilestonePlanEntry.schema).id()
            .field("milestone_id", .uuid, .required, .references(Milestone.schema, "id")).field("half_year", .string, .required)
            .field("planning", .string, .required)
            .unique(on: "milestone_id", "half_year")
            .create()
        try await database.schema(AnnualGoal.schema).id()
            .field("district_id", .uuid, .required, district).field("period_kind", .string, .required).field("period_start", .int, .required)
            .field("position", .int, .required).field("title", .string, .required).field("criteria", .array(of: .string), .required)
            .field("stated_verdict", .string).field("evidence", .string, .required)
            .create()
        try await database.schema(AnnualReport.schema).id()
            .field("district_id", .uuid, .required, district).field("period_kind", .string, .required).field("period_start", .int, .required)
            .field("title", .string, .required).field("text", .string, .required).field("overall_verdict", .string, .required)
            .field("status", .string, .required).field("generated_at", .datetime, .required)
            .field("published_at", .datetime).field("published_by", .uuid, .references(User.schema, "id"))
            .unique(on: "district_id", "period_kind", "period_start")
            .create()
        try await database.schema(DistrictSetting.schema).field("reporting_period", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DistrictSetting.schema).deleteField("reporting_period").update()
        for schema in [AnnualReport.schema, AnnualGoal.schema, MilestonePlanEntry.schema, Milestone.schema, Agreement.schema,
                       PositionChangeRecord.schema, Position.schema] {
            try await database.schema(schema).delete()
        }
    }
}
