import Fluent

/// Dates of the work, not of the typing (issue 19, part 4): the day a topic was raised, the day a
/// step of its ladder was taken, and the day a decision by circulation was taken. Findings and
/// evidence already carry their day (`reported_on`, `asked_on`, `answered_on`); until now it was
/// always the day of typing. Rows from before keep nil and are read by their creation time.
struct AddDaysOfWork: AsyncMigration {
    var name: String { "2026-12-01-add-days-of-work" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Topic.schema).field("raised_on", .string).update()
        try await database.schema(TopicEvent.schema).field("happened_on", .string).update()
        try await database.schema(Decision.schema).field("decided_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Decision.schema).deleteField("decided_on").update()
        try await database.schema(TopicEvent.schema).deleteField("happened_on").update()
        try await database.schema(Topic.schema).deleteField("raised_on").update()
    }
}
