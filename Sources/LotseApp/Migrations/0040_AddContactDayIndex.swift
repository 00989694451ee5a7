import Fluent
import SQLKit

/// Contacts by case *and day* (issue 17, found by the first run at state scale: 54 districts,
/// 1.5 million contacts on PostgreSQL). Controlling, its export and the annual report count a
/// district's contacts of a period through its cases; with the index on the case alone PostgreSQL
/// read every contact of the installation instead (280–390 ms per count, and under 20 concurrent
/// coordinators those pages answered in 3–8 s). With case and day in one index it reads the
/// district's cases and their contacts of the period only (60–110 ms). The index on the case
/// alone (0016) stays: a landed migration's indexes are what the tests check after migrating.
/// Portable `CREATE INDEX`, as in 0016 and 0018.
struct AddContactDayIndex: AsyncMigration {
    var name: String { "2026-12-02-add-contact-day-index" }

    static let index = (name: "case_contacts_case_day", table: CaseContact.schema)

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: Self.index.name).on(Self.index.table).column("case_file_id").column("contact_on").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: Self.index.name).run()
    }
}
