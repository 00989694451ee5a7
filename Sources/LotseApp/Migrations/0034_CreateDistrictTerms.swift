import Fluent

/// A district's own words (issue 19, part 1): one row per term it has named differently from
/// Lotse's defaults, such as Coesfeld's "Steuerungsgruppe" and "Modul".
struct CreateDistrictTerms: AsyncMigration {
    var name: String { "2026-12-01-create-district-terms" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DistrictTermRecord.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("term", .string, .required)
            .field("value", .string, .required)
            .unique(on: "district_id", "term")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DistrictTermRecord.schema).delete()
    }
}
