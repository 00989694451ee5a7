import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 16, part 4: the case manager hands a pre-check over to the office responsible for the
/// client's municipality, only with the client's waiver naming that office; the office sees what
/// was handed over and nothing else (each read audited), reports back, and the case manager sees
/// it; the other office sees nothing; a withdrawn waiver stops the exchange at once.
@Suite struct HandoverTests {
    /// Two offices as in the seed: the town's (municipality 1, the fixture's office user) and the
    /// Kreis's (municipality 2, an office user of its own), each with its directory entry.
    struct Offices {
        let stadt: ImmigrationOffice
        let kreis: ImmigrationOffice
        let kreisOfficer: TestUser
        let stadtProvider: UUID
        let checklist: RequirementChecklist
    }

    static func provider(_ context: TestContext, _ name: String, towns: [UUID]) async throws -> UUID {
        let provider = Provider()
        (provider.districtID, provider.name, provider.kind) = (context.fixture.districtA, name, .authority)
        (provider.phone, provider.email, provider.website, provider.address) = ("", "", "", "")
        (provider.municipalityIDs, provider.isActive) = (towns, true)
        try await provider.create(on: context.app.db)
        return try provider.requireID()
    }

    static func offices(_ context: TestContext) async throws -> Offices {
        let f = context.fixture
        let kreisOfficer = try await Fixture.makeUser(context.app, username: "a.kreisabh", districtID: f.districtA,
                                                      grants: [RoleGrant(role: .immigrationOffice, scope: .district)])
        let stadtProvider = try await provider(context, "ABH der Stadt", towns: [f.municipalityA1])
        let kreisProvider = try await provider(context, "ABH des Kreises", towns: [f.municipalityA2])
        let admin = AccessScope.operatorCommand(.administerOrganisation, districtID: f.districtA)
        let stadt = try await OfficeService.save(.init(name: "ABH der Stadt", kinds: [.residence, .naturalisation], municipalityIDs: [f.municipalityA1],
                                                       memberIDs: [f.users[.immigrationOffice]!.id], providerID: stadtProvider),
                                                 id: nil, admin, audit: context.app.audit(requestID: "test"), on: context.app.db)
        let kreis = try await OfficeService.save(.init(name: "ABH des Kreises", kinds: [.residence, .naturalisation], municipalityIDs: [f.municipalityA2],
                                                       memberIDs: [kreisOfficer.id], providerID: kreisProvider),
                                                 id: nil, admin, audit: context.app.audit(requestID: "test"), on: context.app.db)
        let checklist = try await ChecklistDesk(scope: .operatorCommand(.maintainRequirements, districtID: f.districtA), db: context.app.db,
                                                audit: context.app.audit(requestID: "test"), now: context.clock.now, actorID: f.users[.immigrationOffice]!.id)
            .create(.init(procedure: .sustainableIntegration, title: "§ 25b", validFrom: "2024-01-01",
                          items: [.init(title: "Sechs Jahre Voraufenthalt"), .init(title: "Deutsch A2")]), officeID: try stadt.requireID())
        return Offices(stadt: stadt, kreis: kreis, kreisOfficer: kreisOfficer, stadtProvider: stadtProvider, checklist: checklist)
    }

