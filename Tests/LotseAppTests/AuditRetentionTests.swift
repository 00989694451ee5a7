import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 15, part 1 (audit rows): the audit trail keeps its entries for the district's period
/// (default 24 months, allowed 12–120). The nightly run deletes the oldest entries as one prefix of
/// the chain, keeps the hash it ends on, and the rest still verifies; entries stay append-only
/// otherwise; the access export falls back to the case's own day for a disclosure whose entry is gone.
@Suite struct AuditRetentionTests {
    @Test func theOldestEntriesGoAfterThePeriodAndTheRestOfTheChainStillVerifies() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            let old = try await AuditEntry.query(on: context.app.db).count()
            #expect(old > 10)

            // The administration sets the period within its bounds.
            let admin = context.browser()
            try await admin.signIn(context.fixture.users[.admin]!)
            let refused = try await admin.post(SiteURL.settings.path, [("disclosureThreshold", "5"), ("reportingPeriod", "schoolYear"),
                                                                      ("closedCaseRetentionMonths", "36"), ("firstContactRetentionMonths", "6"),
                                                                      ("auditRetentionMonths", "6")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("12 bis 120 (Monate)"))
            let api = context.api()
            let adminToken = try await api.token(for: context.fixture.users[.admin]!)
            let settings = try #require(try api.json(try await api.request(.PATCH, "/api/v1/district/settings", token: adminToken,
                                                                          json: ["auditRetentionMonths": 30])) as? [String: Any])
            #expect(settings["auditRetentionMonths"] as? Int == 30)

            // 25 months later nothing is due yet; 31 months later the entries of the first day are.
            context.clock.advance(by: 25 * 31 * 86_400)
            #expect(try await context.app.pruneAuditTrail(trigger: "command") == nil)
            context.clock.advance(by: 6 * 31 * 86_400)
            let recent = try await AuditEntry.query(on: context.app.db).count() - old
            #expect(recent > 0, "the sign-in and the settings of today are written after the old entries")
            let pruning = try #require(try await context.app.pruneAuditTrail(trigger: "command"))
            #expect(pruning.entries >= old && pruning.upToSequence >= Int64(old))
            let first = try #require(try await AuditEntry.query(on: context.app.db).sort(\.$sequence).first())
            #expect(first.sequence == pruning.upToSequence + 1)
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.auditPruned.rawValue).count() == 1)
            guard case .intact = try await AuditCommand.verify(context.app) else {
                Issue.record("the rest of the chain does not verify")
                return
            }
            #expect(try await context.app.pruneAuditTrail(trigger: "command") == nil, "nothing more is due")

            // Entries stay append-only: the trigger is back.
            let sql = try #require(context.app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.delete(from: AuditEntry.schema).where("sequence", .equal, first.sequence).run()
            }
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$sequence == first.sequence).count() == 1)

            // The person's access export still names who received what, with the day from the case.
            let token = try await api.token(for: context.fixture.caseManager)
            let export = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)/access-export", token: token)) as? [String: Any])
            let disclosures = try #require(export["disclosures"] as? [[String: Any]])
            #expect(disclosures.count == 2 && disclosures.allSatisfy { ($0["what"] as? String)?.contains("Tag aus dem Fall") == true })
        }
    }
}
