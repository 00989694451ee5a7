import Fluent
import Foundation

struct CreateEvidenceRequests: AsyncMigration {
    var name: String { "2026-11-24-create-evidence-requests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(EvidenceRequest.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("topic_id", .uuid, .required, .references(Topic.schema, "id")).field("question", .string, .required)
            .field("municipality_ids", .array(of: .uuid), .required).field("asked_on", .string, .required).field("asked_by", .uuid, .required)
            .create()
        try await database.schema(EvidenceAnswer.schema).id()
            .field("request_id", .uuid, .required, .references(EvidenceRequest.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("sees_same", .string, .required).field("cases", .int, .required).field("comment", .string, .required)
            .field("answered_on", .string, .required).field("answered_by", .uuid, .required)
            .unique(on: "request_id", "municipality_id")
            .create()
        try await database.schema(StateForwarding.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("topic_id", .uuid, .required, .references(Topic.schema, "id")).field("recipient", .string, .required)
            .field("sent_on", .string, .required).field("answer", .string, .required).field("answered_on", .string)
            .unique(on: "topic_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [StateForwarding.schema, EvidenceAnswer.schema, EvidenceRequest.schema] { try await database.schema(schema).delete() }
    }
}
