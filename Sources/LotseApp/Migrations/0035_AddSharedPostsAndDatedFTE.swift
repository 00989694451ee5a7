import Fluent

/// Staffing as districts report it (issue 19, part 2): a post may serve several towns
/// ("0,5 Marienmünster/Nieheim", seed 003), and a dated change may set a new FTE from its day on,
/// so raising a post in 2022 leaves 2021 as it was.
struct AddSharedPostsAndDatedFTE: AsyncMigration {
    var name: String { "2026-12-01-add-shared-posts-and-dated-fte" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Position.schema).field("municipality_ids", .array(of: .uuid)).update()
        try await database.schema(PositionChangeRecord.schema).field("fte_hundredths", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PositionChangeRecord.schema).deleteField("fte_hundredths").update()
        try await database.schema(Position.schema).deleteField("municipality_ids").update()
    }
}
