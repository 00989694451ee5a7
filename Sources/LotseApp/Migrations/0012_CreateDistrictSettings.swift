import Fluent
import Foundation
import LotseCore

struct CreateDistrictSettings: AsyncMigration {
    var name: String { "2026-11-24-create-district-settings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DistrictSetting.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("disclosure_threshold", .int, .required)
            .unique(on: "district_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DistrictSetting.schema).delete()
    }
}
