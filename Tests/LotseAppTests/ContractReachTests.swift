import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The answers of the API contract that the feature tests do not provoke on their own: every step
/// of a case once with success and once on a closed case (409), the programme's writes over the
/// API, and a few refusals. The contract test of the test command counts them (every documented
/// status must be reached by some test).
@Suite struct ContractReachTests {
    @Test func everyCaseStepSucceedsAndIsRefusedWhereTheContractSaysSo() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            func post(_ path: String, _ json: [String: Any], _ status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
                try await api.post(path, token: token, json, status, sourceLocation: sourceLocation)
            }
            func openCase() async throws -> String {
                let opened = try await post("/cases", ["municipalityId": f.municipalityA1.uuidString, "openedOn": today, "accessChannel": "walkIn"], .created)
                let id = try #require(opened["id"] as? String)
                _ = try await post("/cases/\(id)/consent", ["status": "given", "method": "signedForm", "givenOn": today], .created)
                return id
            }
            let caseID = try await openCase()
            _ = try await post("/cases/\(caseID)/client", ["givenNames": "Lina", "familyName": "Reachtest", "birthDate": "1990-01-01"], .created)
            let edited = try await post("/cases/\(caseID)/client/edit", ["givenNames": "Lina", "familyName": "Reachtest", "phone": "0521 1234"], .ok)
            #expect(((edited["client"] as? [String: Any])?["identity"] as? [String: Any])?["phone"] as? String == "0521 1234")
            _ = try await post("/cases/\(caseID)/legal-domain", ["legalDomain": "sgb2", "beganOn": today], .created)
            let otherID = try await openCase()
            let other = try await post("/cases/\(otherID)/client", ["givenNames": "Omar", "familyName": "Nebenfall", "birthDate": "2012-05-05"], .created)
            let otherNumber = try #require(other["number"] as? String)
            _ = try await post("/cases/\(caseID)/household", ["memberCaseNumber": otherNumber], .created)
            _ = try await post("/cases/\(caseID)/intake", ["intakeOutcome": "caseManagement"], .ok)
            let goals = try await post("/cases/\(caseID)/goal", ["lifeDomain": "work", "description": "Arbeit finden", "agreedOn": today], .created)
            let goalID = try #require((goals["goals"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await post("/cases/\(caseID)/goals/\(goalID)", ["status": "partlyReached"], .ok)
            let actions = try await post("/cases/\(caseID)/action", ["goalId": goalID, "what": "Bewerbung schreiben", "who": "Klientin", "dueOn": today], .created)
            let actionID = try #require(((actions["goals"] as? [[String: Any]])?.first?["actions"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await post("/cases/\(caseID)/actions/\(actionID)", ["status": "done"], .ok)
            _ = try await post("/cases/\(caseID)/contact", ["contactOn": today, "kind": "phone", "minutes": 15], .created)
            let reviews = try await post("/cases/\(caseID)/review", ["dueOn": today], .created)
            let reviewID = try #require((reviews["reviews"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await post("/cases/\(caseID)/reviews/\(reviewID)", ["heldOn": today, "note": "Gut vorangekommen"], .ok)
            let (provider, service) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            _ = try await post("/cases/\(caseID)/disclosure", ["recipientProviderId": provider.uuidString, "purpose": "Fallkonferenz", "status": "given",
                                                               "method": "signedForm", "givenOn": today], .created)
            let referrals = try await post("/cases/\(caseID)/referral", ["serviceId": service.uuidString, "lifeDomain": "work", "reason": "Bewerbungstraining"], .created)
            let referralID = try #require((referrals["referrals"] as? [[String: Any]])?.first?["id"] as? String)
            let conferences = try await post("/cases/\(caseID)/conference", ["level": "municipal", "heldOn": today, "participants": [provider.uuidString]], .created)
            let conferenceID = try #require((conferences["conferences"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await post("/cases/\(caseID)/conferences/\(conferenceID)", ["minutes": "Absprachen festgehalten"], .ok)

            let coordinatorToken = try await api.token(for: f.users[.coordinator]!)
            let called = try await api.request(.POST, "/api/v1/cases/\(caseID)/district-conference", token: coordinatorToken,
                                               json: ["heldOn": today, "participants": [provider.uuidString]])
            #expect(called.status == .created, "\(called.body.string.prefix(600))")

