import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 15, part 3: restriction of processing (Art. 18 GDPR). A restricted case can be read but
/// every step that changes it or passes something on is refused with the restriction's reason, in
/// the browser and the API; withdrawing a consent stays possible; the retention run keeps the case;
/// lifting needs a reason and the confirmation that the person was told.
@Suite struct RestrictionTests {
    @Test func aRestrictedCaseIsReadableButNothingChangesOrIsPassedOn() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            let desk = context.caseDesk()
            let today = desk.today
            let goalID = try #require(try await Goal.query(on: context.app.db).filter(\.$caseFileID == file.id).first()?.requireID())
            try await desk.addAction(.init(goalID: goalID, text: .init(what: "Bewerbung", who: "Klientin"), dueOn: today), caseID: file.id)
            let actionID = try #require(try await CaseAction.query(on: context.app.db).filter(\.$caseFileID == file.id).first()?.requireID())
            let reviewID = try #require(try await Review.query(on: context.app.db).filter(\.$caseFileID == file.id).first()?.requireID())
            let referralID = try #require(try await Referral.query(on: context.app.db).filter(\.$caseFileID == file.id).first()?.requireID())
            let conferenceID = try #require(try await CaseConference.query(on: context.app.db).filter(\.$caseFileID == file.id).first()?.requireID())

