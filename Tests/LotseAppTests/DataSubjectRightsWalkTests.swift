import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 15, "done when": one person walks through every right, in the order a Kreis meets them,
/// over the API and the browser: access (the export gives back, field by field, what was entered),
/// rectification (the correction in the history), restriction (a referral refused, then lifted),
/// erasure (asked by the case manager, approved by the second person the district named), after
/// which the person is unreadable in the live database and in a copy from before, and the figures of
/// the past period are the same; then the retention run, with the clock moved past the periods,
/// anonymises exactly the due cases. The test command runs it on SQLite and on PostgreSQL.
@Suite struct DataSubjectRightsWalkTests {
    @Test func aPersonIsWalkedThroughEveryRight() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            let due = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let today = context.caseDesk().today
            let entered: [String: Any] = ["givenNames": "Rita", "familyName": file.canary, "birthDate": "1980-02-03", "gender": "female",
                                          "nationalities": ["syrisch"], "languages": ["Arabisch"], "interpreterNeeded": true, "phone": "05251 1",
                                          "email": "rita@example.org", "address": "Am Markt 1", "residenceStatus": "Aufenthaltserlaubnis"]

            // Access: recorded with its deadline, then the export gives back every field entered.
            _ = try await api.post("/cases/\(file.id)/access-request", token: token, ["receivedOn": today], .ok)
            _ = try await api.post("/cases/\(file.id)/client/edit", token: token, entered, .ok)
            let export = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)/access-export", token: token)) as? [String: Any])
            let identity = try #require((export["person"] as? [String: Any])?["identity"] as? [String: Any])
            for (field, value) in entered {
                // Through JSON both sides: a flag read back is a number object, a list an array.
                let shown = try JSONSerialization.data(withJSONObject: [identity[field] ?? NSNull()])
                #expect(shown == (try JSONSerialization.data(withJSONObject: [value])), "\(field): \(identity[field] ?? "–") statt \(value)")
            }
            let one = try #require((export["cases"] as? [[String: Any]])?.first)
            #expect((one["contacts"] as? [[String: Any]])?.first?["note"] as? String == "Notiz \(file.canary)")
            #expect((one["referrals"] as? [[String: Any]])?.first?["reason"] as? String == "Bewerbung")
            #expect((export["disclosures"] as? [[String: Any]])?.count == 2)

            // Rectification: the correction keeps what it replaced (a minute later: the history is ordered by time).
            context.clock.advance(by: 60)
            var corrected = entered
            corrected["familyName"] = "Berichtigt\(file.canary.suffix(4))"
            let afterCorrection = try await api.post("/cases/\(file.id)/client/edit", token: token, corrected, .ok)
            let latest = try #require((afterCorrection["corrections"] as? [[String: Any]])?.first?["changes"] as? [[String: String]])
            #expect(latest == [["field": "Familienname", "before": file.canary, "after": "Berichtigt\(file.canary.suffix(4))"]])

            // Restriction: a referral is refused with the reason until the restriction is lifted.
            _ = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": "Die Person bestreitet die Angaben"], .ok)
            let refused = try await api.request(.POST, "/api/v1/cases/\(file.id)/referral", token: token,
                                                json: ["providerId": provider.uuidString, "lifeDomain": "work", "reason": "Neue Verweisung"])
            #expect(refused.status == .conflict && refused.body.string.contains("Die Person bestreitet die Angaben"))
            _ = try await api.post("/cases/\(file.id)/restriction/lift", token: token, ["reason": "Geklärt", "personInformed": true], .ok)
            _ = try await api.post("/cases/\(file.id)/referral", token: token, ["providerId": provider.uuidString, "lifeDomain": "work", "reason": "Neue Verweisung"], .created)

            // Erasure: asked by the case manager, approved by the second person the district named.
            _ = try await api.post("/cases/\(file.id)/close", token: token, ["reason": "goalsReached", "goalAttainment": "full"], .ok)
            _ = try await api.post("/cases/\(file.id)/erasure", token: token, ["reason": "Antrag der Person vom heutigen Tag"], .ok)
            let olderCopy = try #require(try await Client.find(file.clientID, on: context.app.db))
            let figuresBefore = try await RetentionTests.figures(context)
            let approver = try await Fixture.makeUser(context.app, username: "zweite.person", districtID: context.fixture.districtA,
                                                      grants: [RoleGrant(role: .erasureApprover, scope: .district)])
            let approverToken = try await api.token(for: approver)
            let pending = try #require(try api.json(try await api.request(.GET, "/api/v1/erasure-requests", token: approverToken)) as? [String: Any])
            let requestID = try #require((pending["pending"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await api.request(.GET, "/api/v1/retention", token: approverToken).status == .forbidden, "the second person decides erasures, nothing else")
            let approved = try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/approve", token: approverToken)
            #expect(approved.status == .ok, "\(approved.body.string.prefix(300))")

            // Unreadable in the live database and in a copy from before; the figures are the same.
            #expect(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: token).status == .gone)
            #expect(try await Client.find(file.clientID, on: context.app.db) == nil)
            let vault = ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!)
            await #expect(throws: (any Error).self) {
                _ = try await vault.cipher(for: file.clientID).openJSON(ClientIdentity.self, olderCopy.sealedIdentity, Client.schema, olderCopy.id, "identity")
            }
            #expect(try await ClientCorrection.query(on: context.app.db).filter(\.$clientID == file.clientID).count() == 0)
            #expect(try await RetentionTests.figures(context) == figuresBefore)

            // The retention run, the clock moved past the first contact's period: exactly that case.
            let kept = try await RetentionTests.fullCase(context, provider: provider, firstContact: false)
            context.clock.advance(by: 200 * 86_400)
            let run = try #require(try await context.app.runRetention(trigger: "command").first { $0.district.id == context.fixture.districtA }?.run)
            #expect(run.casesAnonymised == 1)
            #expect(try await CaseFile.find(due.id, on: context.app.db)?.erasedOn != nil)
            #expect(try await CaseFile.find(kept.id, on: context.app.db)?.erasedOn == nil, "a case with case management is kept 36 months")
        }
    }
}
