import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19, part 4: a district that starts with Lotse mid-year enters last year's findings,
/// topics, steps, evidence and decisions with the days they happened, and its periods count them there.
@Suite struct DaysOfWorkTests {
    @Test func lastYearsWorkIsEnteredWithItsDaysAndCountedInItsPeriod() async throws {
        try await withLotse { context in
            let f = context.fixture
            let today = GermanFormat.isoDay(context.clock.now)
            let tomorrow = RetentionRule.day(today, plus: 1)
            let (caseID, _) = try await NoDeadEndTests.openedCase(context)
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let finding = [("category", "missingService"), ("lifeDomain", "language"), ("level", "district"),
                           ("description", "Kein Sprachkurs mit Kinderbetreuung im Ort")]
            let future = try await cm.post("/cases/\(caseID)/finding", finding + [("reportedOn", tomorrow)])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("liegt in der Zukunft"))
            #expect(future.body.string.contains("Kein Sprachkurs mit Kinderbetreuung im Ort"), "what was entered stays")
            #expect(try await cm.post("/cases/\(caseID)/finding", finding + [("reportedOn", "12.05.2025")]).status == .seeOther)
            let stored = try #require(try await Finding.query(on: context.app.db).filter(\.$caseFileID == caseID).first())
            #expect(stored.reportedOn == "2025-05-12", "the German way of writing a day is read too")

            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let created = try await ks.post(SiteURL.newTopic.path, [("title", "Sprachkurse mit Kinderbetreuung"), ("statement", "Es fehlen Kurse mit Betreuung."),
                                                                    ("priority", "high"), ("raisedOn", "2025-06-02"), ("findingId", stored.id!.uuidString)])
            let topicPath = try #require(created.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let topic = try #require(try await Topic.query(on: context.app.db).filter(\.$title == "Sprachkurse mit Kinderbetreuung").first())
            let topicPage = try await ks.get(topicPath).body.string
            #expect(topic.raisedOn == "2025-06-02" && topicPage.contains("aufgekommen am 02.06.2025"))
            let early = try await ks.post(topicPath + "/status", [("status", "analysing"), ("reason", "Analyse"), ("happenedOn", "2025-05-01")])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("liegt vor dem vorigen Schritt (02.06.2025)"))
            #expect(try await ks.post(topicPath + "/status", [("status", "analysing"), ("reason", "Analyse"), ("happenedOn", "2025-07-01")]).status == .seeOther)
            #expect(try await ks.get(topicPath).body.string.contains("01.07.2025 – <strong>in Analyse</strong>"))
            let later = try await ks.post(topicPath + "/edit", [("title", topic.title), ("statement", topic.statement), ("priority", "high"), ("raisedOn", "2025-08-01")])
            #expect(later.status == .unprocessableEntity && later.body.string.contains("schon am 01.07.2025 einen weiteren Schritt"))

            // Evidence asked and answered last year; an answer before its question is refused.
            let asked = try await ks.post(topicPath + "/request", [("question", "Sehen Sie das auch?"), ("municipalities", f.municipalityA1.uuidString), ("askedOn", "2025-07-02")])
            #expect(asked.status == .seeOther)
            let request = try #require(try await EvidenceRequest.query(on: context.app.db).filter(\.$topicID == topic.id!).first())
            #expect(request.askedOn == "2025-07-02")
            let answer = [("municipalityId", f.municipalityA1.uuidString), ("seesSame", "yes"), ("cases", "3")]
            let tooEarly = try await cm.post(SiteURL.request(.value(request.id!)).path, answer + [("answeredOn", "2025-07-01")])
            #expect(tooEarly.status == .unprocessableEntity && tooEarly.body.string.contains("liegt vor der Frage"))
            #expect(try await cm.post(SiteURL.request(.value(request.id!)).path, answer + [("answeredOn", "2025-07-10")]).status == .seeOther)
            #expect(try await EvidenceAnswer.query(on: context.app.db).filter(\.$requestID == request.id!).first()?.answeredOn == "2025-07-10")

            // A decision by circulation on its own day, filed under a meeting of another year.
            let steering = SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "t"),
                                        now: context.clock.now, actorID: f.users[.coordinator]!.id, people: try context.app.knownPeople(audit: context.app.audit(requestID: "t")))
            let group = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
            let meeting = try await steering.createMeeting(bodyID: try group.requireID(), heldOn: "2026-03-10", place: "Kreishaus")
            let decision = [("text", "Austausch mit den Sprachkursträgern"), ("kind", "exchangeMeeting"), ("owner", "Koordinierende Stelle"), ("dueOn", "2025-12-01"),
                            ("topicId", topic.id!.uuidString), ("byCirculation", "on")]
            let futureDecision = try await ks.post(SiteURL.meetingDecisions(.value(meeting.id!)).path, decision + [("decidedOn", tomorrow)])
            #expect(futureDecision.status == .unprocessableEntity && futureDecision.body.string.contains("Tag des Umlaufbeschlusses liegt in der Zukunft"))
            #expect(try await ks.post(SiteURL.meetingDecisions(.value(meeting.id!)).path, decision + [("decidedOn", "2025-09-15")]).status == .seeOther)

            // The calendar year 2025 counts the topic and the decision; 2026 does not.
            let admin = context.browser()
            try await admin.signIn(f.admin)
            #expect(try await admin.post(SiteURL.settings.path, [("disclosureThreshold", "5"), ("reportingPeriod", "calendarYear"), ("closedCaseRetentionMonths", "36"),
                                                                  ("firstContactRetentionMonths", "6"), ("auditRetentionMonths", "36")]).status == .seeOther)
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            func indicator(_ code: String, _ year: Int) async throws -> Double? {
                let rows = try api.json(try await api.request(.GET, "/api/v1/programme/controlling?period=\(year)", token: token)) as? [[String: Any]]
                return (rows?.first?["indicators"] as? [[String: Any]])?.first { $0["code"] as? String == code }?["value"] as? Double
            }
            let (topics2025, topics2026) = (try await indicator("topicsNew", 2025), try await indicator("topicsNew", 2026))
            let (decisions2025, decisions2026) = (try await indicator("decisions", 2025), try await indicator("decisions", 2026))
            #expect(topics2025 == 1 && topics2026 == 0 && decisions2025 == 1 && decisions2026 == 0)
            let generated = try await ks.post(SiteURL.reports.path, [("period", "2025")])
            let reportPath = try #require(generated.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let report = try #require(try await Programme.report(context, reportPath))
            #expect(report.contains("- 15.09.2025, Lenkungsgruppe (im Umlaufverfahren): Austauschtreffen durchführen: Austausch mit den Sprachkursträgern"))
            let decisions = try await ks.get(SiteURL.decisions.path).body.string
            #expect(decisions.contains("15.09.2025"))
            // The API takes the days the same way.
            let topicID = topic.id!.uuidString
            let moved = try await api.request(.POST, "/api/v1/topics/\(topicID)/status", token: token,
                                              json: ["status": "planningConference", "reason": "Vorbereitet", "happenedOn": "2025-10-01"])
            #expect(moved.status == .ok)
            let detail = try api.json(moved) as? [String: Any]
            #expect(detail?["raisedOn"] as? String == "2025-06-02" && (detail?["trail"] as? [[String: Any]])?.last?["movedOn"] as? String == "2025-10-01")
        }
    }
}