            let manager = context.browser()
            try await manager.signIn(context.fixture.caseManager)
            let form = SiteURL.caseStep(.value(file.id), .restriction).path
            #expect(try await manager.get(form).status == .ok)
            let empty = try await manager.post(form, [("reason", "")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Bitte geben Sie den Anlass der Einschränkung ein."))
            let reason = "Person bestreitet den Aufenthaltsstatus \(file.canary.suffix(4))"
            #expect(try await manager.post(form, [("reason", reason)]).status == .seeOther)
            let again = try await manager.post(form, [("reason", reason)])
            #expect(again.status == .conflict && again.body.string.contains("bereits eingeschränkt"))
            let stored = try #require(try await CaseRestriction.query(on: context.app.db).filter(\.$caseFileID == file.id).first())
            #expect(!stored.sealedReason.contains("bestreitet"), "the reason is sealed with the person's key")

            // The page reads as before, says why, and offers no step that changes or passes on.
            let page = try await manager.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(page.contains("Verarbeitung eingeschränkt (Art. 18 DSGVO)") && page.contains(reason) && page.contains(file.canary))
            #expect(page.contains("Arbeit finden"), "goals stay readable")
            for hidden in [SiteURL.caseReferral(.value(file.id)).path, SiteURL.caseStep(.value(file.id), .contact).path,
                           SiteURL.caseStep(.value(file.id), .close).path, SiteURL.caseStep(.value(file.id), .clientEdit).path] {
                #expect(!page.contains("href=\"\(hidden)\""), "\(hidden) is not offered")
            }
            let referralPage = try await manager.post(SiteURL.caseReferral(.value(file.id)).path,
                                                      [("providerId", provider.uuidString), ("lifeDomain", "work"), ("reason", "Bewerbungstraining")])
            #expect(referralPage.status == .conflict && referralPage.body.string.contains(reason), "the refusal names the reason")

            // Over the API every step that changes the case or passes something on answers 409.
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let steps: [(String, [String: Any])] = [
                ("consent", ["status": "given", "method": "signedForm", "givenOn": today]),
                ("disclosure", ["recipientProviderId": provider.uuidString, "status": "given", "method": "signedForm", "givenOn": today]),
                ("client", ["familyName": "Neu"]), ("client/link", ["clientId": file.clientID.uuidString]),
                ("client/edit", ["givenNames": "Rita", "familyName": "Anders", "gender": "female"]), ("legal-domain", ["legalDomain": "sgb12", "beganOn": today]),
                ("household", ["memberCaseNumber": "X"]), ("intake", ["intakeOutcome": "caseManagement"]), ("phase", ["phase": "goalAgreement"]),
                ("assessment", ["lifeDomain": "work", "priority": "high", "situation": "s", "needs": "n"]),
                ("goal", ["lifeDomain": "work", "description": "x", "agreedOn": today]), ("goals/\(goalID)", ["status": "reached"]),
                ("action", ["goalId": goalID.uuidString, "what": "x", "who": "y", "dueOn": today]), ("actions/\(actionID)", ["status": "done"]),
                ("review", ["dueOn": today]), ("reviews/\(reviewID)", ["heldOn": today, "note": "n"]), ("contact", ["contactOn": today, "kind": "phone"]),
                ("referral", ["providerId": provider.uuidString, "lifeDomain": "work", "reason": "x"]), ("referrals/\(referralID)", ["status": "accepted"]),
                ("conference", ["level": "municipal", "heldOn": today, "participants": [provider.uuidString]]), ("conferences/\(conferenceID)", ["minutes": "x"]),
                ("finding", ["category": "missingService", "lifeDomain": "work", "level": "municipality", "description": "Zu wenige Kurse"]),
                ("close", ["reason": "goalsReached", "goalAttainment": "full"]),
            ]
            for (step, json) in steps {
                let response = try await api.request(.POST, "/api/v1/cases/\(file.id)/\(step)", token: token, json: json)
                #expect(response.status == .conflict && response.body.string.contains("eingeschränkt"), "\(step): \(response.status) \(response.body.string.prefix(300))")
            }
            // The coordinator learns that it is restricted, never why.
            let coordinatorToken = try await api.token(for: context.fixture.users[.coordinator]!)
            let called = try await api.request(.POST, "/api/v1/cases/\(file.id)/district-conference", token: coordinatorToken,
                                               json: ["heldOn": today, "participants": [provider.uuidString]])
            #expect(called.status == .conflict && called.body.string.contains("eingeschränkt") && !called.body.string.contains("bestreitet"))
            #expect(try await Referral.query(on: context.app.db).filter(\.$caseFileID == file.id).count() == 1, "nothing was passed on")

            // Reading and exporting stay; the person may still withdraw a consent.
            let read = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: token)) as? [String: Any])
            #expect(read["isRestricted"] as? Bool == true)
            let restrictions = try #require(read["restrictions"] as? [[String: Any]])
            #expect(restrictions.count == 1 && restrictions[0]["reason"] as? String == reason && restrictions[0]["isActive"] as? Bool == true)
            let disclosure = try #require((read["consents"] as? [[String: Any]])?.first { ($0["kind"] as? [String: Any])?["code"] as? String == "disclosure" })
            _ = try await api.post("/cases/\(file.id)/consents/\(try #require(disclosure["id"] as? String))/withdraw", token: token, [:], .ok)

            // Lifting: a reason and the confirmation that the person was told, then work goes on.
            let lift = SiteURL.caseStep(.value(file.id), .restrictionLift).path
            #expect(try await manager.get(lift).status == .ok)
            let untold = try await manager.post(lift, [("reason", "Status geklärt")])
            #expect(untold.status == .unprocessableEntity && untold.body.string.contains("unterrichtet wurde") && untold.body.string.contains("Status geklärt"))
            let unexplained = try await api.request(.POST, "/api/v1/cases/\(file.id)/restriction/lift", token: token, json: ["personInformed": true])
            #expect(unexplained.status == .unprocessableEntity)
            let lifted = try await api.post("/cases/\(file.id)/restriction/lift", token: token, ["reason": "Status geklärt", "personInformed": true], .ok)
            #expect(lifted["isRestricted"] as? Bool == false)
            #expect(((lifted["restrictions"] as? [[String: Any]])?.first?["liftReason"] as? String) == "Status geklärt")
            _ = try await api.post("/cases/\(file.id)/restriction/lift", token: token, ["reason": "noch einmal", "personInformed": true], .conflict)
            _ = try await api.post("/cases/\(file.id)/contact", token: token, ["contactOn": today, "kind": "phone", "minutes": 15], .created)
            // Restricting over the API, then the lifted and the new restriction are both in the history.
            _ = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": ""], .unprocessableEntity)
            let restricted = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": "Rechtsstreit"], .ok)
            #expect((restricted["restrictions"] as? [[String: Any]])?.count == 2 && restricted["isRestricted"] as? Bool == true)
            _ = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": "noch einmal"], .conflict)

            let actions = try await AuditEntry.query(on: context.app.db).all().map(\.action)
            #expect(actions.filter { $0 == AuditAction.caseRestricted.rawValue }.count == 2)
            #expect(actions.contains(AuditAction.caseRestrictionLifted.rawValue))
        }
    }

    @Test func theRetentionRunKeepsARestrictedCaseAndAClosedRestrictedCaseIsNotReopened() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let kept = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let due = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            _ = try await api.post("/cases/\(kept.id)/restriction", token: token, ["reason": "Die Person braucht die Daten für eine Klage"], .ok)
            _ = try await api.post("/cases/\(kept.id)/reopen", token: token, ["reopenReason": "Neue Lage"], .conflict)
            let withoutClient = try await context.caseDesk().openCase(.init(municipalityID: context.fixture.municipalityA1, openedOn: context.caseDesk().today,
                                                                             accessChannel: .walkIn, lifeDomains: [.work]))
            _ = try await api.post("/cases/\(try withoutClient.requireID())/restriction", token: token, ["reason": "x"], .conflict)

            context.clock.advance(by: 200 * 86_400)
            let overview = try await RetentionTests.desk(context).overview()
            #expect(overview.held.map(\.file.id) == [kept.id] && overview.held.first?.restrictedSince != nil)
            #expect(overview.due.map(\.file.id) == [due.id])
            let run = try await RetentionTests.desk(context).run(trigger: "command")
            #expect(run.casesAnonymised == 1 && run.casesHeld == 1)
            #expect(try await CaseFile.find(kept.id, on: context.app.db)?.erasedOn == nil)

            // The officer sees it as held, not why, and cannot lift it.
            let officerToken = try await api.token(for: context.fixture.users[.dataProtection]!)
            let listed = try #require(try api.json(try await api.request(.GET, "/api/v1/retention", token: officerToken)) as? [String: Any])
            let held = try #require((listed["held"] as? [[String: Any]])?.first)
            #expect(held["caseId"] as? String == kept.id.uuidString && held["restrictedSince"] as? String != nil && held["hold"] == nil)
            let officer = context.browser()
            try await officer.signIn(context.fixture.users[.dataProtection]!)
            let page = try await officer.get(SiteURL.retention.path).body.string
            #expect(page.contains("Verarbeitung eingeschränkt (Art. 18 DSGVO)") && !page.contains("Klage") && !page.contains(kept.canary))
        }
    }
}

