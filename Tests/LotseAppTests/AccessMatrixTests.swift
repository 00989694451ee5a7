import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Runs the access matrix over HTTP for every role, on whichever database the test command
/// provides (SQLite, and PostgreSQL in its second run), and searches every response and every
/// log line for canary values the role must not see.
@Suite struct AccessMatrixTests {
    @Test func everyRouteHasARowAndEveryRowARoute() async throws {
        try await withLotse { context in
            let routes = Set(context.app.routes.all.map(AccessMatrix.key))
            let listed = Set(AccessMatrix.rows.keys)
            #expect(routes.subtracting(listed).isEmpty, "Routen ohne Zeile in der Matrix: \(routes.subtracting(listed).sorted())")
            #expect(listed.subtracting(routes).isEmpty, "Zeilen ohne Route: \(listed.subtracting(routes).sorted())")
        }
    }

    @Test(arguments: Role.allCases)
    func theMatrixHoldsFor(_ role: Role) async throws {
        let logs = LogCapture()
        try await withLotse(logger: logs.logger(level: .debug)) { context in
            let world = try await MatrixWorld.make(context)
            let actor = context.fixture.users[role]!
            let browser = context.browser()
            try await browser.signIn(actor)
            let api = context.api()
            var token = try await api.token(for: actor)
            for key in AccessMatrix.rows.keys.sorted() {
                let row = AccessMatrix.rows[key]!
                for relationship in AccessMatrix.relationships(for: row) where relationship != .anonymous && relationship != .signInPending {
                    let (method, path) = try await world.request(for: key, row: row, relationship, actor: actor)
                    let response = try await world.send(method, path, row: row, browser: browser, token: token, actor: actor)
                    let outcome = MatrixWorld.outcome(of: response, row: row)
                    let expected = AccessMatrix.expected(row, role: role, relationship)
                    #expect(outcome == expected, "\(role) \(key) [\(relationship)]: \(response.status)")
                    world.expectNoForeignCanary(in: response.body.string, seenBy: role, actor: actor, what: "\(key) [\(relationship)]",
                                                staffPage: key.contains("/programme/positions") || key.hasSuffix("/bodies/:bodyID/members"))
                    world.expectNoClientCanary(in: response.body.string, seenBy: role, what: "\(key) [\(relationship)]",
                                               officeReadsHandover: row.object == .handover)
                }
                // Ending one's other sessions ends one's API tokens too (`CredentialEndTests`): a new one for the rows after it.
                if key == "POST /account/sessions/end-others" { token = try await api.token(for: actor) }
            }
            world.expectNoCanary(in: logs.text, what: "Server-Log")
        }
    }

    @Test func withoutACompletedSignInOnlyOpenRoutesAnswer() async throws {
        let logs = LogCapture()
        try await withLotse(logger: logs.logger(level: .debug)) { context in
            let world = try await MatrixWorld.make(context)
            for relationship in [AccessMatrix.Relationship.anonymous, .signInPending] {
                for key in AccessMatrix.rows.keys.sorted() {
                    let row = AccessMatrix.rows[key]!
                    let browser = context.browser()
                    if relationship == .signInPending {
                        try await browser.get("/sign-in")
                        try await browser.post("/sign-in", [("username", context.fixture.admin.username), ("password", context.fixture.admin.password)])
                        try await browser.get("/sign-in/code")
                    } else {
                        try await browser.get("/sign-in")
                    }
                    let (method, path) = try await world.request(for: key, row: row, .own, actor: context.fixture.admin)
                    let response = try await world.send(method, path, row: row, browser: browser, token: nil, actor: nil)
                    #expect(MatrixWorld.outcome(of: response, row: row) == AccessMatrix.expected(row, role: nil, relationship),
                            "\(key) [\(relationship)]: \(response.status) \(response.headers.first(name: .location) ?? "")")
                    world.expectNoCanary(in: response.body.string, what: "\(key) [\(relationship)]")
                }
            }
            world.expectNoCanary(in: logs.text, what: "Server-Log")
        }
    }
}

