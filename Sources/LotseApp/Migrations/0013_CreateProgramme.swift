import Fluent
import Foundation

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