            _ = try await post("/cases/\(caseID)/finding", ["category": "missingService", "lifeDomain": "work", "level": "municipality",
                                                            "description": "Zu wenige Sprachkurse am Abend"], .created)
            let inbox = try await api.request(.GET, "/api/v1/findings", token: coordinatorToken)
            let findingID = try #require((try api.json(inbox) as? [[String: Any]])?.first?["id"] as? String)
            let foreignTopic = try await api.request(.POST, "/api/v1/findings/\(findingID)/topic", token: coordinatorToken, json: ["topicId": "kein-thema"])
            #expect(foreignTopic.status == .unprocessableEntity, "\(foreignTopic.body.string.prefix(600))")
            _ = try await post("/cases/\(caseID)/close", ["reason": "goalsReached", "goalAttainment": "partly"], .ok)
            // A closed case takes no further step: every one answers 409 and changes nothing.
            let refusable: [(String, [String: Any])] = [
                ("client/link", ["clientId": UUID().uuidString]), ("assessment", ["lifeDomain": "work", "priority": "high"]), ("goal", ["lifeDomain": "work", "description": "x", "agreedOn": today]),
                ("goals/\(goalID)", ["status": "reached"]), ("action", ["what": "x", "who": "y", "dueOn": today]), ("actions/\(actionID)", ["status": "open"]),
                ("review", ["dueOn": today]), ("reviews/\(reviewID)", ["heldOn": today]), ("contact", ["contactOn": today, "kind": "phone"]),
                ("referral", ["lifeDomain": "work", "reason": "x"]), ("conference", ["level": "municipal", "heldOn": today]),
                ("conferences/\(conferenceID)", ["minutes": "x"]), ("referrals/\(referralID)", ["status": "accepted"]),
            ]
            // Each of these steps is refused with 409 in some state (the contract says so): on the
            // closed case, on a case without consent, or on a consented case without a client.
            let unconsented = try #require(try await post("/cases", ["municipalityId": f.municipalityA1.uuidString, "openedOn": today,
                                                                     "accessChannel": "walkIn"], .created)["id"] as? String)
            let withoutClient = try await openCase()
            var neverRefused: [String] = []
            for (step, json) in refusable {
                var statuses: [UInt] = []
                for target in step.contains("/") && !step.hasPrefix("client/") ? [caseID] : [caseID, unconsented, withoutClient] {
                    let response = try await api.request(.POST, "/api/v1/cases/\(target)/\(step)", token: token, json: json)
                    #expect(response.status.code < 500, "\(step): \(response.status)")
                    statuses.append(response.status.code)
                }
                if !statuses.contains(409) { neverRefused.append("\(step): \(statuses)") }
            }
            #expect(neverRefused.isEmpty, "ohne 409: \(neverRefused)")
            let noClient = try await api.request(.POST, "/api/v1/cases/\(unconsented)/district-conference", token: coordinatorToken,
                                                 json: ["heldOn": today, "participants": [provider.uuidString]])
            #expect(noClient.status == .unprocessableEntity, "ohne Einverständnis keine Konferenz: \(noClient.status)")
            let detail = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(caseID)", token: token)) as? [String: Any])
            let consentID = try #require((detail["consents"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await post("/cases/\(caseID)/consents/\(consentID)/withdraw", [:], .ok)
            _ = try await post("/cases/\(caseID)/consents/\(consentID)/withdraw", [:], .conflict)
            _ = try await post("/cases/\(caseID)/district-conference", ["heldOn": today], .forbidden)
            _ = try await post("/cases/\(caseID)/reopen", ["reopenReason": "Neue Lage"], .ok)
            _ = try await post("/cases/\(caseID)/reopen", ["reopenReason": "Noch einmal"], .unprocessableEntity)
        }
    }

    @Test func theProgrammeIsKeptOverTheAPI() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let today = GermanFormat.isoDay(context.clock.now)
            func send(_ method: HTTPMethod, _ path: String, _ json: [String: Any], _ status: HTTPStatus,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
                let response = try await api.request(method, "/api/v1/programme" + path, token: token, json: json)
                #expect(response.status == status, "\(method) \(path): \(response.body.string.prefix(600))", sourceLocation: sourceLocation)
                return (try? api.json(response)) ?? [:]
            }
            let position = try await send(.POST, "/positions", ["buildingBlock": "caseManagement", "title": "Case Management A1", "fte": "0,5", "employer": "district",
                                                                 "municipalityId": f.municipalityA1.uuidString, "fundedFrom": today, "status": "advertised", "day": today],
                                          .created)
            let positionID = try #require(((position as? [String: Any])?["position"] as? [String: Any])?["id"] as? String)
            // A building block or employer outside the contract's lists is refused before any check, naming the field.
            let outside = try await send(.POST, "/positions", ["buildingBlock": "stabsstelle", "title": "X", "fte": "1", "employer": "bund"], .badRequest)
            #expect("\(outside)".contains("buildingBlock") || "\(outside)".contains("employer"))
            _ = try await send(.PATCH, "/positions/\(positionID)", ["buildingBlock": "caseManagement", "title": "Case Management A1", "fte": "1", "employer": "district",
                                                                     "municipalityId": f.municipalityA1.uuidString, "fundedFrom": today], .ok)
            _ = try await send(.PATCH, "/positions/\(positionID)", ["buildingBlock": "caseManagement", "title": "", "fte": "viel", "employer": "district", "fundedFrom": today],
                               .unprocessableEntity)
            _ = try await send(.POST, "/positions/\(positionID)/changes", ["status": "filled", "day": today], .created)
            _ = try await send(.POST, "/positions/\(positionID)/changes", ["status": "filled", "day": "gestern"], .unprocessableEntity)

            let agreements = try await send(.POST, "/agreements", ["municipalityId": f.municipalityA1.uuidString, "kind": "cooperation", "status": "planned", "datedOn": today],
                                            .created)
            let agreementID = try #require((agreements as? [[String: Any]])?.first?["id"] as? String)
            _ = try await send(.PATCH, "/agreements/\(agreementID)", ["municipalityId": f.municipalityA1.uuidString, "kind": "cooperation", "status": "inForce",
                                                                       "datedOn": today], .ok)
            _ = try await send(.PATCH, "/agreements/\(agreementID)", ["kind": "cooperation", "status": "inForce"], .unprocessableEntity)

            let grid = try await send(.POST, "/milestones", ["buildingBlock": "coordination", "title": "Lenkungsgruppe konstituieren", "status": "open"], .created)
            let groups = (grid as? [String: Any])?["groups"] as? [[String: Any]]
            let milestoneID = try #require((groups?.first?["rows"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await send(.PATCH, "/milestones/\(milestoneID)", ["buildingBlock": "coordination", "title": "Lenkungsgruppe konstituiert", "status": "done",
                                                                       "completedOn": today], .ok)
            _ = try await send(.PATCH, "/milestones/\(milestoneID)", ["buildingBlock": "coordination", "title": ""], .unprocessableEntity)

            let period = ReportingPeriod.containing(today, kind: .schoolYear).key
            let goals = try await send(.POST, "/goals", ["period": period, "title": "Zwei Sitzungen", "measure1": "steeringMeetings", "target1": "2"], .created)
            let goalID = try #require(((goals as? [String: Any])?["goals"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await send(.PATCH, "/goals/\(goalID)", ["period": period, "title": "Drei Sitzungen", "measure1": "steeringMeetings", "target1": "3"], .ok)
            _ = try await send(.PATCH, "/goals/\(goalID)", ["period": period, "title": ""], .unprocessableEntity)
            let removed = try await api.request(.DELETE, "/api/v1/programme/goals/\(goalID)", token: token)
            #expect(removed.status == .noContent)

            let report = try await send(.POST, "/reports", ["period": period], .created)
            let reportID = try #require((report as? [String: Any])?["id"] as? String)
            _ = try await send(.POST, "/reports", ["period": "kein Jahr"], .unprocessableEntity)
            _ = try await send(.PATCH, "/reports/\(reportID)", ["title": "Erfahrungsbericht", "text": "Text"], .ok)
            _ = try await send(.PATCH, "/reports/\(reportID)", ["title": "", "text": ""], .unprocessableEntity)
            #expect(try await api.request(.GET, "/api/v1/programme?period=kein", token: token).status == .unprocessableEntity)
        }
    }

    @Test func topicsAndFindingsAnswerTheirRemainingStatuses() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let created = try await api.request(.POST, "/api/v1/topics", token: token, json: ["title": "Hausärzte", "statement": "Zu wenige Praxen nehmen neue Patient*innen auf.",
                                                                                          "priority": "high"])
            #expect(created.status == .created, "\(created.body.string.prefix(600))")
            let topicID = try #require((try api.json(created) as? [String: Any])?["id"] as? String)
            let moved = try await api.request(.POST, "/api/v1/topics/\(topicID)/status", token: token, json: ["status": "analysing", "reason": "Belege sammeln"])
            #expect(moved.status == .ok, "\(moved.body.string.prefix(600))")
            let auditor = try await api.token(for: f.users[.dataProtection]!)
            #expect(try await api.request(.GET, "/api/v1/audit/export.csv?from=31.02.2026", token: auditor).status == .unprocessableEntity)
        }
    }
}
