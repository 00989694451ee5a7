import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 2: a refusal the user can resolve leads to the place that resolves it and comes
/// back with the input intact; searching never clears what was typed; the forms to sign can be
/// printed before anything is recorded.
@Suite struct NoDeadEndTests {
    /// A case with consent and a client, and a directory entry without a waiver.
    static func caseWithClient(_ context: TestContext) async throws -> (caseID: UUID, provider: UUID, service: UUID, token: String) {
        let (provider, service) = try await DirectoryFixture.entry(context, towns: [context.fixture.municipalityA1])
        let (caseID, token) = try await openedCase(context)
        let api = context.api()
        let today = GermanFormat.isoDay(context.clock.now)
        _ = try await api.post("/cases/\(caseID)/consent", token: token, ["status": "given", "method": "signedForm", "givenOn": today], .created)
        _ = try await api.post("/cases/\(caseID)/client", token: token, ["givenNames": "Lina", "familyName": "Ohnesackgasse", "birthDate": "1990-01-01"], .created)
        return (caseID, provider, service, token)
    }

    /// A case just opened over the API by the fixture's case manager, nothing recorded in it yet.
    static func openedCase(_ context: TestContext) async throws -> (caseID: UUID, token: String) {
        let api = context.api()
        let token = try await api.token(for: context.fixture.caseManager)
        let opened = try await api.post("/cases", token: token, ["municipalityId": context.fixture.municipalityA1.uuidString,
                                                                 "openedOn": GermanFormat.isoDay(context.clock.now), "accessChannel": "walkIn"], .created)
        let caseText = try #require(opened["id"] as? String)
        return (try #require(UUID(uuidString: caseText)), token)
    }

    @Test func theRefusedReferralRecordsTheWaiverAndComesBackFilledIn() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (caseID, provider, service, _) = try await Self.caseWithClient(context)
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let path = SiteURL.caseReferral(.value(caseID)).path
            _ = try await browser.get(path)
            let referral: [(String, String)] = [("serviceId", service.uuidString), ("lifeDomain", "work"), ("reason", "Anerkennung des Abschlusses"),
                                                ("handoverItems", "contactData"), ("handoverItems", "documents"), ("status", "handedOver"), ("q", ""), ("bereich", "")]

            // Searching keeps what was typed.
            let searched = try await browser.post(path, referral.filter { $0.0 != "q" } + [("q", "Träger"), ("schritt", "suchen")])
            #expect(searched.status == .ok)
            let found = searched.body.string
            #expect(found.contains(">Anerkennung des Abschlusses</textarea>") && found.contains("value=\"Träger\""))
            #expect(found.contains("id=\"handoverItems-documents\" name=\"handoverItems\" value=\"documents\" checked"))
            #expect(try await Referral.query(on: context.app.db).count() == 0)

            // Saving is refused for want of a waiver; the refusal offers to record it.
            let refused = try await browser.post(path, referral)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Schweigepflichtentbindung für „") && refused.body.string.contains("name=\"schritt\" value=\"entbindung\""))

            // The waiver's page names the organisation, offers the form to print, and carries the referral.
            let waiverPage = try await browser.post(path, referral + [("schritt", "entbindung")])
            let waiver = waiverPage.body.string
            #expect(waiverPage.status == .ok && waiver.contains("Die Verweisung mit „"))
            #expect(waiver.contains("name=\"weiter-reason\" value=\"Anerkennung des Abschlusses\"") && waiver.contains("name=\"weiter-handoverItems\" value=\"documents\""))
            #expect(waiver.contains("/disclosure-form/de?stelle=\(provider.uuidString)"))

            // An incomplete waiver is refused and keeps both the waiver's and the referral's input.
            let carried = referral.map { ("weiter-" + $0.0, $0.1) }
            let waiverAddress = SiteURL.caseWaiver(.value(caseID)).path
            let incomplete = try await browser.post(waiverAddress, carried + [("recipientProviderId", provider.uuidString), ("purpose", "Anerkennung")])
            #expect(incomplete.status == .unprocessableEntity && incomplete.body.string.contains("name=\"weiter-reason\" value=\"Anerkennung des Abschlusses\""))
            #expect(incomplete.body.string.contains(">Anerkennung</textarea>"))

            let waived = try await browser.post(waiverAddress, carried + [("recipientProviderId", provider.uuidString), ("purpose", "Anerkennung"),
                                                                          ("status", "given"), ("method", "signedForm"), ("givenOn", GermanFormat.isoDay(context.clock.now))])
            let back = waived.body.string
            #expect(waived.status == .ok && back.contains("ist festgehalten. Prüfen Sie die Verweisung und speichern Sie sie."))
            #expect(back.contains(">Anerkennung des Abschlusses</textarea>") && back.contains("value=\"\(service.uuidString)\" checked"))
            // Sent twice (a reload), it records no second waiver.
            _ = try await browser.post(waiverAddress, carried + [("recipientProviderId", provider.uuidString), ("purpose", "Anerkennung"),
                                                                 ("status", "given"), ("method", "signedForm"), ("givenOn", GermanFormat.isoDay(context.clock.now))])
            #expect(try await Consent.query(on: context.app.db).filter(\.$kind == .disclosure).count() == 1)

            let saved = try await browser.post(path, referral)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await Referral.query(on: context.app.db).first())
            #expect(stored.status == .handedOver && stored.handoverItems == [.contactData, .documents])

            // "Back without a waiver" returns to the referral, filled in, and records nothing.
            let returned = try await browser.post(waiverAddress, carried + [("schritt", "zurueck")])
            #expect(returned.status == .ok && returned.body.string.contains(">Anerkennung des Abschlusses</textarea>"))
            #expect(try await Consent.query(on: context.app.db).filter(\.$kind == .disclosure).count() == 1)
        }
    }

    @Test func aWaiverOfAnotherDistrictsOrganisationIsNotOfferedOrRecorded() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (caseID, _, _, _) = try await Self.caseWithClient(context)
            let foreign = Provider()
            foreign.districtID = f.districtB
            (foreign.name, foreign.kind, foreign.phone, foreign.email, foreign.website, foreign.address) = ("Fremder Träger", .counsellingService, "", "", "", "")
            (foreign.municipalityIDs, foreign.isActive) = ([f.municipalityB1], true)
            try await foreign.create(on: context.app.db)
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let path = SiteURL.caseReferral(.value(caseID)).path
            _ = try await browser.get(path)
            let asked = try await browser.post(path, [("providerId", try foreign.requireID().uuidString), ("schritt", "entbindung"), ("reason", "Text")])
            #expect(asked.status == .unprocessableEntity && asked.body.string.contains("Bitte wählen Sie zuerst"))
            let posted = try await browser.post(SiteURL.caseWaiver(.value(caseID)).path,
                                                [("recipientProviderId", try foreign.requireID().uuidString), ("purpose", "x"), ("status", "given"),
                                                 ("method", "signedForm"), ("givenOn", GermanFormat.isoDay(context.clock.now))])
            #expect(posted.status == .notFound)
            #expect(try await Consent.query(on: context.app.db).filter(\.$kind == .disclosure).count() == 0)
        }
    }

    @Test func theWaiverCanBePrintedBeforeAnythingIsRecorded() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (caseID, provider, _, _) = try await Self.caseWithClient(context)
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let step = try await browser.get(SiteURL.caseStep(.value(caseID), .disclosure).path).body.string
            let blank = SiteURL.caseBlankDisclosureForm(.value(caseID), language: .value("de")).path
            #expect(step.contains("href=\"\(blank)\""))
            let empty = try await browser.get(blank).body.string
            #expect(empty.contains("Schweigepflichtentbindung") && empty.contains("Ohnesackgasse") && empty.contains("class=\"fill-line\""))
            let named = try await browser.get(blank + "?stelle=\(provider.uuidString)").body.string
            let name = try #require(try await Provider.find(provider, on: context.app.db)).name
            #expect(named.contains("<strong>\(name)</strong>"))
            let english = try await browser.get(SiteURL.caseBlankDisclosureForm(.value(caseID), language: .value("en")).path).body.string
            #expect(english.contains("Release from confidentiality"))
            #expect(try await browser.get(SiteURL.caseBlankDisclosureForm(.value(caseID), language: .value("xx")).path).status == .notFound)
        }
    }
}

