import Fluent
import Foundation
import LotseCore
import Vapor

/// A year of steering, invented: the steering group with the members of seed 001 section 7.2 (the
/// functions are from the seed, the names are made up), a planning conference before each of two
/// steering-group meetings, and decisions: a working group set up, an exchange meeting held, a
/// topic forwarded to the state. A third meeting is planned.
enum DemoSteering {
    static let members: [(name: String, organisation: String, function: String)] = [
        ("Dr. Anna Lehmann", "Kreis Paderborn", "Bildungsdezernentin"),
        ("Thomas Brandt", "Bildungs- und Integrationszentrum Kreis Paderborn", "Leitung"),
        ("Miriam Schulte", "Kommunales Integrationszentrum Kreis Paderborn", "Stellv. Amtsleitung und Geschäftsführung"),
        ("Jonas Becker", "KIM Kreis Paderborn", "Koordinierende Stelle"),
        ("Karin Vogt", "Sozialamt Kreis Paderborn", "Amtsleitung"),
        ("Bernd Kemper", "Gemeinde Altenbeken", "Bürgermeister, Vertretung der Kommunen"),
        ("Selin Aydın", "Ausländer- und Einbürgerungsbehörde Stadt und Kreis Paderborn", "Leitung"),
        ("Markus Hoffmann", "Untere Schulaufsicht Kreis Paderborn", "Schulrat"),
        ("Dr. Eva Richter", "Gesundheitsamt Kreis Paderborn", "Amtsleitung"),
        ("Stefan Wiese", "Kreisjugendamt Paderborn", "Amtsleitung"),
        ("Julia Neumann", "Jobcenter Kreis Paderborn", "Geschäftsführung"),
        ("Peter Hahn", "Wohlfahrtsverbände im Kreis Paderborn", "Sprecher der Geschäftsführungen"),
    ]

