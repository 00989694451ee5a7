import Fluent

/// The naturalisation campaign (issue 16, part 6): campaigns, their events and their materials.
struct CreateCampaigns: AsyncMigration {
    var name: String { "2026-12-01-create-campaigns" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Campaign.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("aims", .string, .required)
            .field("target_groups", .array(of: .string), .required)
            .field("languages", .array(of: .string), .required)
            .field("partner_ids", .array(of: .uuid), .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_by", .uuid, .required, .references(User.schema, "id"))
            .create()
        try await database.schema(CampaignEvent.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("campaign_id", .uuid, .required, .references(Campaign.schema, "id"))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("languages", .array(of: .string), .required)
            .field("partner_ids", .array(of: .uuid), .required)
            .field("participants", .int)
            .field("follow_ups", .int)
            .field("recorded_by", .uuid, .required, .references(User.schema, "id"))
            .create()
        try await database.schema(CampaignMaterial.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("campaign_id", .uuid, .required, .references(Campaign.schema, "id"))
            .field("title", .string, .required)
            .field("language", .string, .required)
            .field("link", .string, .required)
            .field("municipality_ids", .array(of: .uuid), .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CampaignMaterial.schema).delete()
        try await database.schema(CampaignEvent.schema).delete()
        try await database.schema(Campaign.schema).delete()
    }
}