extension NoDeadEndTests {
    /// A step refused because something comes first links to the page that does that first thing.
    @Test func aRefusedStepLinksToWhatComesFirst() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let today = GermanFormat.isoDay(context.clock.now)
            let (caseID, token) = try await Self.openedCase(context)
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let noConsent = try await browser.get(SiteURL.caseStep(.value(caseID), .goal).path)
            #expect(noConsent.status == .conflict && noConsent.body.string.contains("<h1>Das ist gerade nicht möglich</h1>"))
            #expect(noConsent.body.string.contains("href=\"\(SiteURL.caseStep(.value(caseID), .consent).path)\">Einverständniserklärung erfassen</a>"))
            let noClientForm = try await browser.get(SiteURL.caseClient(.value(caseID)).path)
            #expect(noClientForm.body.string.contains(">Einverständniserklärung erfassen</a>"))

            let desk = context.caseDesk()
            try await desk.recordIntake(.informationOnly, caseID: caseID)
            try await desk.close(.init(reason: .intakeCompleted, goalAttainment: .notApplicable), caseID: caseID)
            let closed = try await browser.get(SiteURL.caseStep(.value(caseID), .goal).path)
            #expect(closed.status == .conflict && closed.body.string.contains("href=\"\(SiteURL.caseStep(.value(caseID), .reopen).path)\">Fall "))
            // The API answers with the reason alone.
            let viaAPI = try await api.request(.POST, "/api/v1/cases/\(caseID)/goal", token: token, json: ["lifeDomain": "work", "description": "x", "agreedOn": today])
            #expect(viaAPI.status == .conflict && !viaAPI.body.string.contains("href"))
        }
    }
}