/// The objects the matrix points at, and how to reach them.
struct MatrixWorld {
    let context: TestContext
    /// Users in district A in municipality 1 and 2, whose names carry canaries.
    let targetA1: TestUser
    let targetA2: TestUser
    /// Directory entries serving municipality A1, A2 and one in district B.
    let providers: [AccessMatrix.Relationship: UUID]
    let services: [AccessMatrix.Relationship: UUID]
    let officeHours: [AccessMatrix.Relationship: UUID]
    /// A case with all its parts, and a brief contact, per relationship; the client's family name is a canary.
    let cases: [AccessMatrix.Relationship: MatrixCase]

    var fixture: Fixture { context.fixture }

    static func make(_ context: TestContext) async throws -> MatrixWorld {
        let a1 = try await Fixture.makeUser(context.app, username: "ziel.eins", districtID: context.fixture.districtA,
                                            grants: [RoleGrant(role: .caseManager, scope: .municipalities([context.fixture.municipalityA1]))])
        let a2 = try await Fixture.makeUser(context.app, username: "ziel.zwei", districtID: context.fixture.districtA,
                                            grants: [RoleGrant(role: .caseManager, scope: .municipalities([context.fixture.municipalityA2]))])
        var providers: [AccessMatrix.Relationship: UUID] = [:]
        var services: [AccessMatrix.Relationship: UUID] = [:]
        var officeHours: [AccessMatrix.Relationship: UUID] = [:]
        for (relationship, district, town) in [(AccessMatrix.Relationship.own, context.fixture.districtA, context.fixture.municipalityA1),
                                               (.foreignMunicipality, context.fixture.districtA, context.fixture.municipalityA2),
                                               (.foreignDistrict, context.fixture.districtB, context.fixture.municipalityB1)] {
            let provider = Provider()
            provider.districtID = district
            provider.name = "Träger \(relationship)"
            provider.kind = .counsellingService
            (provider.phone, provider.email, provider.website, provider.address) = ("", "", "", "")
            provider.municipalityIDs = [town]
            provider.isActive = true
            try await provider.create(on: context.app.db)
            let service = Service()
            service.districtID = district
            service.$provider.id = try provider.requireID()
            service.name = "Angebot \(relationship)"
            (service.details, service.location, service.openingTimes) = ("", "", "")
            (service.lifeDomains, service.legalDomains, service.targetGroups, service.languages) = ([.work], [], [], [])
            service.municipalityIDs = [town]
            service.accessMode = .walkIn
            try await service.create(on: context.app.db)
            providers[relationship] = try provider.requireID()
            services[relationship] = try service.requireID()
            let hours = OfficeHours()
            (hours.districtID, hours.municipalityID, hours.place, hours.times, hours.languages, hours.contact, hours.isActive) =
                (district, town, "Rathaus", "montags", [], "", true)
            try await hours.create(on: context.app.db)
            officeHours[relationship] = try hours.requireID()
        }
        var cases: [AccessMatrix.Relationship: MatrixCase] = [:]
        for (relationship, district, town) in [(AccessMatrix.Relationship.own, context.fixture.districtA, context.fixture.municipalityA1),
                                               (.foreignMunicipality, context.fixture.districtA, context.fixture.municipalityA2),
                                               (.foreignDistrict, context.fixture.districtB, context.fixture.municipalityB1)] {
            cases[relationship] = try await MatrixCase.make(context, district: district, town: town, provider: providers[relationship]!,
                                                            officeMember: relationship == .own ? context.fixture.users[.immigrationOffice]!.id : nil)
        }
        return MatrixWorld(context: context, targetA1: a1, targetA2: a2, providers: providers, services: services, officeHours: officeHours, cases: cases)
    }

