import Fluent
import Foundation

struct CreateTopics: AsyncMigration {
    var name: String { "2026-11-24-create-topics" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Topic.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required).field("statement", .string, .required).field("priority", .string, .required)
            .field("responsible_id", .uuid, .references(User.schema, "id")).field("status", .string, .required).field("created_at", .datetime)
            .create()
        try await database.schema(TopicEvent.schema).id()
            .field("topic_id", .uuid, .required, .references(Topic.schema, "id")).field("status", .string, .required)
            .field("reason", .string, .required).field("moved_by", .uuid, .required).field("moved_at", .datetime, .required)
            .create()
        try await database.schema(FindingAssignment.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("finding_id", .uuid, .required, .references(Finding.schema, "id"))
            .field("topic_id", .uuid, .required, .references(Topic.schema, "id"))
            .unique(on: "finding_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [FindingAssignment.schema, TopicEvent.schema, Topic.schema] { try await database.schema(schema).delete() }
    }
}