extension NoDeadEndTests {
    /// The case conference: an organisation without a waiver is offered its waiver, and the
    /// conference comes back as it was typed.
    @Test func theConferenceRecordsAMissingWaiverAndComesBackFilledIn() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (caseID, provider, _, _) = try await Self.caseWithClient(context)
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let path = SiteURL.caseStep(.value(caseID), .conference).path
            _ = try await browser.get(path)
            let conference: [(String, String)] = [("level", "municipal"), ("heldOn", GermanFormat.isoDay(context.clock.now)), ("participants", provider.uuidString),
                                                  ("minutes", "Absprache zur Wohnungssuche"), ("action1-what", "Termin vereinbaren"), ("action1-who", "Beratung"),
                                                  ("action1-dueOn", GermanFormat.isoDay(context.clock.now))]
            let refused = try await browser.post(path, conference)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("name=\"entbindung-fuer\" value=\"\(provider)\""))
            let detour = try await browser.post(path, conference + [("entbindung-fuer", provider.uuidString)])
            #expect(detour.status == .ok && detour.body.string.contains("Die Fallkonferenz mit „") && detour.body.string.contains("name=\"herkunft\" value=\"fallkonferenz\""))
            #expect(detour.body.string.contains("name=\"weiter-minutes\" value=\"Absprache zur Wohnungssuche\""))
            let carried = conference.map { ("weiter-" + $0.0, $0.1) }
            let back = try await browser.post(SiteURL.caseWaiver(.value(caseID)).path, carried + [("herkunft", "fallkonferenz"), ("recipientProviderId", provider.uuidString),
                                                                                                  ("purpose", "Fallkonferenz"), ("status", "given"), ("method", "signedForm"),
                                                                                                  ("givenOn", GermanFormat.isoDay(context.clock.now))])
            let page = back.body.string
            #expect(back.status == .ok && page.contains("Fallkonferenz festhalten") && page.contains(">Absprache zur Wohnungssuche</textarea>")
                    && page.contains("value=\"Termin vereinbaren\"") && page.contains("Prüfen Sie die Fallkonferenz"))
            #expect(!page.contains("name=\"entbindung-fuer\""), "the waiver is there now")
            let saved = try await browser.post(path, conference)
            #expect(saved.status == .seeOther, "\(saved.body.string.components(separatedBy: "fehler-titel").dropFirst(2).first?.prefix(500) ?? "")")
            #expect(try await CaseConference.query(on: context.app.db).filter(\.$caseFileID == caseID).count() == 1)
        }
    }
}
