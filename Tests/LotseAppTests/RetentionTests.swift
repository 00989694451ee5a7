import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 15, part 1: retention by rule. The run, with the clock moved past the period, anonymises
/// exactly the due cases that are not held; what stays is what the figures count, so every figure
/// of every period is the same before and after; the client's key is gone, so an old copy of the
/// case database reads nothing; the data-protection officer sees and holds, in the browser and the API.
@Suite struct RetentionTests {
    /// A case with everything a case can hold, in municipality A1, closed today (from the intake
    /// phase for a first contact). Its client's name is a canary.
    struct FullCase {
        let id: UUID
        let clientID: UUID
        let canary: String
    }

    static func provider(_ context: TestContext) async throws -> UUID {
        let provider = Provider()
        provider.districtID = context.fixture.districtA
        provider.name = "Beratungsstelle"
        provider.kind = .counsellingService
        (provider.phone, provider.email, provider.website, provider.address) = ("", "", "", "")
        provider.municipalityIDs = [context.fixture.municipalityA1]
        provider.isActive = true
        try await provider.create(on: context.app.db)
        return try provider.requireID()
    }

    static func fullCase(_ context: TestContext, provider: UUID, firstContact: Bool, close: Bool = true, client: UUID? = nil) async throws -> FullCase {
        let desk = context.caseDesk()
        let today = desk.today
        let file = try await desk.openCase(.init(municipalityID: context.fixture.municipalityA1, openedOn: today, accessChannel: .officeHours,
                                                 lifeDomains: [.work, .housing]))
        let id = try file.requireID()
        _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: today), caseID: id)
        // Digits, not letters, after the word: see `MatrixCase.make`.
        let canary = "Kanarie" + String((0..<10).map { _ in "0123456789".randomElement()! })
        if let client {
            try await desk.linkClient(client, caseID: id)
        } else {
            _ = try await desk.createClient(ClientIdentity(givenNames: "Rita", familyName: canary, birthDate: "1980-02-03"), caseID: id, confirmedNew: true)
            try await desk.addLegalDomain(.init(legalDomain: .sgb2, beganOn: today), caseID: id)
        }
        try await desk.logContact(.init(contactOn: today, kind: .inPerson, minutes: "30", note: "Notiz \(canary)"), caseID: id)
        if firstContact {
            try await desk.recordIntake(.informationOnly, caseID: id)
            if close { try await desk.close(.init(reason: .intakeCompleted, goalAttainment: .notApplicable), caseID: id) }
        } else {
            _ = try await desk.recordConsent(.init(kind: .disclosure, status: .given, method: .signedForm, givenOn: today,
                                                   recipientProviderID: provider, purpose: "Vermittlung"), caseID: id)
            try await desk.recordIntake(.caseManagement, caseID: id)
            try await desk.addGoal(.init(lifeDomain: .work, description: "Arbeit finden", agreedOn: today), caseID: id)
            try await desk.scheduleReview(dueOn: today, caseID: id)
            _ = try await desk.refer(.init(providerID: provider, lifeDomain: .work, reason: "Bewerbung"), caseID: id)
            _ = try await desk.holdConference(.init(level: .municipal, heldOn: today, participantIDs: [provider]), caseID: id)
            _ = try await desk.reportFinding(.init(category: .missingService, lifeDomain: .work, level: .district, description: "Lücke"), caseID: id)
            if close { try await desk.close(.init(reason: .goalsReached, goalAttainment: .full, evaluation: "Gut \(canary)"), caseID: id) }
        }
        let stored = try #require(try await CaseFile.find(id, on: context.app.db))
        return FullCase(id: id, clientID: try #require(stored.clientID), canary: canary)
    }

    static func desk(_ context: TestContext) throws -> RetentionDesk {
        try context.app.retentionDesk(scope: .operatorCommand(.manageRetention, districtID: context.fixture.districtA), audit: context.app.audit(requestID: "test").inDistrict(context.fixture.districtA),
                                      now: context.clock.now)
    }

    /// Every figure of case work with the records behind it: the annual figures of two calendar
    /// years and a school year, and the steering page's tables.
    static func figures(_ context: TestContext) async throws -> [String] {
        let app = context.app, district = context.fixture.districtA
        let ledger = FigureLedger()
        try await FigureLedger.$current.withValue(ledger) {
            let programme = ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: district), db: app.db, audit: app.audit(requestID: "test"),
                                          now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id, recordKeys: app.lotse.recordKeys)
            for period in [ReportingPeriod(kind: .calendarYear, startYear: 2026), ReportingPeriod(kind: .calendarYear, startYear: 2027),
                           ReportingPeriod(kind: .schoolYear, startYear: 2026)] {
                _ = try await CaseWorkFigures.load(programme, period)
            }
            let steering = SteeringDesk(scope: .operatorCommand(.readSteering, districtID: district), db: app.db, audit: app.audit(requestID: "test"),
                                        now: context.clock.now, actorID: context.fixture.users[.coordinator]!.id,
                                        people: try app.knownPeople(audit: app.audit(requestID: "test")), recordKeys: app.lotse.recordKeys)
            _ = try await steering.figures()
        }
        return ledger.recorded.map { "\($0.name): \($0.value.map(String.init) ?? "<") \($0.ids.map(\.uuidString).sorted())" }.sorted()
    }

    @Test func theRunAnonymisesExactlyTheDueCasesAndNoFigureChanges() async throws {
        try await withLotse { context in
            let provider = try await Self.provider(context)
            let firstContact = try await Self.fullCase(context, provider: provider, firstContact: true)
            let managed = try await Self.fullCase(context, provider: provider, firstContact: false)
            let held = try await Self.fullCase(context, provider: provider, firstContact: true)
            let open = try await Self.fullCase(context, provider: provider, firstContact: false, close: false)
            // The managed case's client has a second case, still open: they stay a client.
            let second = try await Self.fullCase(context, provider: provider, firstContact: false, close: false, client: managed.clientID)
            // The managed case ran since December: its phase history spans two months and a year's end.
            let events = try await PhaseEvent.query(on: context.app.db).filter(\.$caseFileID == managed.id).sort(\.$enteredAt).all()
            for (event, day) in zip(events, ["2026-12-03", "2026-12-20"]) {
                event.enteredAt = try #require(GermanFormat.day(day)).addingTimeInterval(36_000)
                try await event.save(on: context.app.db)
            }
            let managedFile = try #require(try await CaseFile.find(managed.id, on: context.app.db))
            managedFile.openedOn = "2026-12-03"
            try await managedFile.save(on: context.app.db)
            let dpo = context.fixture.users[.dataProtection]!
            _ = try await Self.desk(context).hold(caseID: held.id, reason: "laufendes Widerspruchsverfahren", by: dpo.id,
                                                  people: try context.app.knownPeople(audit: context.app.audit(requestID: "test")))
            let before = try await Self.figures(context)

            // Five months later nothing is due; the first contacts are listed in advance.
            context.clock.advance(by: 155 * 86_400)
            var overview = try await Self.desk(context).overview()
            #expect(overview.due.isEmpty)
            #expect(overview.upcoming.map(\.file.id) == [firstContact.id])
            #expect(overview.held.map(\.file.id) == [held.id])
            #expect(try await Self.desk(context).run(trigger: "command").casesAnonymised == 0)

            // Seven months after closing: the first contact is due and anonymised, the held one is not.
            context.clock.advance(by: 60 * 86_400)
            let run = try await Self.desk(context).run(trigger: "command")
            #expect((run.casesAnonymised, run.clientsErased, run.casesHeld) == (1, 1, 1))
            try await expectAnonymised(firstContact, clientErased: true, context)
            for kept in [managed, held, open, second] { try await expectIntact(kept, context) }

            // 37 months after closing the managed case is due; its client keeps the open second case.
            context.clock.advance(by: 900 * 86_400)
            overview = try await Self.desk(context).overview()
            #expect(overview.due.map(\.file.id) == [managed.id])
            let later = try await Self.desk(context).run(trigger: "job")
            #expect((later.casesAnonymised, later.clientsErased, later.casesHeld) == (1, 0, 1))
            try await expectAnonymised(managed, clientErased: false, context)
            for kept in [held, open, second] { try await expectIntact(kept, context) }
            // The phase history keeps the phase at each month's end: December ended in assessment.
            let history = try await PhaseEvent.query(on: context.app.db).filter(\.$caseFileID == managed.id).sort(\.$enteredAt).all()
            #expect(history.map { GermanFormat.isoDay($0.enteredAt) } == ["2026-12-01", "2027-01-01"])
            #expect(history.allSatisfy { $0.sealedReason == nil })

            #expect(try await Self.figures(context) == before, "every figure counts the same records as before")
            #expect(try await AuditTrailReader.verify(on: context.app.db, chain: context.app.lotse.auditChain!, after: nil, anchors: []) == .intact(entries: try await AuditEntry.query(on: context.app.db).count()))
            let anonymised = try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.caseAnonymised.rawValue).all()
            #expect(Set(anonymised.compactMap(\.objectID)) == [firstContact.id.uuidString, managed.id.uuidString])
            #expect(anonymised.allSatisfy { $0.districtID == context.fixture.districtA && $0.actorID == nil })
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.retentionRun.rawValue).count() == 3)
        }
    }

    func expectAnonymised(_ file: FullCase, clientErased: Bool, _ context: TestContext) async throws {
        let db = context.app.db
        let stored = try #require(try await CaseFile.find(file.id, on: db))
        #expect(stored.erasedOn != nil && stored.clientID == nil && stored.sealedEvaluation == nil && stored.sealedReferringParty == nil)
        #expect(stored.openedOn.hasSuffix("-01") && stored.closedOn?.hasSuffix("-01") == true)
        for count in [try await Consent.query(on: db).filter(\.$caseFileID == file.id).count(),
                      try await Goal.query(on: db).filter(\.$caseFileID == file.id).count(),
                      try await Review.query(on: db).filter(\.$caseFileID == file.id).count(),
                      try await Assessment.query(on: db).filter(\.$caseFileID == file.id).count()] { #expect(count == 0) }
        let contacts = try await CaseContact.query(on: db).filter(\.$caseFileID == file.id).all()
        #expect(!contacts.isEmpty && contacts.allSatisfy { $0.sealedNote == nil && $0.contactOn.hasSuffix("-01") })
        for referral in try await Referral.query(on: db).filter(\.$caseFileID == file.id).all() {
            #expect(referral.sealedReason.isEmpty && referral.consentID == nil && referral.referredOn.hasSuffix("-01"))
        }
        let vault = ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!)
        if clientErased {
            #expect(try await Client.find(file.clientID, on: db) == nil)
            #expect(try await ClientSearchToken.query(on: db).filter(\.$clientID == file.clientID).count() == 0)
            #expect(try await LegalDomainMembership.query(on: db).filter(\.$clientID == file.clientID).count() == 0)
            await #expect(throws: PublicError.self) { try await vault.cipher(for: file.clientID) }
        } else {
            #expect(try await Client.find(file.clientID, on: db) != nil)
            _ = try await vault.cipher(for: file.clientID)
        }
        // The case manager finds nothing of it any more: gone, and not in the list of closed cases.
        let browser = context.browser()
        try await browser.signIn(context.fixture.caseManager)
        let page = try await browser.get(SiteURL.caseFile(.value(file.id)).path)
        #expect(page.status == .gone && page.body.string.contains("anonymisiert") && !page.body.string.contains(file.canary))
        let list = try await browser.get(SiteURL.cases.path + "?closed=1")
        #expect(list.status == .ok && !list.body.string.contains(stored.number))
    }

    func expectIntact(_ file: FullCase, _ context: TestContext) async throws {
        let stored = try #require(try await CaseFile.find(file.id, on: context.app.db))
        #expect(stored.erasedOn == nil && stored.clientID == file.clientID)
        let browser = context.browser()
        try await browser.signIn(context.fixture.caseManager)
        let page = try await browser.get(SiteURL.caseFile(.value(file.id)).path)
        #expect(page.status == .ok && page.body.string.contains(file.canary))
    }
}

