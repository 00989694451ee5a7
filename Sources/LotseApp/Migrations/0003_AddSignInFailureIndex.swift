import Fluent
import SQLKit

/// The throttle counts failures by key on every sign-in; an index keeps that cheap. Fluent's schema
/// builder has no index support, so this goes through SQLKit's portable `CREATE INDEX`, which both
/// SQLite and PostgreSQL accept.
struct AddSignInFailureIndex: AsyncMigration {
    var name: String { "2026-11-24-sign-in-failure-index" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "sign_in_failures_key_time").on(SignInFailure.schema).column("key").column("occurred_at").run()
        try await sql.create(index: "user_sessions_user").on(UserSession.schema).column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "sign_in_failures_key_time").run()
        try await sql.drop(index: "user_sessions_user").run()
    }
}
