import Fluent
import Foundation
import LotseCore
import Vapor

/// A desk for material without personal data (checklists, backlog figures, the campaign): the scope
/// the policy granted, the database, the audit context and the clock, made per request for one
/// action. Desks that open client keys or publish figures carry more and are made by their own.
protocol PlainDesk: Sendable {
    var now: Date { get }
    init(scope: AccessScope, db: any Database, audit: AuditContext, now: Date, actorID: UUID)
}

extension PlainDesk {
    var today: String { GermanFormat.isoDay(now) }
}

extension Request {
    /// The desk for `action`; refuses (403) when the policy does not grant it.
    func plainDesk<Desk: PlainDesk>(_ type: Desk.Type, _ action: Action) throws -> Desk {
        let authorized = try authorize(action)
        return Desk(scope: authorized.scope, db: db, audit: audit, now: now, actorID: authorized.user.id ?? UUID())
    }
}