/// The data-protection officer's side of retention, in the browser and over the API; the
/// administration's retention periods; the operator's command.
@Suite struct RetentionPagesTests {
    @Test func theDataProtectionOfficerHoldsACaseWithAReasonThatNamesNobody() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let number = try #require(try await CaseFile.find(file.id, on: context.app.db)).number
            context.clock.advance(by: 170 * 86_400)
            let officer = context.fixture.users[.dataProtection]!
            let browser = context.browser()
            try await browser.signIn(officer)
            var page = try await browser.get(SiteURL.retention.path)
            #expect(page.status == .ok && page.body.string.contains(number) && !page.body.string.contains(file.canary))
            #expect(page.body.string.contains("im Erstgespräch beendet"))

            let form = SiteURL.retentionHold(.value(file.id)).path
            #expect(try await browser.get(form).status == .ok)
            var posted = try await browser.post(form, [("reason", "")])
            #expect(posted.status == .unprocessableEntity && posted.body.string.contains("Bitte nennen Sie den Grund"))
            posted = try await browser.post(form, [("reason", "Verfahren von Rita \(file.canary)")])
            #expect(posted.status == .unprocessableEntity && posted.body.string.contains("ohne Personenbezug"))
            #expect(posted.body.string.contains("Verfahren von Rita"), "what was typed is kept")
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.personalDataRefused.rawValue).count() == 1)
            posted = try await browser.post(form, [("reason", "laufendes Widerspruchsverfahren")])
            #expect(posted.status == .seeOther && posted.headers.first(name: .location)?.hasPrefix(SiteURL.retention.path) == true)
            page = try await browser.get(SiteURL.retention.path)
            #expect(page.body.string.contains("laufendes Widerspruchsverfahren") && page.body.string.contains("Zurückhaltung aufheben"))
            #expect(try await browser.get(form).status == .notFound, "a held case is not offered again")

            // The API shows the same and lifts the hold; holding twice or an open case is refused.
            let api = context.api()
            let token = try await api.token(for: officer)
            let overview = try #require(try api.json(try await api.request(.GET, "/api/v1/retention", token: token)) as? [String: Any])
            let held = try #require((overview["held"] as? [[String: Any]])?.first)
            #expect(held["caseId"] as? String == file.id.uuidString && held["number"] as? String == number && held["kind"] as? String == "firstContact")
            let hold = try #require(held["hold"] as? [String: Any])
            #expect(hold["reason"] as? String == "laufendes Widerspruchsverfahren")
            let lifted = try await api.request(.DELETE, "/api/v1/retention/holds/\(try #require(hold["id"] as? String))", token: token)
            #expect(lifted.status == .noContent)
            #expect(try await RetentionHold.query(on: context.app.db).count() == 0)
            _ = try await api.post("/retention/holds", token: token, ["caseId": file.id.uuidString, "reason": "Anfrage der Staatsanwaltschaft"], .created)
            let twice = try await api.post("/retention/holds", token: token, ["caseId": file.id.uuidString, "reason": "noch einmal"], .unprocessableEntity)
            #expect((twice["fields"] as? [String: Any])?["caseId"] != nil)
            let other = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            _ = try await api.post("/retention/holds", token: token, ["caseId": other.id.uuidString, "reason": "Verfahren"], .unprocessableEntity)

            // Nobody else reaches it; the case manager's page does not link it.
            let caseManager = context.browser()
            try await caseManager.signIn(context.fixture.caseManager)
            #expect(try await caseManager.get(SiteURL.retention.path).status == .forbidden)
            #expect(!(try await caseManager.get(SiteURL.start.path)).body.string.contains(SiteURL.retention.path))
            let managerToken = try await api.token(for: context.fixture.caseManager)
            #expect(try await api.request(.GET, "/api/v1/retention", token: managerToken).status == .forbidden)
        }
    }

    @Test func theAdministrationSetsTheRetentionPeriodsWithinTheirBounds() async throws {
        try await withLotse { context in
            let api = context.api()
            let token = try await api.token(for: context.fixture.admin)
            var answer = try #require(try api.json(try await api.request(.GET, "/api/v1/district/settings", token: token)) as? [String: Any])
            #expect(answer["closedCaseRetentionMonths"] as? Int == 36 && answer["firstContactRetentionMonths"] as? Int == 6)
            let refused = try await api.request(.PATCH, "/api/v1/district/settings", token: token, json: ["closedCaseRetentionMonths": 200, "firstContactRetentionMonths": 0])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("6 bis 120") && refused.body.string.contains("1 bis 36"))
            let changed = try await api.request(.PATCH, "/api/v1/district/settings", token: token, json: ["closedCaseRetentionMonths": 24])
            answer = try #require(try api.json(changed) as? [String: Any])
            #expect(answer["closedCaseRetentionMonths"] as? Int == 24 && answer["firstContactRetentionMonths"] as? Int == 6 && answer["disclosureThreshold"] as? Int == 5)
            #expect(try await DistrictSetting.retention(of: context.fixture.districtA, on: context.app.db) == RetentionPeriods(closedCaseMonths: 24, firstContactMonths: 6))

            let browser = context.browser()
            try await browser.signIn(context.fixture.admin)
            let form = try await browser.get(SiteURL.settings.path)
            #expect(form.body.string.contains("value=\"24\""))
            let wrong = try await browser.post(SiteURL.settings.path, [("disclosureThreshold", "5"), ("reportingPeriod", "schoolYear"),
                                                                    ("closedCaseRetentionMonths", "drei"), ("firstContactRetentionMonths", "3")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("6 bis 120") && wrong.body.string.contains("value=\"drei\""))
            let saved = try await browser.post(SiteURL.settings.path, [("disclosureThreshold", "5"), ("reportingPeriod", "schoolYear"),
                                                                    ("closedCaseRetentionMonths", "48"), ("firstContactRetentionMonths", "3")])
            #expect(saved.status == .seeOther)
            #expect(try await DistrictSetting.retention(of: context.fixture.districtA, on: context.app.db) == RetentionPeriods(closedCaseMonths: 48, firstContactMonths: 3))
        }
    }

    @Test func theOperatorsCommandRunsEveryDistrict() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            context.clock.advance(by: 200 * 86_400)
            var command = CommandContext(console: context.app.console, input: CommandInput(arguments: ["lotse", "run"]))
            command.application = context.app
            try await RetentionCommand().run(using: &command)
            #expect(try await CaseFile.find(file.id, on: context.app.db)?.erasedOn != nil)
            let runs = try await RetentionRun.query(on: context.app.db).all()
            #expect(Set(runs.map(\.districtID)) == [context.fixture.districtA, context.fixture.districtB])
            #expect(runs.allSatisfy { $0.trigger == "command" })
            var wrong = CommandContext(console: context.app.console, input: CommandInput(arguments: ["lotse", "alles"]))
            wrong.application = context.app
            await #expect(throws: ExitCode.self) { try await RetentionCommand().run(using: &wrong) }
        }
    }
}

