import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Helpers for walking a case through the browser.
extension Browser {
    /// The case id from the redirect after opening a case.
    func caseID(from response: TestingHTTPResponse) throws -> UUID {
        let location = try #require(response.headers.first(name: .location))
        return try #require(UUID(uuidString: String(location.dropFirst(SiteURL.cases.path.count + 1).prefix(36))))
    }

    /// Posts a step and expects the redirect back to the case page.
    @discardableResult
    func step(_ caseID: UUID, _ path: String, _ fields: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse {
        let response = try await post(SiteURL.caseFile(.value(caseID)).path + "/" + path, fields)
        #expect(response.status == .seeOther, "\(path): \(response.body.string.prefix(3000))", sourceLocation: sourceLocation)
        return response
    }
}

@Suite struct CaseWorkTests {
    @Test func aCaseGoesFromBriefContactThroughConsentReferralConferenceAndReviewToClosure() async throws {
        try await withLotse { context in
            let f = context.fixture
            let db = context.app.db
            let (jobcenter, _) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)

            // A brief contact: no personal data, then turned into a case.
            let badContact = try await cm.post(SiteURL.newBriefContact.path, [("municipalityId", f.municipalityA1.uuidString), ("contactOn", "31.02.2026")])
            #expect(badContact.status == .unprocessableEntity)
            #expect(badContact.body.string.contains("kein gültiges Datum") && badContact.body.string.contains("mindestens ein Thema"))
            #expect(badContact.body.string.contains("value=\"31.02.2026\""), "what was entered is kept")
            let contact = try await cm.post(SiteURL.newBriefContact.path, [("municipalityId", f.municipalityA1.uuidString), ("contactOn", today),
                                                                    ("accessChannel", "officeHours"), ("lifeDomains", "work"), ("lifeDomains", "residence"),
                                                                    ("outcome", "appointmentMade")])
            #expect(contact.status == .seeOther)
            let briefContact = try #require(try await BriefContact.query(on: db).first())
            let opened = try await cm.post("/brief-contacts/\(try briefContact.requireID())/case")
            let caseID = try cm.caseID(from: opened)
            var page = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(page.contains("Noch keine Einverständniserklärung") && page.contains("/consent-form/de") && page.contains("/consent-form/en"))
            #expect(page.contains("Ebene 1: Sprechstunde") && page.contains("Arbeit"))

            // No person before consent; the printable form exists in German and English.
            #expect(try await cm.get(SiteURL.caseClient(.value(caseID)).path).status == .conflict)
            #expect(try await cm.post(SiteURL.caseStep(.value(caseID), .goal).path, [("lifeDomain", "work"), ("description", "x"), ("agreedOn", today)]).status == .conflict)
            let printed = try await cm.get(SiteURL.caseConsentForm(.value(caseID), language: .value("en")).path).body.string
            #expect(printed.contains("lang=\"en\"") && printed.contains("Consent to case management"))
            #expect(try await cm.get("/cases/\(caseID)/consent-form/xx").status == .notFound)
            try await cm.step(caseID, "consent", [("status", "given"), ("method", "signedForm"), ("givenOn", today)])

            // The client, encrypted; a second person with a name spelled differently is offered as a duplicate.
            try await cm.step(caseID, "client", [("givenNames", "Mohammed"), ("familyName", "Al-Rashid"), ("birthDate", "1990-05-04"),
                                                 ("gender", "male"), ("nationalities", "syrisch"), ("languages", "Arabisch, Deutsch"),
                                                 ("interpreterNeeded", "on"), ("phone", "0151 2345678"), ("address", "Lindenweg 4, Altdorf")])
            page = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(page.contains("Mohammed Al-Rashid") && page.contains("04.05.1990") && page.contains("Sprachmittlung nötig"))
            let second = try cm.caseID(from: try await cm.post(SiteURL.newCase.path, [("municipalityId", f.municipalityA1.uuidString), ("openedOn", today),
                                                                              ("accessChannel", "jobcenter"), ("referringParty", "Jobcenter Testhausen")]))
            try await cm.step(second, "consent", [("status", "given"), ("method", "signedForm"), ("givenOn", today)])
            let duplicate = try await cm.post(SiteURL.caseClient(.value(second)).path, [("givenNames", "Muhamad"), ("familyName", "Alrashid"), ("birthDate", "04.05.1990"), ("gender", "male")])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("Mögliche Dubletten") && duplicate.body.string.contains("Mohammed Al-Rashid"))
            #expect(duplicate.body.string.contains("value=\"Muhamad\""), "what was entered is kept")
            try await cm.step(second, "client", [("givenNames", "Muhamad"), ("familyName", "Alrashid"), ("birthDate", "04.05.1990"), ("gender", "male"), ("confirmNew", "on")])
            let secondNumber = try #require(try await CaseFile.find(second, on: db)).number
            try await cm.step(caseID, "household", [("memberCaseNumber", secondNumber)])
            try await cm.step(caseID, "legal-domain", [("legalDomain", "asylblg"), ("beganOn", "2025-01-10")])
            try await cm.step(caseID, "legal-domain", [("legalDomain", "sgb2"), ("beganOn", today), ("replaces", "asylblg")])
            page = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(page.contains("Wechsel aus AsylbLG") && page.contains("Muhamad Alrashid") && page.contains(secondNumber), "the household member with their case")

