import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 13, part 5: a finding, a topic, an evidence answer or a decision that names a client of
/// the cases behind it, or a member of their household, or gives a birth date of one of them, is
/// refused by the server (no confirmation overrides it), by browser and API, and the refusal is
/// audited. The people: Amina Haddad (born 14.03.1988) and, in her household, Karim Haddad.
@Suite struct PersonMentionRefusalTests {
    struct World {
        let caseID: UUID
        let findingID: UUID
        let topicID: UUID
        let requestID: UUID
        let meetingID: UUID
    }

    static let named = ["Amina Haddad findet keine Hausarztpraxis.", "Herr Karim Hadad wartet auf den Kurs.",
                        "Seit dem 14.3.1988 ohne Anspruch auf Leistungen.", "AMINA braucht einen Kitaplatz."]
    static let clean = "Es fehlen Hausarztpraxen, die neue Patient*innen aufnehmen."

    static func make(_ context: TestContext) async throws -> World {
        let f = context.fixture
        let desk = context.caseDesk()
        var files: [CaseFile] = []
        for (given, family, born) in [("Amina", "Haddad", "1988-03-14"), ("Karim", "Haddad", "1985-07-01")] {
            let file = try await desk.openCase(.init(municipalityID: f.municipalityA1, openedOn: desk.today, accessChannel: .walkIn))
            _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: desk.today), caseID: try file.requireID())
            _ = try await desk.createClient(ClientIdentity(givenNames: given, familyName: family, birthDate: born), caseID: try file.requireID(), confirmedNew: true)
            files.append(try await desk.caseFile(try file.requireID()))
        }
        try await desk.linkHousehold(caseID: try files[0].requireID(), memberCaseNumber: files[1].number)
        let caseID = try files[0].requireID()
        let finding = try await desk.reportFinding(.init(category: .missingService, lifeDomain: .health, level: .district, description: clean), caseID: caseID)
        let people = try context.app.knownPeople(audit: context.app.audit(requestID: "test"))
        let topics = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "test"),
                               now: context.clock.now, actorID: f.users[.coordinator]!.id, people: people)
        let topic = try await topics.createTopic(.init(title: "Hausärztliche Versorgung", statement: clean, priority: .high), findingIDs: [try finding.requireID()])
        let request = try await topics.ask("Sehen Sie das auch?", municipalityIDs: [f.municipalityA1], topicID: try topic.requireID())
        let steering = SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "test"),
                                    now: context.clock.now, actorID: f.users[.coordinator]!.id, people: people)
        let body = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
        let meeting = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: desk.today, place: "Kreishaus")
        return World(caseID: caseID, findingID: try finding.requireID(), topicID: try topic.requireID(), requestID: try request.requireID(),
                     meetingID: try meeting.requireID())
    }

    /// Each route, with the body that carries `text`, and who sends it.
    static func routes(_ world: World, _ f: Fixture, today: String) -> [(role: Role, api: String, browser: String, body: (String) -> [String: Any])] {
        [
            (.caseManager, "/api/v1/cases/\(world.caseID)/finding", "/cases/\(world.caseID)/finding", { text in
                ["category": "missingService", "lifeDomain": "health", "level": "district", "description": text, "confirmedNoPersonalData": true]
            }),
            (.coordinator, "/api/v1/topics", "/topics/new", { text in
                ["title": "Versorgung", "statement": text, "priority": "high", "findingIds": [world.findingID.uuidString], "confirmedNoPersonalData": true]
            }),
            (.coordinator, "/api/v1/topics/\(world.topicID)", "/topics/\(world.topicID)/edit", { text in
                ["title": "Hausärztliche Versorgung", "statement": text, "priority": "high", "confirmedNoPersonalData": true]
            }),
            (.caseManager, "/api/v1/requests/\(world.requestID)", "/requests/\(world.requestID)", { text in
                ["municipalityId": f.municipalityA1.uuidString, "seesSame": "yes", "cases": 2, "comment": text, "confirmedNoPersonalData": true]
            }),
            (.coordinator, "/api/v1/meetings/\(world.meetingID)/decisions", "/meetings/\(world.meetingID)/decisions", { text in
                ["text": text, "kind": "task", "owner": "KS", "dueOn": today, "topicId": world.topicID.uuidString]
            }),
        ]
    }

    @Test func aTextNamingSomeoneBehindTheCasesIsRefusedByAPIAndBrowser() async throws {
        try await withLotse { context in
            let f = context.fixture
            let world = try await Self.make(context)
            let today = GermanFormat.isoDay(context.clock.now)
            var tokens: [Role: String] = [:]
            var browsers: [Role: Browser] = [:]
            for role in [Role.caseManager, .coordinator] {
                tokens[role] = try await context.api().token(for: f.users[role]!)
                let browser = context.browser()
                try await browser.signIn(f.users[role]!)
                browsers[role] = browser
            }
            for (role, api, page, body) in Self.routes(world, f, today: today) {
                for text in Self.named {
                    let method: HTTPMethod = api.hasPrefix("/api/v1/topics/") ? .PATCH : .POST
                    let answer = try await context.api().request(method, api, token: tokens[role]!, json: body(text))
                    #expect(answer.status == .unprocessableEntity && answer.body.string.contains("ohne Personenbezug"), "\(api) „\(text)“: \(answer.status)")
                    let form = try await browsers[role]!.post(page, BodyIDProbe.formFields(body(text)))
                    #expect(form.status == .unprocessableEntity && form.body.string.contains("ohne Personenbezug"), "\(page) „\(text)“: \(form.status)")
                    // What was typed comes back to be corrected, not lost.
                    #expect(form.body.string.contains(text.replacingOccurrences(of: "„", with: "")), "\(page): Eingabe verloren")
                }
            }
            let refusals = try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.personalDataRefused.rawValue).count()
            #expect(refusals == Self.routes(world, f, today: today).count * Self.named.count * 2)
            // The same texts without the names go through.
            for (role, api, _, body) in Self.routes(world, f, today: today) {
                let method: HTTPMethod = api.hasPrefix("/api/v1/topics/") ? .PATCH : .POST
                let answer = try await context.api().request(method, api, token: tokens[role]!, json: body(Self.clean))
                #expect(answer.status.code < 300, "\(api): \(answer.status) \(answer.body.string.prefix(300))")
            }
        }
    }

    @Test func aFindingIsNotPutIntoATopicWhoseTextNamesItsClient() async throws {
        try await withLotse { context in
            let f = context.fixture
            let world = try await Self.make(context)
            // A topic written before the finding arrived, naming its client.
            let topics = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "test"),
                                   now: context.clock.now, actorID: f.users[.coordinator]!.id, people: try context.app.knownPeople(audit: context.app.audit(requestID: "test")))
            let other = try await topics.createTopic(.init(title: "Kurse", statement: "Haddad wartet", priority: .low, confirmedNoPersonalData: true))
            let token = try await context.api().token(for: f.users[.coordinator]!)
            let answer = try await context.api().request(.POST, "/api/v1/findings/\(world.findingID)/topic", token: token,
                                                         json: ["topicId": try other.requireID().uuidString])
            #expect(answer.status == .unprocessableEntity && answer.body.string.contains("nennen eine Person"))
            let assignment = try await FindingAssignment.query(on: context.app.db).filter(\.$findingID == world.findingID).first()
            #expect(assignment?.topicID == world.topicID, "die Erkenntnis bleibt, wo sie war")
        }
    }

    /// A refusal must not become a probe into another district: a topic naming the client behind
    /// another district's finding is refused for the foreign finding only, not for the name.
    @Test func anotherDistrictsFindingIsNeverLookedBehind() async throws {
        try await withLotse { context in
            let f = context.fixture
            let desk = context.caseDesk(in: f.districtB, as: f.adminB.id)
            let file = try await desk.openCase(.init(municipalityID: f.municipalityB1, openedOn: desk.today, accessChannel: .walkIn))
            _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: desk.today), caseID: try file.requireID())
            _ = try await desk.createClient(ClientIdentity(givenNames: "Selma", familyName: "Fernweh"), caseID: try file.requireID(), confirmedNew: true)
            let finding = try await desk.reportFinding(.init(category: .missingService, lifeDomain: .health, level: .district, description: Self.clean),
                                                       caseID: try file.requireID())
            let token = try await context.api().token(for: f.users[.coordinator]!)
            let answer = try await context.api().request(.POST, "/api/v1/topics", token: token, json: [
                "title": "Versorgung", "statement": "Selma Fernweh wartet", "priority": "high", "findingIds": [try finding.requireID().uuidString],
                "confirmedNoPersonalData": true,
            ])
            #expect(answer.status == .unprocessableEntity && answer.body.string.contains("nur Erkenntnisse dieses Kreises"))
            #expect(!answer.body.string.contains("ohne Personenbezug"), "die Ablehnung verrät eine Person des anderen Kreises")
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.personalDataRefused.rawValue).count() == 0)
        }
    }
}