/// An anonymised case is only counted: every route of a case, in the API (each documents 410) and
/// the browser, answers "gone" for it, to the roles that may use the route at all.
@Suite struct AnonymisedCaseRoutesTests {
    @Test func everyRouteOfACaseAnswersGoneForAnAnonymisedOne() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            context.clock.advance(by: 200 * 86_400)
            #expect(try await RetentionTests.desk(context).run(trigger: "command").casesAnonymised == 1)

            let api = context.api()
            var tokens: [Role: String] = [:]
            var browsers: [Role: Browser] = [:]
            let caseRoutes = AccessMatrix.rows.filter { $0.key.contains("/cases/:caseID") }
            #expect(caseRoutes.count > 40)
            for (key, row) in caseRoutes.sorted(by: { $0.key < $1.key }) {
                let role: Role = row.roles.contains(.caseManager) ? .caseManager : try #require(row.roles.first)
                let parts = key.split(separator: " ", maxSplits: 1)
                var path = String(parts[1]).replacingOccurrences(of: ":caseID", with: file.id.uuidString)
                    .replacingOccurrences(of: ":language", with: "de")
                while let parameter = path.split(separator: "/").first(where: { $0.hasPrefix(":") }) {
                    path = path.replacingOccurrences(of: String(parameter), with: UUID().uuidString)
                }
                let method = HTTPMethod(rawValue: String(parts[0]))
                let response: TestingHTTPResponse
                if row.kind == .api {
                    if tokens[role] == nil { tokens[role] = try await api.token(for: context.fixture.users[role]!) }
                    response = try await api.request(method, path, token: tokens[role], json: method == .GET ? nil : row.json.mapValues { $0 })
                } else {
                    if browsers[role] == nil {
                        let browser = context.browser()
                        try await browser.signIn(context.fixture.users[role]!)
                        browsers[role] = browser
                    }
                    response = method == .GET ? try await browsers[role]!.get(path) : try await browsers[role]!.post(path, row.form)
                }
                #expect(response.status == .gone, "\(role) \(key): \(response.status) \(response.body.string.prefix(200))")
                #expect(!response.body.string.contains(file.canary), "\(key) zeigt die Klientin")
            }
        }
    }
}

