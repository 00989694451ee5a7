import Fluent
import Foundation
import LotseCore
import Vapor

/// Two invented topics clustered from the demo findings, one already in analysis; the other
/// findings wait in the coordination's inbox.
enum DemoTopics {
    static func seed(_ app: Application, districtID: UUID, start: Date) async throws {
        guard try await Topic.query(on: app.db).filter(\.$districtID == districtID).count() == 0,
              let coordinator = try await User.query(on: app.db).filter(\.$username == "demo.koordination").first() else { return }
        let desk = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                             now: start.addingTimeInterval(-230 * 86_400), actorID: try coordinator.requireID(), people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        let findings = try await Finding.query(on: app.db).filter(\.$districtID == districtID).all()
        let language = findings.filter { $0.lifeDomain == .language }.compactMap(\.id)
        let transition = findings.filter { $0.legalDomains.contains(LegalDomain.asylblg) }.compactMap(\.id)
        let courses = try await desk.createTopic(.init(
            title: "Sprachkurse mit Kinderbetreuung fehlen",
            statement: "Eltern kleiner Kinder, vor allem Alleinerziehende, können an Integrations- und Berufssprachkursen nicht teilnehmen, weil es keine Kinderbetreuung gibt. Betroffen sind mehrere Kommunen.",
            priority: .high, responsibleID: coordinator.id), findingIDs: language)
        try await desk.move(try courses.requireID(), to: .analysing, reason: "Rückfrage an die Case Managements der anderen Kommunen")
        _ = try await desk.createTopic(.init(
            title: "Lücke beim Rechtskreiswechsel AsylbLG → SGB II",
            statement: "Nach der Anerkennung vergehen Wochen ohne Leistungen, weil Anträge nacheinander bearbeitet werden.",
            priority: .high, responsibleID: coordinator.id), findingIDs: transition)
    }
}
