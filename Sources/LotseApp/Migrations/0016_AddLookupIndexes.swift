import Fluent
import SQLKit

/// The indexes the reads need (issue 17): the parts of a case are read by the case's id, a client's
/// household and memberships by the client's id, the figures of a period by district and day, a
/// topic's findings and events by the topic's id. Without them each of these reads scans its whole
/// table, so a page costs more the more the other districts hold. Portable: SQLKit writes the same
/// `CREATE INDEX` for SQLite and PostgreSQL.
struct AddLookupIndexes: AsyncMigration {
    var name: String { "2026-11-30-add-lookup-indexes" }

    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("phase_events_case", PhaseEvent.schema, ["case_file_id"]),
        ("consents_case", Consent.schema, ["case_file_id"]),
        ("assessments_case", Assessment.schema, ["case_file_id"]),
        ("goals_case", Goal.schema, ["case_file_id"]),
        ("case_actions_case", CaseAction.schema, ["case_file_id"]),
        ("reviews_case", Review.schema, ["case_file_id"]),
        ("case_contacts_case", CaseContact.schema, ["case_file_id"]),
        ("case_conferences_case", CaseConference.schema, ["case_file_id"]),
        ("referrals_case", Referral.schema, ["case_file_id"]),
        ("findings_case", Finding.schema, ["case_file_id"]),
        ("case_files_client", CaseFile.schema, ["client_id"]),
        ("clients_household", Client.schema, ["household_id"]),
        ("legal_domain_memberships_client", LegalDomainMembership.schema, ["client_id"]),
        ("brief_contacts_district_day", BriefContact.schema, ["district_id", "contact_on"]),
        ("referrals_district_day", Referral.schema, ["district_id", "referred_on"]),
        ("findings_district_day", Finding.schema, ["district_id", "reported_on"]),
        ("case_conferences_district_day", CaseConference.schema, ["district_id", "held_on"]),
        ("finding_assignments_topic", FindingAssignment.schema, ["topic_id"]),
        ("topic_events_topic", TopicEvent.schema, ["topic_id"]),
        ("agenda_items_meeting", AgendaItem.schema, ["meeting_id"]),
        ("role_grant_requests_user", RoleGrantRequest.schema, ["user_id", "status"]),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            var create = sql.create(index: index.name).on(index.table)
            for column in index.columns { create = create.column(column) }
            try await create.run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes.reversed() { try await sql.drop(index: index.name).run() }
    }
}