    /// A pending request for the immigration-office role (which combines with every role), asked
    /// by someone other than the deciders of the matrix.
    func freshGrantRequest(for user: TestUser, by asker: TestUser) async throws -> UUID {
        let request = RoleGrantRequest(districtID: user.districtID, userID: user.id, grant: RoleGrant(role: .immigrationOffice, scope: .district),
                                       requestedBy: asker.id, at: context.clock.now)
        try await request.create(on: context.app.db)
        return try request.requireID()
    }

    /// A hold of the closed case made for one request (lifting it must not leave the next without one).
    func freshHold(on caseID: UUID, by userID: UUID) async throws -> UUID {
        try await RetentionHold.query(on: context.app.db).filter(\.$caseFileID == caseID).delete()
        let file = try #require(try await CaseFile.find(caseID, on: context.app.db))
        let hold = RetentionHold()
        (hold.districtID, hold.caseFileID, hold.reason, hold.heldBy, hold.heldOn) = (file.districtID, caseID, "Verfahren", userID, "2027-01-01")
        try await hold.create(on: context.app.db)
        return try hold.requireID()
    }

    /// A pending erasure request for a first contact closed for this request alone.
    func freshErasureRequest(district: UUID, town: UUID, by requester: UUID) async throws -> UUID {
        let desk = CaseDesk(scope: .operatorCommand(.workOnCases, districtID: district), db: context.app.db,
                            vault: ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!), blindIndex: context.app.lotse.blindIndex!,
                            audit: context.app.audit(requestID: "matrix"), now: context.clock.now, actorID: requester)
        let file = try await desk.openCase(.init(municipalityID: town, openedOn: desk.today, accessChannel: .walkIn, lifeDomains: [.work]))
        try await desk.recordIntake(.informationOnly, caseID: try file.requireID())
        try await desk.close(.init(reason: .intakeCompleted, goalAttainment: .notApplicable), caseID: try file.requireID())
        try await desk.requestErasure(reason: "Antrag der Person", caseID: try file.requireID(), people: try context.app.knownPeople(audit: context.app.audit(requestID: "matrix")))
        return try await ErasureRequest.query(on: context.app.db).filter(\.$caseFileID == file.requireID()).first()!.requireID()
    }

    /// A session row that nobody uses, so ending it disturbs no test browser.
    func spareSession(of userID: UUID) async throws -> UUID {
        let session = UserSession(tokenHash: sha256Hex(SecureRandom.token()), userID: userID, stage: .active, csrfToken: "x",
                                  now: context.clock.now, clientAddress: "127.0.0.1", userAgent: "Ersatz")
        try await session.create(on: context.app.db)
        return try session.requireID()
    }

    func objectID(_ object: AccessMatrix.Object, _ relationship: AccessMatrix.Relationship, actor: TestUser) async throws -> UUID {
        switch (object, relationship) {
        case (.region, .foreignDistrict): fixture.regionB
        case (.region, _): fixture.regionA
        case (.municipality, .foreignMunicipality): fixture.municipalityA2
        case (.municipality, .foreignDistrict): fixture.municipalityB1
        case (.municipality, _): fixture.municipalityA1
        case (.user, .foreignMunicipality): targetA2.id
        case (.user, .foreignDistrict): fixture.adminB.id
        case (.user, _): targetA1.id
        case (.ownSession, .own): try await spareSession(of: actor.id)
        case (.ownSession, .foreignDistrict): try await spareSession(of: fixture.adminB.id)
        case (.ownSession, _): try await spareSession(of: targetA1.id)
        case (.provider, _): providers[relationship] ?? providers[.own]!
        case (.service, _): services[relationship] ?? services[.own]!
        case (.officeHours, _): officeHours[relationship] ?? officeHours[.own]!
        case (.caseFile, _): (cases[relationship] ?? cases[.own]!).caseID
        case (.briefContact, _): (cases[relationship] ?? cases[.own]!).briefContactID
        case (.finding, _): (cases[relationship] ?? cases[.own]!).findingID
        case (.topic, _): (cases[relationship] ?? cases[.own]!).topicID
        case (.body, _): (cases[relationship] ?? cases[.own]!).bodyID
        case (.meeting, _): (cases[relationship] ?? cases[.own]!).meetingID
        case (.decision, _): (cases[relationship] ?? cases[.own]!).decisionID
        case (.evidenceRequest, _): (cases[relationship] ?? cases[.own]!).requestID
        case (.position, _): (cases[relationship] ?? cases[.own]!).positionID
        case (.agreement, _): (cases[relationship] ?? cases[.own]!).agreementID
        case (.milestone, _): (cases[relationship] ?? cases[.own]!).milestoneID
        case (.report, _): (cases[relationship] ?? cases[.own]!).reportID
        case (.grantRequest, .foreignDistrict): try await freshGrantRequest(for: fixture.adminB, by: fixture.adminB)
        case (.grantRequest, _): try await freshGrantRequest(for: targetA1, by: targetA2)
        case (.closedCase, _): (cases[relationship] ?? cases[.own]!).closedCaseID
        case (.retentionHold, _): try await freshHold(on: (cases[relationship] ?? cases[.own]!).closedCaseID,
                                                       by: relationship == .foreignDistrict ? fixture.adminB.id : fixture.users[.dataProtection]!.id)
        case (.erasureRequest, .foreignDistrict): try await freshErasureRequest(district: fixture.districtB, town: fixture.municipalityB1, by: fixture.adminB.id)
        case (.erasureRequest, .foreignMunicipality): try await freshErasureRequest(district: fixture.districtA, town: fixture.municipalityA2, by: targetA2.id)
        case (.erasureRequest, _): try await freshErasureRequest(district: fixture.districtA, town: fixture.municipalityA1, by: fixture.caseManager.id)
        case (.office, _): (cases[relationship] ?? cases[.own]!).officeID
        case (.checklist, _): (cases[relationship] ?? cases[.own]!).checklistID
        case (.handover, _): (cases[relationship] ?? cases[.own]!).handoverID
        case (.campaign, _): (cases[relationship] ?? cases[.own]!).campaignID
        case (.campaignEvent, _): (cases[relationship] ?? cases[.own]!).campaignEventID
        case (.agendaItem, _): try await MatrixCase.freshAgendaItem(context, meeting: (cases[relationship] ?? cases[.own]!).meetingID,
                                                                     district: relationship == .foreignDistrict ? fixture.districtB : fixture.districtA)
        case (.goal, .foreignDistrict): try await MatrixCase.freshGoal(context, district: fixture.districtB)
        case (.goal, _): try await MatrixCase.freshGoal(context, district: fixture.districtA)
        }
    }

    func request(for key: String, row: AccessMatrix.Row, _ relationship: AccessMatrix.Relationship, actor: TestUser) async throws -> (HTTPMethod, String) {
        let parts = key.split(separator: " ", maxSplits: 1)
        var path = String(parts[1])
        if let object = row.object, let parameter = path.split(separator: "/").first(where: { $0.hasPrefix(":") }) {
            path = path.replacingOccurrences(of: String(parameter), with: try await objectID(object, relationship, actor: actor).uuidString)
        }
        path = path.replacingOccurrences(of: ":language", with: "de")
        path = path.replacingOccurrences(of: ":format", with: path.contains("controlling") ? "csv" : "md")
        // The import's kind: posts, the coordination's (the others are walked in `HistoryImportTests`).
        path = path.replacingOccurrences(of: ":kind", with: "positions")
        // A case's parts, and a report's earlier text, fill the further parameters.
        if row.object == .caseFile || row.object == .report, let parts = cases[relationship] ?? cases[.own] {
            for (parameter, id) in parts.parts { path = path.replacingOccurrences(of: parameter, with: id.uuidString) }
        }
        return (HTTPMethod(rawValue: String(parts[0])), path)
    }

    /// Sends the row's request. Signing out and revoking a token would end the very session or
    /// token the rest of the run uses, so those get a fresh one.
    func send(_ method: HTTPMethod, _ path: String, row: AccessMatrix.Row, browser: Browser, token: String?, actor: TestUser?) async throws -> TestingHTTPResponse {
        if row.kind == .api {
            var usedToken = token
            if method == .DELETE && path == "/api/v1/auth/token", let actor { usedToken = try await context.api().token(for: actor) }
            if let csv = row.csv { return try await context.api().request(method, path, token: usedToken, csv: csv) }
            let json: [String: Any]? = method == .GET ? nil : row.json.mapValues { $0 }
            return try await context.api().request(method, path, token: usedToken, json: json)
        }
        if row.kind == .open && !row.json.isEmpty {
            return try await context.api().request(method, path, json: row.json.mapValues { $0 })
        }
        var client = browser
        if path == "/sign-out", let actor, browser.cookies["lotse_session"] != nil, browser.csrf != nil, token != nil {
            client = context.browser()
            try await client.signIn(actor)
        }
        return method == .GET ? try await client.get(path) : try await client.post(path, row.form)
    }

    /// An open route may answer anything but a server error (a rejected sign-in is a 401 there).
    static func outcome(of response: TestingHTTPResponse, row: AccessMatrix.Row) -> AccessMatrix.Outcome? {
        if row.kind == .open { return response.status.code < 500 ? .allowed : nil }
        switch response.status.code {
        case 401: return .signIn
        case 403: return .forbidden
        case 404: return .notFound
        case 300..<400 where (response.headers.first(name: .location) ?? "").hasPrefix("/sign-in"): return .signIn
        case 500...: return nil
        default: return .allowed
        }
    }

    // MARK: Canaries

    /// Every person's name carries their own canary (the fixture's display names are unique).
    var everyone: [TestUser] { Array(fixture.users.values) + [fixture.adminB, targetA1, targetA2] }

    func canary(of user: TestUser) -> String { user.canary }

    /// Whose names a role may read: their own; the administration and the data-protection
    /// officer those of their own district; the second person for erasures who asked for each one;
    /// the coordination, which supervises the staff, on the position pages (who holds which
    /// position) and where it gives an office's staff a seat in a body (the accounts to choose).
    /// Nobody those of another district.
    func expectNoForeignCanary(in body: String, seenBy role: Role, actor: TestUser, what: String, staffPage: Bool = false) {
        for user in everyone where user.id != actor.id {
            let mayRead = (role == .admin || role == .dataProtection || role == .erasureApprover || (role == .coordinator && staffPage))
                && user.districtID == actor.districtID
            if !mayRead {
                #expect(!body.contains(canary(of: user)), "\(role) sieht \(canary(of: user)) in \(what)")
                #expect(!body.contains(user.username), "\(role) sieht \(user.username) in \(what)")
            }
        }
    }

    /// Only the case manager of the own municipality reads the own client's name; nobody else's.
    /// The one exception: the office the own case's pre-check was handed over to, on that handover.
    func expectNoClientCanary(in body: String, seenBy role: Role, what: String, officeReadsHandover: Bool = false) {
        for (relationship, matrixCase) in cases where !(role == .caseManager && relationship == .own)
            && !(role == .immigrationOffice && relationship == .own && officeReadsHandover) {
            #expect(!body.contains(matrixCase.canary), "\(role) sieht Klient*in \(relationship) in \(what)")
        }
    }

    func expectNoCanary(in text: String, what: String) {
        for matrixCase in cases.values { #expect(!text.contains(matrixCase.canary), "Klient*in steht in \(what)") }
        for user in everyone {
            #expect(!text.contains(canary(of: user)), "\(canary(of: user)) steht in \(what)")
            #expect(!text.contains(user.username), "\(user.username) steht in \(what)")
            #expect(!text.contains(user.password), "ein Passwort steht in \(what)")
        }
    }
}