    @Test func theSeedsPathFromPreCheckToGrantedAndNothingForTheOtherOffice() async throws {
        try await withLotse { context in
            let f = context.fixture
            let o = try await Self.offices(context)
            let file = try await RetentionTests.fullCase(context, provider: try await RetentionTests.provider(context), firstContact: false, close: false)
            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            let started = try await api.post("/cases/\(file.id)/pre-check", token: token, ["checklistId": try o.checklist.requireID().uuidString], .ok)
            let preCheckID = try #require((started["preChecks"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await api.post("/cases/\(file.id)/pre-checks/\(preCheckID)", token: token,
                                   ["answers": [["status": "met", "note": "seit 2018"], ["status": "notMet", "note": "Kurs läuft", "reviewOn": "2027-03-01"]]], .ok)

            // Without the waiver for the town's office nothing goes, and the page says so first.
            let manager = context.browser()
            try await manager.signIn(f.caseManager)
            let form = SiteURL.caseStep(.value(file.id), .preCheckHandover(.value(UUID(uuidString: preCheckID)!))).path
            let preview = try await manager.get(form).body.string
            #expect(preview.contains("„ABH der Stadt“") && preview.contains("Achtung") && preview.contains("keine Schweigepflichtentbindung"))
            let blocked = try await api.post("/cases/\(file.id)/pre-checks/\(preCheckID)/handover", token: token, [:], .unprocessableEntity)
            #expect("\(blocked)".contains("Für „ABH der Stadt“ liegt keine Schweigepflichtentbindung vor"))
            #expect(try await OfficeHandover.query(on: context.app.db).count() == 0)

            // The client signs the waiver for the town's office; the case manager hands over.
            let today = context.caseDesk().today
            _ = try await api.post("/cases/\(file.id)/disclosure", token: token, ["recipientProviderId": o.stadtProvider.uuidString, "purpose": "Bleiberecht",
                                                                                   "status": "given", "method": "signedForm", "givenOn": today], .created)
            #expect(try await manager.get(form).body.string.contains("Eine gültige Schweigepflichtentbindung für diese Behörde liegt vor"))
            let handed = try await manager.post(form, [])
            #expect(handed.status == .seeOther && (handed.headers.first(name: .location) ?? "").contains("hinweis=uebergeben"))
            let handover = try #require(try await OfficeHandover.query(on: context.app.db).first())
            #expect(handover.officeID == o.stadt.id && handover.status == .handedOver && handover.procedure == .sustainableIntegration)
            #expect(!(handover.sealedContent ?? "").contains(file.canary) && !(handover.sealedContent ?? "").contains("Kurs läuft"), "sealed with the client's key")
            let handoverID = try handover.requireID()

            // The town's office: the list names nobody; opening is a read of personal data, audited.
            let officer = f.users[.immigrationOffice]!
            let officeToken = try await api.token(for: officer)
            let list = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers", token: officeToken)) as? [[String: Any]])
            #expect(list.count == 1 && list[0]["readable"] as? Bool == true && !"\(list)".contains(file.canary))
            let read = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers/\(handoverID)", token: officeToken)) as? [String: Any])
            #expect((read["person"] as? [String: Any])?["familyName"] as? String == file.canary)
            #expect((read["items"] as? [[String: Any]])?.map { $0["note"] as? String } == ["seit 2018", "Kurs läuft"])
            #expect(!"\(read)".contains("Notiz \(file.canary)"), "nothing else of the case: not the contact note")
            let reads = try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.handoverRead.rawValue).all()
            #expect(reads.count == 1 && reads[0].actorID == officer.id && reads[0].objectID == handoverID.uuidString)
            #expect(try await context.api().request(.GET, "/api/v1/cases/\(file.id)", token: officeToken).status == .forbidden, "never the case itself")

