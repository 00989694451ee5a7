import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 14, part 6: an anonymous flood costs nothing. Requests without a session or token are
/// limited per address (429 with `Retry-After`, in German, for the browser and the API); health
/// checks and signed-in people are not limited. The anonymous refusals of an address in a minute
/// become two audit entries: the first refusal, and one with the count of the rest.
@Suite struct AnonymousFloodTests {
    @Test func anonymousRequestsBeyondTheLimitAreRefusedWithRetryAfter() async throws {
        try await withLotse(adjust: { $0.anonymousRequestsPerMinute = 8 }) { context in
            let person = context.browser()
            try await person.signIn(context.fixture.users[.caseManager]!)
            context.clock.advance(by: 60)
            let visitor = context.browser()
            for _ in 0..<8 { #expect(try await visitor.get(SiteURL.signIn.path).status == .ok) }
            let refused = try await visitor.get(SiteURL.signIn.path)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("Zu viele Anfragen ohne Anmeldung") && refused.body.string.contains("<html"))
            let wait = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...60).contains(wait))
            let api = try await context.api().request(.GET, "/api/v1/cases")
            #expect(api.status == .tooManyRequests && api.body.string.contains("\"reason\""))
            // Not limited: health checks, and whoever is signed in.
            #expect(try await visitor.get("/healthz").status == .ok)
            #expect(try await visitor.get("/readyz").status == .ok)
            #expect(try await person.get(SiteURL.cases.path).status == .ok)
            // Refused requests reach neither a page nor the audit trail.
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.accessDenied.rawValue).count() == 0)
            // The bucket fills again as time passes.
            context.clock.advance(by: Double(wait))
            #expect(try await visitor.get(SiteURL.signIn.path).status == .ok)
            #expect(await context.app.lotse.anonymousLimit?.refused == 2)
        }
    }

    @Test func theRefusalsOfAnAddressInAMinuteBecomeTwoEntries() async throws {
        try await withLotse { context in
            let visitor = context.browser()
            func denials() async throws -> [AuditEntry] {
                try await AuditEntry.query(on: context.app.db).filter(\.$action ~~ [AuditAction.accessDenied.rawValue, AuditAction.accessDeniedRepeated.rawValue])
                    .sort(\.$sequence).all()
            }
            for _ in 0..<10 { #expect(try await visitor.get(SiteURL.cases.path).status == .seeOther) }
            var entries = try await denials()
            #expect(entries.map(\.action) == [AuditAction.accessDenied.rawValue], "the first refusal at once, the rest counted")
            // The next minute's first refusal brings the count of the last one along.
            context.clock.advance(by: 60)
            #expect(try await visitor.get(SiteURL.cases.path).status == .seeOther)
            entries = try await denials()
            #expect(entries.map(\.action) == [AuditAction.accessDenied.rawValue, AuditAction.accessDeniedRepeated.rawValue, AuditAction.accessDenied.rawValue])
            #expect(entries[1].repeats == 9 && entries[1].outcome == AuditOutcome.denied.rawValue && entries[1].actorID == nil)
            #expect(entries[1].clientAddress == entries[0].clientAddress)
            // At shutdown (and once a minute) what is counted is written.
            for _ in 0..<4 { _ = try await visitor.get(SiteURL.cases.path) }
            await AnonymousRefusals.record(await context.app.lotse.anonymousRefusals.drain(before: nil), app: context.app)
            entries = try await denials()
            #expect(entries.count == 4 && entries[3].repeats == 4)
            // A signed-in person's refusal is recorded each time, as before.
            let person = context.browser()
            try await person.signIn(context.fixture.users[.caseManager]!)
            for _ in 0..<2 { _ = try await person.get(SiteURL.users.path) }
            #expect(try await denials().count == 6)
            // The count is part of the sealed entry: the chain holds, and a changed count is found.
            #expect(try await AuditCommand.verify(context.app) == .intact(entries: try await AuditEntry.query(on: context.app.db).count()))
            try await AuditVerifyTests().tamper(context, ["UPDATE audit_entries SET repeats = 2 WHERE repeats = 9"])
            #expect(try await AuditCommand.verify(context.app) == .altered(position: entries[1].sequence))
        }
    }
}
