import Fluent
import Foundation

struct CreateSteering: AsyncMigration {
    var name: String { "2026-11-24-create-steering" }

    func prepare(on database: any Database) async throws {
        let district = DatabaseSchema.FieldConstraint.references(District.schema, "id")
        try await database.schema(Body.schema).id()
            .field("district_id", .uuid, .required, district).field("name", .string, .required).field("kind", .string, .required)
            .field("municipality_id", .uuid, .references(Municipality.schema, "id")).field("mandate", .string, .required)
            .field("decision_id", .uuid).field("is_active", .bool, .required)
            .create()
        try await database.schema(BodyMember.schema).id()
            .field("body_id", .uuid, .required, .references(Body.schema, "id")).field("name", .string, .required)
            .field("organisation", .string, .required).field("function", .string, .required)
            .create()
        try await database.schema(Meeting.schema).id()
            .field("district_id", .uuid, .required, district).field("body_id", .uuid, .required, .references(Body.schema, "id"))
            .field("held_on", .string, .required).field("place", .string, .required)
            .field("invited_member_ids", .array(of: .uuid), .required).field("present_member_ids", .array(of: .uuid), .required)
            .field("minutes", .string, .required)
            .create()
        try await database.schema(AgendaItem.schema).id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id")).field("position", .int, .required)
            .field("title", .string, .required).field("topic_id", .uuid, .references(Topic.schema, "id"))
            .field("source_body_id", .uuid, .references(Body.schema, "id"))
            .create()
        try await database.schema(Decision.schema).id()
            .field("district_id", .uuid, .required, district).field("meeting_id", .uuid, .required, .references(Meeting.schema, "id"))
            .field("topic_id", .uuid, .references(Topic.schema, "id")).field("text", .string, .required).field("kind", .string, .required)
            .field("owner", .string, .required).field("due_on", .string, .required).field("status", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [Decision.schema, AgendaItem.schema, Meeting.schema, BodyMember.schema, Body.schema] {
            try await database.schema(schema).delete()
        }
    }
}
