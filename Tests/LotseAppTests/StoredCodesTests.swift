import Fluent
import SQLKit
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// A code in the database that Lotse does not know is a defect that must surface, never a page that
/// quietly shows a default ("Sprache", "Erstgespräch") instead of what was stored.
@Suite struct StoredCodesTests {
    @Test func anUnknownStoredCodeFailsTheRequestInsteadOfShowingADefault() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            let opened = try await api.request(.POST, "/api/v1/cases", token: token, json: [
                "municipalityId": f.municipalityA1.uuidString, "openedOn": today, "accessChannel": "walkIn", "lifeDomains": ["housing"]])
            let caseID = try #require(((try api.json(opened) as? [String: Any])?["id"] as? String).flatMap(UUID.init(uuidString:)))
            #expect(try await api.request(.GET, "/api/v1/cases/\(caseID)", token: token).status == .ok)

            // A code no version of Lotse knows, written past the typed model, as a faulty import or a
            // downgrade would leave it.
            let sql = try #require(context.app.db as? any SQLDatabase)
            try await sql.update(CaseFile.schema).set("phase", to: "zauberei").where("id", .equal, caseID).run()
            let broken = try await api.request(.GET, "/api/v1/cases/\(caseID)", token: token)
            #expect(broken.status == .internalServerError)
            #expect(!broken.body.string.contains("Sprache"))
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            #expect(try await browser.get(SiteURL.caseFile(.value(caseID)).path).status == .internalServerError)
        }
    }
}
