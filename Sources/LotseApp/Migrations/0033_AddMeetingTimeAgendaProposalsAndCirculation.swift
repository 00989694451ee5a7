import Fluent

/// The coordination's chain without breaks (issue 18, part 4): a meeting has a time as well as a
/// day, an agenda item carries the proposed resolution for its decision paper, and a decision
/// says whether it was taken by circulation (without the meeting having been held).
struct AddMeetingTimeAgendaProposalsAndCirculation: AsyncMigration {
    var name: String { "2026-12-01-add-meeting-time-agenda-proposals-and-circulation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema).field("starts_at", .string).update()
        try await database.schema(AgendaItem.schema).field("proposed_resolution", .string).update()
        try await database.schema(Decision.schema).field("by_circulation", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Decision.schema).deleteField("by_circulation").update()
        try await database.schema(AgendaItem.schema).deleteField("proposed_resolution").update()
        try await database.schema(Meeting.schema).deleteField("starts_at").update()
    }
}
