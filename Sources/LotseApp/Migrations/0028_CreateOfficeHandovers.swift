import Fluent
import SQLKit

/// Consented handovers of pre-checks to the offices and the offices' feedback (issue 16, part 4),
/// and each office's entry in the directory, which the client's waiver names.
struct CreateOfficeHandovers: AsyncMigration {
    var name: String { "2026-12-01-create-office-handovers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ImmigrationOffice.schema)
            .field("provider_id", .uuid, .references(Provider.schema, "id"))
            .update()
        try await database.schema(OfficeHandover.schema).id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("case_file_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("pre_check_id", .uuid)
            .field("office_id", .uuid, .required, .references(ImmigrationOffice.schema, "id"))
            .field("consent_id", .uuid)
            .field("procedure", .string, .required)
            .field("status", .string, .required)
            .field("status_on", .string, .required)
            .field("handed_over_on", .string, .required)
            .field("handed_over_by", .uuid, .required, .references(User.schema, "id"))
            .field("sealed_content", .string)
            .field("record_key", .int64)
            .create()
        try await database.schema(OfficeHandoverEvent.schema).id()
            .field("handover_id", .uuid, .required, .references(OfficeHandover.schema, "id"))
            .field("status", .string, .required)
            .field("happened_on", .string, .required)
            .field("sealed_note", .string)
            .field("recorded_by", .uuid, .required, .references(User.schema, "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "office_handovers_office").on(OfficeHandover.schema).column("office_id").run()
        try await sql.create(index: "office_handovers_case").on(OfficeHandover.schema).column("case_file_id").run()
        try await sql.create(index: "office_handover_events_handover").on(OfficeHandoverEvent.schema).column("handover_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficeHandoverEvent.schema).delete()
        try await database.schema(OfficeHandover.schema).delete()
        try await database.schema(ImmigrationOffice.schema).deleteField("provider_id").update()
    }
}
