import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, part 3: a pre-check in the case walks the client through the current checklist; it
/// shows what is missing, carries review days, keeps its checklist version, is sealed with the
/// client's key and never shows outside case management; it is case work (closed or restricted
/// cases refuse it).
@Suite struct PreCheckTests {
    @Test func theCaseManagerPreChecksAClientAndSeesWhatIsMissing() async throws {
        try await withLotse { context in
            let f = context.fixture
            let officer = f.users[.immigrationOffice]!
            let office = try await OfficeService.save(.init(name: "ABH Stadt", kinds: [.residence], municipalityIDs: [f.municipalityA1], memberIDs: [officer.id]),
                                                      id: nil, .operatorCommand(.administerOrganisation, districtID: f.districtA),
                                                      audit: context.app.audit(requestID: "test"), on: context.app.db)
            let checklists = ChecklistDesk(scope: .operatorCommand(.maintainRequirements, districtID: f.districtA), db: context.app.db,
                                           audit: context.app.audit(requestID: "test"), now: context.clock.now, actorID: officer.id)
            let list = try await checklists.create(.init(procedure: .sustainableIntegration, title: "§ 25b", validFrom: "2024-01-01",
                                                         items: [.init(title: "Sechs Jahre Voraufenthalt"), .init(title: "Deutsch A2")]),
                                                   officeID: try office.requireID())
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)

            let manager = context.browser()
            try await manager.signIn(f.caseManager)
            let form = SiteURL.caseStep(.value(file.id), .preCheck).path
            let page = try await manager.get(form)
            #expect(page.status == .ok && page.body.string.contains("§ 25b (Fassung 1)") && page.body.string.contains("keine Rechtsberatung"))
            let none = try await manager.post(form, [])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("Bitte wählen Sie eine heute gültige Checkliste"))
            #expect(try await manager.post(form, [("checklistId", try list.requireID().uuidString)]).status == .seeOther)
            let preCheck = try #require(try await PreCheck.query(on: context.app.db).filter(\.$caseFileID == file.id).first())

            let api = context.api()
            var token = try await api.token(for: f.caseManager)
            let path = "/cases/\(file.id)/pre-checks/\(try preCheck.requireID())"
            let wrongDay = try await api.post(path, token: token, ["answers": [["status": "met"], ["status": "notMet", "reviewOn": "irgendwann"]]], .unprocessableEntity)
            #expect("\(wrongDay)".contains("Wiedervorlage zu „Deutsch A2“"))
            let answered = try await api.post(path, token: token, ["answers": [["status": "met", "note": "seit 2018"],
                                                                                ["status": "notMet", "note": "Kurs \(file.canary.suffix(5)) läuft", "reviewOn": "2027-03-01"]]], .ok)
            let shown = try #require((answered["preChecks"] as? [[String: Any]])?.first)
            #expect(shown["met"] as? Int == 1 && shown["missing"] as? Int == 1 && shown["unclear"] as? Int == 0 && shown["nextReview"] as? String == "2027-03-01")
            #expect(!preCheck.sealedAnswers.contains("läuft"))
            let stored = try #require(try await PreCheck.find(preCheck.id, on: context.app.db))
            #expect(!stored.sealedAnswers.contains("läuft") && !stored.sealedAnswers.contains("seit 2018"), "sealed with the client's key")
            let casePage = try await manager.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(casePage.contains("Vorprüfungen für Aufenthaltsrecht und Einbürgerung") && casePage.contains("nicht erfüllt") && casePage.contains("01.03.2027"))
            let form2 = try await manager.get(SiteURL.caseStep(.value(file.id), .preCheckAnswers(.value(try preCheck.requireID()))).path)
            #expect(form2.status == .ok && form2.body.string.contains("seit 2018"), "the form shows what was recorded")

            // The review day comes up under "Heute fällig" once it is reached, with the procedure, not the answers.
            let notYet = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/due", token: token)) as? [[String: Any]])
            #expect(!notYet.contains { $0["kind"] as? String == "Vorprüfung" })
            context.clock.advance(by: 500 * 86_400)
            token = try await api.token(for: f.caseManager)
            let due = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/due", token: token)) as? [[String: Any]])
            let item = try #require(due.first { $0["kind"] as? String == "Vorprüfung" })
            #expect(item["dueOn"] as? String == "2027-03-01" && (item["text"] as? String)?.contains("§ 25b AufenthG") == true && item["caseId"] as? String == file.id.uuidString, "\(item)")
            #expect(!"\(due)".contains("läuft"))

            // A new version of the checklist does not change the pre-check.
            try await checklists.newVersion(.init(title: "§ 25b neu", validFrom: RetentionRule.day(context.caseDesk().today, plus: -1),
                                                  items: [.init(title: "Nur noch eins")]), of: try list.requireID())
            let reread = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: token)) as? [String: Any])
            let kept = try #require((reread["preChecks"] as? [[String: Any]])?.first)
            #expect(kept["version"] as? Int == 1 && (kept["items"] as? [Any])?.count == 2)

            // Never outside case management: the coordinator's view of the case has none of it.
            let coordinator = context.browser()
            try await coordinator.signIn(f.users[.coordinator]!)
            let pseudonym = try await coordinator.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(!pseudonym.contains("seit 2018") && !pseudonym.contains("Vorprüfung"))
            let officeToken = try await api.token(for: officer)
            #expect(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: officeToken).status == .forbidden)

            // Case work: a restricted or closed case takes no pre-check.
            _ = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": "Klärung"], .ok)
            _ = try await api.post(path, token: token, ["answers": [["status": "met"]]], .conflict)
            _ = try await api.post("/cases/\(file.id)/restriction/lift", token: token, ["reason": "geklärt", "personInformed": true], .ok)
            _ = try await api.post("/cases/\(file.id)/close", token: token, ["reason": "goalsReached", "goalAttainment": "full"], .ok)
            _ = try await api.post("/cases/\(file.id)/pre-check", token: token, ["checklistId": try list.requireID().uuidString], .conflict)
            let actions = Set(try await AuditEntry.query(on: context.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: [AuditAction.preCheckStarted.rawValue, AuditAction.preCheckAnswered.rawValue]))
        }
    }
}