/// One case with every part a route can name, made through the case work itself.
struct MatrixCase {
    let caseID: UUID
    /// An immigration office for the case's municipality and one of its checklists.
    let officeID: UUID
    let checklistID: UUID
    /// The case's pre-check handed over to that office (the office is the provider's directory entry).
    let handoverID: UUID
    /// A naturalisation campaign of the district with an event in the case's municipality.
    let campaignID: UUID
    let campaignEventID: UUID
    let briefContactID: UUID
    let findingID: UUID
    let topicID: UUID
    let bodyID: UUID
    let meetingID: UUID
    let decisionID: UUID
    let requestID: UUID
    let positionID: UUID
    let agreementID: UUID
    let milestoneID: UUID
    let reportID: UUID
    /// A first contact closed in the intake phase: what the data-protection officer can hold back.
    let closedCaseID: UUID
    let canary: String
    /// Path parameter → id of the part in this case.
    let parts: [String: UUID]

    static func make(_ context: TestContext, district: UUID, town: UUID, provider: UUID, officeMember: UUID? = nil) async throws -> MatrixCase {
        let app = context.app
        let desk = CaseDesk(scope: .operatorCommand(.workOnCases, districtID: district), db: app.db,
                            vault: ClientVault(keys: app.db(.keyStore), wrapper: app.lotse.clientKeys!), blindIndex: app.lotse.blindIndex!,
                            audit: app.audit(requestID: "matrix"), now: context.clock.now, actorID: context.fixture.caseManager.id)
        let today = desk.today
        let contact = try await desk.recordBriefContact(.init(municipalityID: town, contactOn: today, accessChannel: .walkIn, lifeDomains: [.work],
                                                              outcome: .informationGiven))
        let file = try await desk.openCase(.init(municipalityID: town, openedOn: today, accessChannel: .officeHours, lifeDomains: [.work]))
        let id = try file.requireID()
        _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: today), caseID: id)
        // Digits after the word: a random run of letters could read as a word of the test's own texts
        // ("Thema") to the name check (`PersonMention`), which then refused the text now and then.
        let canary = "Klientin" + String((0..<12).map { _ in "0123456789".randomElement()! })
        _ = try await desk.createClient(ClientIdentity(givenNames: "Test", familyName: canary), caseID: id, confirmedNew: true)
        let disclosure = try await desk.recordConsent(.init(kind: .disclosure, status: .given, method: .signedForm, givenOn: today,
                                                            recipientProviderID: provider, purpose: "Test"), caseID: id)
        try await desk.recordIntake(.caseManagement, caseID: id)
        try await desk.addGoal(.init(lifeDomain: .work, description: "Ziel", agreedOn: today), caseID: id)
        let goal = try await Goal.query(on: app.db).filter(\.$caseFileID == id).first()!
        try await desk.addAction(.init(goalID: goal.id, text: .init(what: "Tun", who: "Wer"), dueOn: today), caseID: id)
        try await desk.scheduleReview(dueOn: today, caseID: id)
        let referral = try await desk.refer(.init(providerID: provider, lifeDomain: .work, reason: "Grund"), caseID: id)
        // District level, without a help plan yet, so that a help plan can be agreed in it (issue 19, part 6);
        // another one has a plan to review.
        let conference = try await desk.holdConference(.init(level: .district, heldOn: today, participantIDs: [provider]), caseID: id)
        let planned = try await desk.holdConference(.init(level: .district, heldOn: today, participantIDs: [provider]), caseID: id)
        let helpPlan = try await desk.agreeHelpPlan(.init(goals: "Ziele", acceptedIDs: [provider], actions: [.init(text: "Tun", providerID: provider)], dueOn: today),
                                                    conferenceID: try planned.requireID(), caseID: id)
        let finding = try await desk.reportFinding(.init(category: .missingService, lifeDomain: .work, level: .district, description: "Lücke"), caseID: id)
        let topics = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: district), db: app.db, audit: app.audit(requestID: "matrix"),
                               now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id, people: try app.knownPeople(audit: app.audit(requestID: "matrix")))
        let topic = try await topics.createTopic(.init(title: "Thema", statement: "Lücke im System", priority: .high), findingIDs: [try finding.requireID()])
        let steering = SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: district), db: app.db, audit: app.audit(requestID: "matrix"),
                                    now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id, people: try app.knownPeople(audit: app.audit(requestID: "matrix")))
        let body = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
        try await steering.addMember(.init(name: "Mitglied", organisation: "Amt"), bodyID: try body.requireID())
        // The own case's office user sits on the body with an account and reads its meetings (issue 16, part 8).
        if let officeMember { try await steering.addMember(.init(name: "Behörde", organisation: "Amt", userID: officeMember), bodyID: try body.requireID()) }
        let meeting = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: today, place: "Kreishaus")
        try await steering.addAgendaItem(.init(topicID: topic.id), meetingID: try meeting.requireID())
        let decision = try await steering.decide(.init(text: "Beschluss", kind: .task, owner: "KS", dueOn: today, topicID: topic.id), meetingID: try meeting.requireID())
        let request = try await topics.ask("Sehen Sie das auch?", municipalityIDs: [town], topicID: try topic.requireID())
        // An office for the municipality with a checklist: its staff (the own case's) keep it.
        let office = try await OfficeService.save(.init(name: "Behörde \(town)", kinds: [.residence], municipalityIDs: [town],
                                                         memberIDs: officeMember.map { [$0] } ?? [], providerID: provider),
                                                  id: nil, .operatorCommand(.administerOrganisation, districtID: district), audit: app.audit(requestID: "matrix"), on: app.db)
        let checklist = try await ChecklistDesk(scope: .operatorCommand(.maintainRequirements, districtID: district), db: app.db, audit: app.audit(requestID: "matrix"),
                                                now: context.clock.now, actorID: officeMember ?? context.fixture.users[.admin]!.id)
            .saveForMatrix(officeID: try office.requireID())
        let preCheck = try await desk.startPreCheck(checklistID: try checklist.requireID(), caseID: id)
        let handover = try await desk.handOver(preCheckID: try preCheck.requireID(), caseID: id)
        let campaigns = CampaignDesk(scope: .operatorCommand(.manageCampaign, districtID: district), db: app.db, audit: app.audit(requestID: "matrix"),
                                     now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id)
        let campaign = try await campaigns.save(.init(title: "Kampagne", aims: "Informieren", startsOn: today), id: nil)
        let campaignEvent = try await campaigns.saveEvent(.init(kind: .informationEvening, heldOn: today, place: "Rathaus", municipalityID: town,
                                                                 languages: ["Deutsch"]), campaignID: try campaign.requireID(), eventID: nil)
        try await desk.recordAccessRequest(receivedOn: today, caseID: id)
        let accessRequest = try await AccessRequest.query(on: app.db).filter(\.$caseFileID == id).first()!
        let action = try await CaseAction.query(on: app.db).filter(\.$caseFileID == id).first()!
        let review = try await Review.query(on: app.db).filter(\.$caseFileID == id).first()!
        let programme = programmeDesk(context, district: district)
        let position = try await programme.createPosition(.init(buildingBlock: .caseManagement, title: "Case Management", fte: "1", employer: .district,
                                                                municipalityIDs: [town], fundedFrom: today),
                                                          first: .init(status: .filled, day: today, holderID: town == context.fixture.municipalityA1 ? context.fixture.users[.caseManager]!.id : nil))
        let agreement = try await programme.saveAgreement(.init(municipalityID: town, kind: .cooperation, status: .inForce, datedOn: today))
        let milestone = try await programme.saveMilestone(.init(buildingBlock: .coordination, title: "Meilenstein", status: .open))
        let report = try await programme.generateReport(try await programme.period(nil), replace: true)
        try await programme.editReport(try report.requireID(), title: report.title, text: report.text + "\n\nErgänzt für die Matrix \(UUID()).")
        let version = try await AnnualReportVersion.query(on: app.db).filter(\.$reportID == report.requireID()).first()!
        let closed = try await desk.openCase(.init(municipalityID: town, openedOn: today, accessChannel: .walkIn, lifeDomains: [.work]))
        try await desk.recordIntake(.informationOnly, caseID: try closed.requireID())
        try await desk.close(.init(reason: .intakeCompleted, goalAttainment: .notApplicable), caseID: try closed.requireID())
        return MatrixCase(caseID: id, officeID: try office.requireID(), checklistID: try checklist.requireID(), handoverID: try handover.requireID(),
                          campaignID: try campaign.requireID(), campaignEventID: try campaignEvent.requireID(), briefContactID: try contact.requireID(), findingID: try finding.requireID(), topicID: try topic.requireID(),
                          bodyID: try body.requireID(), meetingID: try meeting.requireID(), decisionID: try decision.requireID(),
                          requestID: try request.requireID(), positionID: try position.requireID(), agreementID: try agreement.requireID(),
                          milestoneID: try milestone.requireID(), reportID: try report.requireID(), closedCaseID: try closed.requireID(),
                          canary: canary, parts: [
            ":consentID": try disclosure.requireID(), ":goalID": try goal.requireID(), ":actionID": try action.requireID(),
            ":reviewID": try review.requireID(), ":referralID": try referral.requireID(), ":conferenceID": try conference.requireID(),
            ":accessRequestID": try accessRequest.requireID(), ":preCheckID": try preCheck.requireID(), ":versionID": try version.requireID(),
            ":helpPlanID": try helpPlan.requireID(),
        ])
    }

    static func programmeDesk(_ context: TestContext, district: UUID) -> ProgrammeDesk {
        ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: district), db: context.app.db, audit: context.app.audit(requestID: "matrix"),
                      now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id, recordKeys: context.app.lotse.recordKeys)
    }

    /// An annual goal made for one request, so deleting it leaves the next request its own.
    static func freshAgendaItem(_ context: TestContext, meeting: UUID, district: UUID) async throws -> UUID {
        let steering = SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: district), db: context.app.db, audit: context.app.audit(requestID: "matrix"),
                                    now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id,
                                    people: try context.app.knownPeople(audit: context.app.audit(requestID: "matrix")))
        try await steering.addAgendaItem(.init(title: "Punkt \(UUID().uuidString.prefix(4))"), meetingID: meeting)
        return try await AgendaItem.query(on: context.app.db).filter(\.$meetingID == meeting).sort(\.$position, .descending).first()!.requireID()
    }

    static func freshGoal(_ context: TestContext, district: UUID) async throws -> UUID {
        let desk = programmeDesk(context, district: district)
        return try await desk.saveGoal(.init(title: "Ziel", criteria: [(.steeringMeetings, "2")]), period: try await desk.period(nil)).requireID()
    }
}

extension ChecklistDesk {
    /// A checklist of `officeID` for the matrix, made without a member (the office of another
    /// municipality has none): stored the way `create` stores one.
    func saveForMatrix(officeID: UUID) async throws -> RequirementChecklist {
        let checklist = RequirementChecklist()
        (checklist.districtID, checklist.officeID, checklist.seriesID, checklist.procedure, checklist.title) = (scope.districtID, officeID, UUID(), .sustainableIntegration, "Liste")
        (checklist.version, checklist.validFrom, checklist.isExample, checklist.createdBy, checklist.createdAt) = (1, today, false, actorID, now)
        try await checklist.create(on: db)
        let item = ChecklistItem()
        (item.checklistID, item.position, item.title, item.legalSource, item.explanation, item.documents) = (try checklist.requireID(), 1, "Voraufenthalt", "", "", "")
        try await item.create(on: db)
        return checklist
    }
}
