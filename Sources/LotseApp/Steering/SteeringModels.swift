import Fluent
import Foundation

/// A body that meets: the steering group, planning conferences, working groups, … A working group
/// set up by a decision names that decision and carries its mandate.
final class Body: Model, @unchecked Sendable {
    static let schema = "bodies"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @Field(key: "mandate") var mandate: String
    @OptionalField(key: "decision_id") var decisionID: UUID?
    @Field(key: "is_active") var isActive: Bool

    init() {}
}

/// A member by person, organisation and function (officials in their role, not clients).
final class BodyMember: Model, @unchecked Sendable {
    static let schema = "body_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "name") var name: String
    @Field(key: "organisation") var organisation: String
    @Field(key: "function") var function: String

    init() {}
}

final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "held_on") var heldOn: String
    @Field(key: "place") var place: String
    @Field(key: "invited_member_ids") var invitedMemberIDs: [UUID]
    @Field(key: "present_member_ids") var presentMemberIDs: [UUID]
    @Field(key: "minutes") var minutes: String

    init() {}
}

/// An agenda item: a topic, a result a working group brings back, or anything else.
final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "agenda_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "topic_id") var topicID: UUID?
    @OptionalField(key: "source_body_id") var sourceBodyID: UUID?

    init() {}
}

final class Decision: Model, @unchecked Sendable {
    static let schema = "decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @OptionalField(key: "topic_id") var topicID: UUID?
    @Field(key: "text") var text: String
    @Field(key: "kind") var kind: String
    @Field(key: "owner") var owner: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

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