            // Feedback in the browser: a wrong day is refused in German, with the note kept.
            let office = context.browser()
            try await office.signIn(officer)
            let page = SiteURL.officeHandover(.value(handoverID)).path
            let shown = try await office.get(page).body.string
            #expect(shown.contains(file.canary) && shown.contains("Rückmeldung an das Case Management"))
            let feedback = SiteURL.officeHandoverFeedback(.value(handoverID)).path
            let future = try await office.post(feedback, [("status", "applicationFiled"), ("happenedOn", "2099-01-01"), ("note", "Pass fehlt")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("nicht in der Zukunft") && future.body.string.contains("Pass fehlt"))
            #expect(try await office.post(feedback, [("status", "applicationFiled"), ("happenedOn", today), ("note", "Antrag liegt vor")]).status == .seeOther)
            _ = try await api.post("/office/handovers/\(handoverID)/feedback", token: officeToken, ["status": "granted", "happenedOn": today], .ok)
            let late = try await api.post("/office/handovers/\(handoverID)/feedback", token: officeToken, ["status": "refused", "happenedOn": today],
                                          .unprocessableEntity)
            #expect("\(late)".contains("bereits abgeschlossen"))

            // The case manager sees it in the case.
            let detail = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: token)) as? [String: Any])
            let seen = try #require((detail["handovers"] as? [[String: Any]])?.first)
            #expect((seen["status"] as? [String: Any])?["code"] as? String == "granted" && seen["office"] as? String == "ABH der Stadt")
            #expect((seen["events"] as? [[String: Any]])?.compactMap { ($0["status"] as? [String: Any])?["code"] as? String }
                    == ["handedOver", "applicationFiled", "granted"])
            #expect((seen["events"] as? [[String: Any]])?.contains { $0["note"] as? String == "Antrag liegt vor" } == true)
            let casePage = try await manager.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(casePage.contains("Übergabe an ABH der Stadt") && casePage.contains("erteilt / eingebürgert"))

            // The Kreis's office sees nothing of it: an empty list, and the handover is not there.
            let kreisToken = try await api.token(for: o.kreisOfficer)
            let kreisList = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers", token: kreisToken)) as? [[String: Any]])
            #expect(kreisList.isEmpty)
            let foreign = try await api.request(.GET, "/api/v1/office/handovers/\(handoverID)", token: kreisToken)
            #expect(foreign.status == .notFound && !foreign.body.string.contains(file.canary))
            _ = try await api.post("/office/handovers/\(handoverID)/feedback", token: kreisToken, ["status": "refused", "happenedOn": today], .notFound)
            let withoutOffice = try await Fixture.makeUser(context.app, username: "a.ohnebehoerde", districtID: f.districtA,
                                                           grants: [RoleGrant(role: .immigrationOffice, scope: .district)])
            let none = try await api.request(.GET, "/api/v1/office/handovers", token: try await api.token(for: withoutOffice))
            #expect(none.status == .notFound && none.body.string.contains("Sie gehören zu keiner Behörde"))
            let kreisBrowser = context.browser()
            try await kreisBrowser.signIn(o.kreisOfficer)
            #expect(try await kreisBrowser.get(page).status == .notFound)
        }
    }

    @Test func aWithdrawnWaiverStopsTheOfficeAtOnce() async throws {
        try await withLotse { context in
            let f = context.fixture
            let o = try await Self.offices(context)
            let file = try await RetentionTests.fullCase(context, provider: try await RetentionTests.provider(context), firstContact: false, close: false)
            let desk = context.caseDesk()
            let waiver = try await desk.recordConsent(.init(kind: .disclosure, status: .given, method: .signedForm, givenOn: desk.today,
                                                            recipientProviderID: o.stadtProvider, purpose: "Bleiberecht"), caseID: file.id)
            let check = try await desk.startPreCheck(checklistID: try o.checklist.requireID(), caseID: file.id)
            let handover = try await desk.handOver(preCheckID: try check.requireID(), caseID: file.id)
            // Handing over again while the procedure is open renews what the office sees, not a second handover.
            try await desk.answerPreCheck([.init(status: .met, note: "nachgewiesen")], preCheckID: try check.requireID(), caseID: file.id)
            try await desk.handOver(preCheckID: try check.requireID(), caseID: file.id)
            #expect(try await OfficeHandover.query(on: context.app.db).count() == 1)

            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            _ = try await api.post("/cases/\(file.id)/consents/\(try waiver.requireID())/withdraw", token: token, [:], .ok)
            let officeToken = try await api.token(for: f.users[.immigrationOffice]!)
            let read = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers/\(try handover.requireID())", token: officeToken))
                as? [String: Any])
            #expect(read["readable"] as? Bool == false && read["person"] == nil && (read["items"] as? [Any])?.isEmpty == true)
            #expect((read["blockedReason"] as? String)?.contains("gilt nicht mehr") == true && !"\(read)".contains(file.canary) && !"\(read)".contains("nachgewiesen"))
            let refused = try await api.post("/office/handovers/\(try handover.requireID())/feedback", token: officeToken,
                                             ["status": "received", "happenedOn": desk.today], .unprocessableEntity)
            #expect("\(refused)".contains("Rückmeldungen sind nicht mehr möglich"))
            let blockedReads = try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.handoverReadBlocked.rawValue).count()
            #expect(blockedReads == 1)
            let detail = try #require(try api.json(try await api.request(.GET, "/api/v1/cases/\(file.id)", token: token)) as? [String: Any])
            #expect((detail["handovers"] as? [[String: Any]])?.first?["disclosureStopped"] as? Bool == true)
            // A new handover needs a new waiver.
            _ = try await api.post("/cases/\(file.id)/pre-checks/\(try check.requireID())/handover", token: token, [:], .unprocessableEntity)

            // A restricted case stops the office too; anonymisation leaves only the codes.
            _ = try await api.post("/cases/\(file.id)/disclosure", token: token, ["recipientProviderId": o.stadtProvider.uuidString, "purpose": "neu",
                                                                                   "status": "given", "method": "signedForm", "givenOn": desk.today], .created)
            _ = try await api.post("/cases/\(file.id)/pre-checks/\(try check.requireID())/handover", token: token, [:], .ok)
            _ = try await api.post("/cases/\(file.id)/restriction", token: token, ["reason": "Klärung"], .ok)
            _ = try await api.post("/cases/\(file.id)/pre-checks/\(try check.requireID())/handover", token: token, [:], .conflict)
            let restricted = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers/\(try handover.requireID())", token: officeToken))
                as? [String: Any])
            #expect((restricted["blockedReason"] as? String)?.contains("eingeschränkt") == true && restricted["person"] == nil)
            _ = try await api.post("/cases/\(file.id)/restriction/lift", token: token, ["reason": "geklärt", "personInformed": true], .ok)
            _ = try await api.post("/cases/\(file.id)/close", token: token, ["reason": "goalsReached", "goalAttainment": "full"], .ok)
            let closed = try #require(try await CaseFile.find(file.id, on: context.app.db))
            _ = try await CaseAnonymiser(db: context.app.db, vault: desk.vault, audit: context.app.audit(requestID: "test"), today: desk.today).anonymise([closed])
            let kept = try #require(try await OfficeHandover.find(handover.id, on: context.app.db))
            #expect(kept.sealedContent == nil && kept.consentID == nil && kept.procedure == .sustainableIntegration && kept.handedOverOn.hasSuffix("-01"))
            let gone = try #require(try api.json(try await api.request(.GET, "/api/v1/office/handovers/\(try handover.requireID())", token: officeToken))
                as? [String: Any])
            #expect((gone["blockedReason"] as? String)?.contains("gelöscht") == true)
        }
    }
}