/// Issue 15, part 3: rectification (Art. 16 GDPR). A correction keeps what it replaced, dated and
/// signed, sealed with the person's key, and the case page and the API show the history.
@Suite struct CorrectionTests {
    @Test func aCorrectionKeepsWhatItReplacedInADatedHistory() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let corrected = "Korrigiert" + String(file.canary.suffix(6))
            let answer = try await api.post("/cases/\(file.id)/client/edit", token: token,
                                            ["givenNames": "Rita", "familyName": corrected, "birthDate": "1980-02-03", "gender": "unspecified", "phone": "05251 1234"], .ok)
            let corrections = try #require(answer["corrections"] as? [[String: Any]])
            #expect(corrections.count == 1)
            let changes = try #require(corrections.first?["changes"] as? [[String: String]])
            #expect(changes == [["field": "Familienname", "before": file.canary, "after": corrected], ["field": "Telefon", "before": "", "after": "05251 1234"]])
            #expect(corrections.first?["correctedOn"] as? String == context.caseDesk().today)
            #expect((corrections.first?["correctedBy"] as? String)?.contains(context.fixture.caseManager.username) == true)
            // Saving the same values again is no correction.
            let same = try await api.post("/cases/\(file.id)/client/edit", token: token,
                                          ["givenNames": "Rita", "familyName": corrected, "birthDate": "1980-02-03", "gender": "unspecified", "phone": "05251 1234"], .ok)
            #expect((same["corrections"] as? [[String: Any]])?.count == 1)

            let stored = try #require(try await ClientCorrection.query(on: context.app.db).filter(\.$clientID == file.clientID).first())
            #expect(!stored.sealedChanges.contains(file.canary), "the old name is sealed, not stored in the clear")
            let manager = context.browser()
            try await manager.signIn(context.fixture.caseManager)
            let page = try await manager.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(page.contains("Berichtigungen (Art. 16 DSGVO)") && page.contains(file.canary) && page.contains(corrected))

            // Erasing the person takes the history with it.
            try await context.caseDesk().close(.init(reason: .goalsReached, goalAttainment: .full), caseID: file.id)
            context.clock.advance(by: 40 * 31 * 86_400)
            _ = try await RetentionTests.desk(context).run(trigger: "command")
            #expect(try await ClientCorrection.query(on: context.app.db).filter(\.$clientID == file.clientID).count() == 0)
        }
    }
}