/// Issue 15, part 4: erasure on request. The case manager asks (only when every case of the person
/// is closed, with a reason that names nobody), the data-protection officer, a second person,
/// approves, and every case of the person is anonymised at once; a rejection needs a reason.
@Suite struct ErasureTests {
    @Test func aSecondPersonApprovesAndEveryCaseOfThePersonIsAnonymised() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let first = try await RetentionTests.fullCase(context, provider: provider, firstContact: false)
            let second = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false, client: first.clientID)
            let other = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let manager = context.browser()
            try await manager.signIn(context.fixture.caseManager)
            let form = SiteURL.caseStep(.value(first.id), .erasure).path
            #expect(try await manager.get(form).status == .ok)
            var posted = try await manager.post(form, [("reason", "Antrag der Person vom 03.11.2026")])
            #expect(posted.status == .unprocessableEntity && posted.body.string.contains("noch 1 offene Fall"))
            #expect(posted.body.string.contains("Antrag der Person vom 03.11.2026"), "what was typed is kept")
            try await context.caseDesk().close(.init(reason: .goalsReached, goalAttainment: .full), caseID: second.id)
            posted = try await manager.post(form, [("reason", "Rita \(first.canary) möchte gelöscht werden")])
            #expect(posted.status == .unprocessableEntity && posted.body.string.contains("ohne Personenbezug"))
            posted = try await manager.post(form, [("reason", "Antrag der Person vom 03.11.2026")])
            #expect(posted.status == .seeOther)
            posted = try await manager.post(SiteURL.caseStep(.value(second.id), .erasure).path, [("reason", "noch einmal")])
            #expect(posted.status == .unprocessableEntity && posted.body.string.contains("wartet schon"))
            #expect(try await manager.get(SiteURL.erasureRequests.path).status == .forbidden)

            // The officer sees the request by case number, with its deadline, and no name.
            let officer = context.fixture.users[.dataProtection]!
            let api = context.api()
            let token = try await api.token(for: officer)
            let listed = try #require(try api.json(try await api.request(.GET, "/api/v1/erasure-requests", token: token)) as? [String: Any])
            let pending = try #require((listed["pending"] as? [[String: Any]])?.first)
            #expect(pending["caseId"] as? String == first.id.uuidString && pending["status"] as? String == "pending")
            #expect(pending["deadline"] as? String == RetentionRule.dueOn(closedOn: pending["requestedOn"] as? String ?? "", months: 1))
            let browser = context.browser()
            try await browser.signIn(officer)
            let page = try await browser.get(SiteURL.erasureRequests.path)
            #expect(page.status == .ok && page.body.string.contains("Antrag der Person") && !page.body.string.contains(first.canary))

            let requestID = try #require(pending["id"] as? String)
            let before = try await RetentionTests.figures(context)
            // The list only links to the decision; the page before it names the case and what cannot be undone.
            let approvePath = SiteURL.erasureApprove(.value(try #require(UUID(uuidString: requestID)))).path
            #expect(page.body.string.contains("href=\"\(approvePath)\"") && !page.body.string.contains("action=\"\(approvePath)\""))
            let confirm = try await browser.get(approvePath).body.string
            let number = try #require(try await CaseFile.find(first.id, on: context.app.db)).number
            #expect(confirm.contains("Löschung zu Fall \(number) bestätigen?") && confirm.contains("auch nicht aus einer Sicherung")
                    && confirm.contains("Antrag der Person vom 03.11.2026") && !confirm.contains(first.canary))
            #expect(try await ErasureRequest.find(UUID(uuidString: requestID), on: context.app.db)?.status == .pending, "looking decides nothing")
            let approved = try await browser.post(approvePath)
            #expect(approved.status == .seeOther)
            for file in [first, second] {
                let stored = try #require(try await CaseFile.find(file.id, on: context.app.db))
                #expect(stored.erasedOn != nil && stored.clientID == nil)
                #expect(try await manager.get(SiteURL.caseFile(.value(file.id)).path).status == .gone)
            }
            #expect(try await Client.find(first.clientID, on: context.app.db) == nil)
            let vault = ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!)
            await #expect(throws: PublicError.self) { try await vault.cipher(for: first.clientID) }
            #expect(try await manager.get(SiteURL.caseFile(.value(other.id)).path).body.string.contains(other.canary), "another person is untouched")
            #expect(try await RetentionTests.figures(context) == before, "every figure counts the same records as before")
            let decided = try #require(try await ErasureRequest.find(UUID(uuidString: requestID), on: context.app.db))
            #expect(decided.status == .approved && decided.casesAnonymised == 2 && decided.decidedBy == officer.id)
            let again = try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/approve", token: token)
            #expect(again.status == .unprocessableEntity && again.body.string.contains("schon entschieden"))

            // The approval is also written outside the database; after a restore of an older backup
            // (here: the mark taken off again) the next retention run anonymises the cases once more.
            let ledger = ErasureLedger(configuration: context.app.lotse.configuration)
            let entries = try ledger.entries(of: context.fixture.districtA)
            #expect(entries.count == 1 && Set(entries[0].caseIDs) == [first.id, second.id])
            let restored = try #require(try await CaseFile.find(second.id, on: context.app.db))
            restored.erasedOn = nil
            try await restored.save(on: context.app.db)
            let run = try await RetentionTests.desk(context).run(trigger: "command", ledger: ledger)
            #expect(run.casesAnonymised == 1 && run.casesHeld == 0)
            #expect(try await CaseFile.find(second.id, on: context.app.db)?.erasedOn != nil)
        }
    }

    @Test func whoAskedCannotApproveAHeldCaseBlocksAndARejectionNeedsAReason() async throws {
        try await withLotse { context in
            // Someone who is case manager and data-protection officer at once asks, and may not decide.
            let both = try await Fixture.makeUser(context.app, username: "doppelt.rolle", districtID: context.fixture.districtA,
                                                  grants: [RoleGrant(role: .caseManager, scope: .municipalities([context.fixture.municipalityA1])),
                                                           RoleGrant(role: .dataProtection, scope: .district)])
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let api = context.api()
            let bothToken = try await api.token(for: both)
            _ = try await api.post("/cases/\(file.id)/erasure", token: bothToken, ["reason": "Antrag der Person"], .ok)
            let requestID = try #require(try await ErasureRequest.query(on: context.app.db).first()?.requireID())
            let own = try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/approve", token: bothToken)
            #expect(own.status == .unprocessableEntity && own.body.string.contains("zweite Person"))

            // A legal hold on the case stops the approval; the officer rejects with a reason.
            let officer = context.fixture.users[.dataProtection]!
            _ = try await RetentionTests.desk(context).hold(caseID: file.id, reason: "laufendes Klageverfahren", by: officer.id,
                                                            people: try context.app.knownPeople(audit: context.app.audit(requestID: "test")))
            let token = try await api.token(for: officer)
            let held = try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/approve", token: token)
            #expect(held.status == .unprocessableEntity && held.body.string.contains("laufendes Klageverfahren"))
            let browser = context.browser()
            try await browser.signIn(officer)
            let reject = SiteURL.erasureReject(.value(requestID)).path
            #expect(try await browser.get(reject).status == .ok)
            let empty = try await browser.post(reject, [("reason", "")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Bitte geben Sie den Grund der Ablehnung ein"))
            // The decision itself over the API: a reason is needed there too.
            let unexplained = try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/reject", token: token, json: ["reason": " "])
            #expect(unexplained.status == .unprocessableEntity)
            let answer = try #require(try api.json(try await api.request(.POST, "/api/v1/erasure-requests/\(requestID)/reject", token: token,
                                                                         json: ["reason": "Aufbewahrungspflicht wegen laufenden Klageverfahrens"])) as? [String: Any])
            #expect(answer["status"] as? String == "rejected" && answer["decisionReason"] as? String != nil)
            let rejected = try #require(try await ErasureRequest.find(requestID, on: context.app.db))
            #expect(rejected.status == .rejected && rejected.decisionReason == "Aufbewahrungspflicht wegen laufenden Klageverfahrens")
            #expect(try await CaseFile.find(file.id, on: context.app.db)?.erasedOn == nil)
            let actions = Set(try await AuditEntry.query(on: context.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: [AuditAction.erasureRequested.rawValue, AuditAction.erasureRejected.rawValue]))
        }
    }
}
