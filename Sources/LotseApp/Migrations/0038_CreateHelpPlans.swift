import Fluent
import SQLKit

/// Help plans of district-level case conferences (issue 19, part 6), with their actions.
struct CreateHelpPlans: AsyncMigration {
    var name: String { "2026-12-01-create-help-plans" }

    func prepare(on database: any Database) async throws {
        try await database.schema(HelpPlan.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("conference_id", .uuid, .required, .references(CaseConference.schema, "id"))
            .field("agreed_on", .string, .required)
            .field("sealed_goals", .string)
            .field("accepted_provider_ids", .array(of: .uuid), .required)
            .field("due_on", .string)
            .field("last_reviewed_on", .string)
            .field("sealed_review_note", .string)
            .field("recorded_by", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime)
            .unique(on: "conference_id")
            .create()
        try await database.schema(HelpPlanItem.schema).id()
            .field("plan_id", .uuid, .required, .references(HelpPlan.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("sealed_action", .string)
            .field("provider_id", .uuid, .required, .references(Provider.schema, "id"))
            .field("due_on", .string)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "help_plans_case").on(HelpPlan.schema).column("case_file_id").run()
            try await sql.create(index: "help_plans_due").on(HelpPlan.schema).column("due_on").run()
            try await sql.create(index: "help_plan_items_plan").on(HelpPlanItem.schema).column("plan_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HelpPlanItem.schema).delete()
        try await database.schema(HelpPlan.schema).delete()
    }
}
