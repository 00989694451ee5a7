import Fluent
import Foundation

/// When and where the case management of a municipality can be reached without an appointment
/// (Sprechstunde). Its contact is the office's published one, never a person's private data.
final class OfficeHours: Model, @unchecked Sendable {
    static let schema = "office_hours"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "place") var place: String
    @Field(key: "times") var times: String
    @Field(key: "languages") var languages: [String]
    @Field(key: "contact") var contact: String
    @Field(key: "is_active") var isActive: Bool

    init() {}
}

struct CreateOfficeHours: AsyncMigration {
    var name: String { "2026-11-24-create-office-hours" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OfficeHours.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("place", .string, .required)
            .field("times", .string, .required)
            .field("languages", .array(of: .string), .required)
            .field("contact", .string, .required)
            .field("is_active", .bool, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficeHours.schema).delete()
    }
}