            // Intake, then the phases in order; skipping is refused with a reason.
            let skip = try await cm.post(SiteURL.caseStep(.value(caseID), .phase).path, [("phase", "assessment")])
            #expect(skip.status == .unprocessableEntity && skip.body.string.contains("Ergebnis des Erstgesprächs"))
            try await cm.step(caseID, "intake", [("intakeOutcome", "caseManagement")])
            #expect(try await CaseFile.find(caseID, on: db)?.phase == .assessment, "the intake result moves the case on by itself")
            try await cm.step(caseID, "assessment", [("lifeDomain", "work"), ("priority", "high"), ("situation", "Sucht Arbeit als Elektriker"),
                                                     ("needs", "Anerkennung des Abschlusses"), ("resources", "Berufserfahrung")])
            try await cm.step(caseID, "phase", [("phase", "goalAgreement")])
            try await cm.step(caseID, "goal", [("lifeDomain", "work"), ("description", "Abschluss anerkennen lassen"), ("agreedOn", today)])
            let goal = try #require(try await Goal.query(on: db).first())
            try await cm.step(caseID, "action", [("goalId", try goal.requireID().uuidString), ("what", "Zeugnisse übersetzen lassen"), ("who", "Klient"),
                                                 ("dueOn", GermanFormat.isoDay(context.clock.now.addingTimeInterval(-86_400)))])
            try await cm.step(caseID, "phase", [("phase", "serviceLinking")])

            // A referral that hands data over is blocked without the Schweigepflichtentbindung, and allowed with it.
            let referralFields: [(String, String)] = [("providerId", jobcenter.uuidString), ("lifeDomain", "work"), ("reason", "Anerkennungsberatung"),
                                                      ("handoverItems", "contactData"), ("status", "handedOver")]
            let blocked = try await cm.post(SiteURL.caseReferral(.value(caseID)).path, referralFields)
            #expect(blocked.status == .unprocessableEntity)
            #expect(blocked.body.string.contains("keine Schweigepflichtentbindung vor"), "the message names what is missing")
            #expect(blocked.body.string.contains("Anerkennungsberatung"), "nothing entered is lost")
            #expect(try await Referral.query(on: db).count() == 0)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "consent.disclosureBlocked").count() == 1)
            try await cm.step(caseID, "disclosure", [("recipientProviderId", jobcenter.uuidString), ("purpose", "Anerkennung"), ("status", "given"),
                                                     ("method", "signedForm"), ("givenOn", today)])
            try await cm.step(caseID, "referral", referralFields)
            let referral = try #require(try await Referral.query(on: db).first())
            #expect(referral.consentID != nil && referral.status == .handedOver)