    static func seed(_ app: Application, districtID: UUID, start: Date) async throws {
        guard try await Body.query(on: app.db).filter(\.$districtID == districtID).count() == 0,
              let coordinator = try await User.query(on: app.db).filter(\.$username == "demo.koordination").first() else { return }
        func at(_ daysAgo: Int) -> Date { start.addingTimeInterval(Double(-daysAgo) * 86_400) }
        func desk(_ daysAgo: Int) throws -> SteeringDesk {
            SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                         now: at(daysAgo), actorID: coordinator.id ?? UUID(), people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        let topics = try await Topic.query(on: app.db).filter(\.$districtID == districtID).all()
        let courses = topics.first { $0.title.hasPrefix("Sprachkurse") }
        let transition = topics.first { $0.title.hasPrefix("Lücke beim Rechtskreiswechsel") }
        let steering = try await desk(365).createBody(.init(name: "Lenkungsgruppe KIM Kreis Paderborn", kind: .steeringGroup))
        let planning = try await desk(365).createBody(.init(name: "Planungskonferenz KIM", kind: .planningConference))
        for member in members {
            try await desk(365).addMember(.init(name: member.name, organisation: member.organisation, function: member.function), bodyID: try steering.requireID())
        }
        for member in members.prefix(4) {
            try await desk(365).addMember(.init(name: member.name, organisation: member.organisation, function: member.function), bodyID: try planning.requireID())
        }
        func day(_ daysAgo: Int) -> String { GermanFormat.isoDay(at(daysAgo)) }

        // First round: planning conference, then the steering group sets up a working group.
        let conference1 = try await desk(200).createMeeting(bodyID: try planning.requireID(), heldOn: day(200), place: "Kreishaus Paderborn, Raum 2.14")
        try await desk(200).addAgendaItem(.init(topicID: courses?.id), meetingID: try conference1.requireID())
        try await desk(200).recordMinutes("Das Thema wird der Lenkungsgruppe vorgelegt.", present: Array(conference1.invitedMemberIDs.prefix(3)),
                                          meetingID: try conference1.requireID())
        let meeting1 = try await desk(180).createMeeting(bodyID: try steering.requireID(), heldOn: day(180), place: "Kreishaus Paderborn, Sitzungssaal")
        try await desk(180).addAgendaItem(.init(topicID: courses?.id), meetingID: try meeting1.requireID())
        _ = try await desk(180).decide(.init(text: "Eine Arbeitsgruppe klärt mit den Kursträgern und Kitas, wie Sprachkurse mit Kinderbetreuung im Norden des Kreises angeboten werden können.",
                                            kind: .setUpWorkingGroup, owner: "Koordinierende Stelle KIM", dueOn: day(60), topicID: courses?.id,
                                            workingGroupName: "AG Sprachkurse mit Kinderbetreuung"), meetingID: try meeting1.requireID())
        _ = try await desk(180).decide(.init(text: "Austauschtreffen zwischen Jobcenter und Sozialamt zum Rechtskreiswechsel.", kind: .exchangeMeeting,
                                            owner: "Sozialamt Kreis Paderborn", dueOn: day(120), topicID: transition?.id), meetingID: try meeting1.requireID())
        try await desk(180).recordMinutes("Arbeitsgruppe eingerichtet; Austauschtreffen zum Rechtskreiswechsel vereinbart.",
                                          present: Array(meeting1.invitedMemberIDs.prefix(9)), meetingID: try meeting1.requireID())

        // Second round: the working group reports back; the transition gap goes to the state.
        let group = try await Body.query(on: app.db).filter(\.$districtID == districtID).filter(\.$kind == .workingGroup).first()
        let conference2 = try await desk(40).createMeeting(bodyID: try planning.requireID(), heldOn: day(40), place: "Kreishaus Paderborn, Raum 2.14")
        try await desk(40).addAgendaItem(.init(topicID: transition?.id), meetingID: try conference2.requireID())
        let meeting2 = try await desk(20).createMeeting(bodyID: try steering.requireID(), heldOn: day(20), place: "Kreishaus Paderborn, Sitzungssaal")
        try await desk(20).addAgendaItem(.init(title: "Bericht der AG Sprachkurse mit Kinderbetreuung", sourceBodyID: group?.id), meetingID: try meeting2.requireID())
        try await desk(20).addAgendaItem(.init(topicID: transition?.id), meetingID: try meeting2.requireID())
        _ = try await desk(20).decide(.init(text: "Die Lücke beim Rechtskreiswechsel wird mit den Belegen an das Ministerium weitergeleitet.", kind: .forwardToState,
                                           owner: "Koordinierende Stelle KIM", topicID: transition?.id), meetingID: try meeting2.requireID())
        _ = try await desk(20).decide(.init(text: "Die Kreisverwaltung prüft eine Ausschreibung für Kurse mit Kinderbetreuung.", kind: .task,
                                           owner: "Bildungs- und Integrationszentrum", dueOn: day(5), topicID: courses?.id), meetingID: try meeting2.requireID())
        _ = try await desk(30).createMeeting(bodyID: try steering.requireID(), heldOn: day(-30), place: "Kreishaus Paderborn, Sitzungssaal")
        let decisions = try await Decision.query(on: app.db).filter(\.$districtID == districtID).all()
        for decision in decisions where decision.kind == .exchangeMeeting {
            try await desk(100).setStatus(.done, decisionID: try decision.requireID())
        }

        // The topics' trail follows the meetings.
        let topicDesk = { (daysAgo: Int) in
            TopicDesk(scope: .operatorCommand(.manageTopics, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                      now: start.addingTimeInterval(Double(-daysAgo) * 86_400), actorID: coordinator.id ?? UUID(), people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        if let transition, let id = transition.id {
            try await topicDesk(41).move(id, to: .analysing, reason: "Daten aus allen Kommunen angefragt")
            try await topicDesk(40).move(id, to: .planningConference, reason: "Planungskonferenz vom \(GermanFormat.date(start.addingTimeInterval(-40 * 86_400)))")
            try await topicDesk(20).move(id, to: .body, reason: "Lenkungsgruppe vom \(GermanFormat.date(start.addingTimeInterval(-20 * 86_400)))")
            try await topicDesk(19).move(id, to: .forwardedToState, reason: "Beschluss der Lenkungsgruppe: Weiterleitung an das Ministerium")
        }
        if let transition, let id = transition.id {
            try await topicDesk(15).recordForwarding(.init(recipient: "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
                                                           sentOn: day(15)), topicID: id)
        }
        if let courses, let id = courses.id {
            let towns = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
                .compactMap { town in town.id.map { (town.name, $0) } })
            let asked = ["Altenbeken", "Hövelhof", "Paderborn", "Büren"].compactMap { towns[$0] }
            let request = try await topicDesk(215).ask("Sehen Sie in Ihrer Kommune dasselbe? In wie vielen Fällen ungefähr?", municipalityIDs: asked, topicID: id)
            let answers = EvidenceDesk(scope: .operatorCommand(.answerEvidenceRequest, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                                       now: start.addingTimeInterval(-210 * 86_400), actorID: coordinator.id ?? UUID(), people: try app.knownPeople(audit: app.audit(requestID: "demo")))
            for (town, sees, cases, comment) in [("Hövelhof", SeesSame.yes, "4", "Vor allem Mütter mit Kindern unter drei Jahren."),
                                                 ("Paderborn", .yes, "9", "Wartelisten bei allen Kursträgern mit Betreuung."), ("Büren", .partly, "1", "")] {
                try await answers.answer(.init(municipalityID: towns[town], seesSame: sees, cases: cases, comment: comment), requestID: try request.requireID())
            }
            try await topicDesk(200).move(id, to: .planningConference, reason: "Planungskonferenz")
            try await topicDesk(180).move(id, to: .body, reason: "Lenkungsgruppe")
            try await topicDesk(179).move(id, to: .followUp, reason: "Beschluss: Arbeitsgruppe Sprachkurse mit Kinderbetreuung")
        }
    }
}
