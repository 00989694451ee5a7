import Fluent
import Foundation

/// A generative topic: findings bundled by the coordination, with a problem statement. Never
/// personal: it is written for bodies and, in the end, for the state.
final class Topic: Model, @unchecked Sendable {
    static let schema = "topics"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "statement") var statement: String
    @Field(key: "priority") var priority: String
    @OptionalField(key: "responsible_id") var responsibleID: UUID?
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One rung of the ladder: when, by whom and why the topic moved.
final class TopicEvent: Model, @unchecked Sendable {
    static let schema = "topic_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "topic_id") var topicID: UUID
    @Field(key: "status") var status: String
    @Field(key: "reason") var reason: String
    @Field(key: "moved_by") var movedBy: UUID
    @Field(key: "moved_at") var movedAt: Date

    init() {}
}

/// Which topic a finding belongs to; a table of its own so that moving a finding is one row.
final class FindingAssignment: Model, @unchecked Sendable {
    static let schema = "finding_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "finding_id") var findingID: UUID
    @Field(key: "topic_id") var topicID: UUID

    init() {}
}

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