            // The case conference: participants are checked against the consents.
            let (other, _) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let refused = try await cm.post(SiteURL.caseStep(.value(caseID), .conference).path, [("level", "municipal"), ("heldOn", today), ("participants", jobcenter.uuidString),
                                                                            ("participants", other.uuidString), ("minutes", "Absprache")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("keine Schweigepflichtentbindung vor"))
            try await cm.step(caseID, "conference", [("level", "municipal"), ("heldOn", today), ("participants", jobcenter.uuidString), ("minutes", "Absprache"),
                                                     ("action1-what", "Termin beim Jobcenter"), ("action1-who", "Jobcenter"), ("action1-dueOn", today)])
            #expect(try await CaseAction.query(on: db).filter(\.$conferenceID != nil).count() == 1, "agreed actions become actions of the case")

            // Withdrawal takes effect at once: the next handover to the same organisation is blocked.
            let consent = try #require(try await Consent.query(on: db).filter(\.$kind == .disclosure).first())
            let confirm = try await cm.get(SiteURL.caseConsentWithdrawal(.value(caseID), consent: .value(try consent.requireID())).path).body.string
            #expect(confirm.contains("Was der Widerruf bewirkt"))
            #expect(try await cm.post(SiteURL.caseConsentWithdrawal(.value(caseID), consent: .value(try consent.requireID())).path).status == .seeOther)
            let afterWithdrawal = try await cm.post(SiteURL.caseReferral(.value(caseID)).path, referralFields)
            #expect(afterWithdrawal.status == .unprocessableEntity && afterWithdrawal.body.string.contains("widerrufen"))

            // Monitoring: a review that leads back to assessment; contacts; a finding with a warning.
            try await cm.step(caseID, "phase", [("phase", "monitoring")])
            try await cm.step(caseID, "review", [("dueOn", today)])
            let due = try await cm.get("/cases/due").body.string
            #expect(due.contains("Wiedervorlage") && due.contains("Zeugnisse übersetzen lassen") && due.contains("überfällig"))
            let review = try #require(try await Review.query(on: db).first())
            try await cm.step(caseID, "reviews/\(try review.requireID())", [("heldOn", today), ("progress-\(try goal.requireID())", "Übersetzung liegt vor"),
                                                                           ("leadsToReassessment", "on")])
            #expect(try #require(try await CaseFile.find(caseID, on: db)).phase == .assessment)
            try await cm.step(caseID, "contact", [("contactOn", today), ("kind", "phone"), ("minutes", "15"), ("note", "Rückruf")])
            let warned = try await cm.post(SiteURL.caseStep(.value(caseID), .finding).path, [("category", "interfaceProblem"), ("lifeDomain", "moneyAndBenefits"), ("level", "district"),
                                                                       ("legalDomains", "asylblg"), ("legalDomains", "sgb2"),
                                                                       ("description", "Frau Berger, geb. 01.02.1979, wartete sechs Wochen")])
            #expect(warned.status == .unprocessableEntity && warned.body.string.contains("Personennamen") && warned.body.string.contains("confirmedNoPersonalData"))
            try await cm.step(caseID, "finding", [("category", "interfaceProblem"), ("lifeDomain", "moneyAndBenefits"), ("level", "district"),
                                                  ("description", "Beim Wechsel AsylbLG → SGB II vergehen Wochen ohne Leistungen.")])
            #expect(try await Finding.query(on: db).count() == 1)

            // Closure after check and confirm, and reopening with a reason.
            #expect(try await cm.get(SiteURL.caseStep(.value(caseID), .close).path).body.string.contains("Was beim Abschließen geschieht"))
            try await cm.step(caseID, "close", [("reason", "goalsReached"), ("goalAttainment", "mostly"), ("evaluation", "Gut gelaufen")])
            page = try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string
            #expect(page.contains("Abgeschlossen") && page.contains("Gut gelaufen") && page.contains("Fall wieder öffnen"))
            #expect(try await cm.post(SiteURL.caseStep(.value(caseID), .goal).path, [("lifeDomain", "work"), ("description", "x"), ("agreedOn", today)]).status == .conflict)
            try await cm.step(caseID, "reopen", [("reopenReason", "Neuer Bescheid")])
            #expect(try #require(try await CaseFile.find(caseID, on: db)).phase == .assessment)

            // The coordinator sees the case by number only.
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            let list = try await ks.get(SiteURL.cases.path).body.string
            let number = try #require(try await CaseFile.find(caseID, on: db)).number
            #expect(list.contains(number) && list.contains("pseudonymisiert"))
            let pseudonym = try await ks.get(SiteURL.caseFile(.value(caseID)).path).body.string
            for secret in ["Al-Rashid", "Mohammed", "1990", "Lindenweg", "Elektriker", "Absprache", "Gut gelaufen", "0151"] {
                #expect(!list.contains(secret) && !pseudonym.contains(secret), "coordinator must not see \(secret)")
            }
            #expect(pseudonym.contains("Falleinschätzung") && pseudonym.contains(number))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.read").count() > 0)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.pseudonymRead").count() == 1)
        }
    }
}
