import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 18, part 3: the case file at a glance. The summary names the phase, what is due and the
/// one next step; saving returns to the part saved; the intake result moves the phase where the
/// rule says so; the start page shows each role what needs them today.
@Suite struct CaseAtAGlanceTests {
    @Test func theSummaryLeadsThroughTheCaseAndEverySaveReturnsToItsPart() async throws {
        try await withLotse { context in
            let f = context.fixture
            let cm = context.browser()
            try await cm.signIn(f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            let caseID = try cm.caseID(from: try await cm.post("/cases/new", [("municipalityId", f.municipalityA1.uuidString), ("openedOn", today),
                                                                              ("accessChannel", "walkIn")]))
            func page() async throws -> String { try await cm.get(SiteURL.caseFile(.value(caseID)).path).body.string }
            func nextStep(_ html: String) -> String {
                guard let start = html.range(of: "<p class=\"next-step\">"), let end = html[start.upperBound...].range(of: "</p>") else { return "" }
                return String(html[start.upperBound..<end.lowerBound])
            }
            var html = try await page()
            #expect(html.contains("Stand des Falls") && html.contains("<dt>Einverständniserklärung</dt><dd>fehlt</dd>"))
            #expect(nextStep(html).contains("href=\"\(SiteURL.caseStep(.value(caseID), .consent).path)\">Einverständniserklärung erfassen"))
            #expect(html.contains("<a href=\"#verweisungen\">Verweisungen</a>") && html.contains("id=\"verweisungen\""))

            // The intake result "case management" waits for the consent, then moves the case on by itself.
            let intake = try await cm.step(caseID, "intake", [("intakeOutcome", "caseManagement")])
            let back = try #require(intake.headers.first(name: .location))
            #expect(back == "/cases/\(caseID)?teil=phasen&hinweis=gespeichert#phasen")
            // The message stands in the part saved (where the browser scrolls to), not at the top of the page.
            let landed = try await cm.get(back).body.string
            let part = try #require(landed.range(of: "<h2 id=\"phasen\""))
            let message = try #require(landed.range(of: "Ihre Änderungen an „Fall "))
            #expect(message.lowerBound > part.lowerBound && landed.components(separatedBy: "role=\"status\"").count == 2)
            #expect(try await CaseFile.find(caseID, on: context.app.db)?.phase == .intake)
            let consent = try await cm.step(caseID, "consent", [("status", "given"), ("method", "signedForm"), ("givenOn", today)])
            #expect(consent.headers.first(name: .location)?.hasSuffix("#erklaerungen") == true)
            #expect(try await CaseFile.find(caseID, on: context.app.db)?.phase == .assessment)
            html = try await page()
            #expect(nextStep(html).contains("Klient*in erfassen"))
            let client = try await cm.post(SiteURL.caseClient(.value(caseID)).path, [("givenNames", "Ada"), ("familyName", "Überblick"), ("gender", "female")])
            #expect(client.headers.first(name: .location)?.hasSuffix("#person") == true)
            html = try await page()
            #expect(nextStep(html).contains("Falleinschätzung erfassen") && html.contains("<dt>Phase</dt><dd>Falleinschätzung, seit 0 Tagen</dd>"))

            try await cm.step(caseID, "assessment", [("lifeDomain", "work"), ("priority", "high"), ("situation", "sucht Arbeit"), ("needs", "Anerkennung")])
            html = try await page()
            #expect(nextStep(html).contains("In die Phase „Zielvereinbarung“ wechseln"))
            // The phase form has one way on, and it is chosen already.
            let phaseForm = try await cm.get(SiteURL.caseStep(.value(caseID), .phase).path).body.string
            #expect(phaseForm.contains("value=\"goalAgreement\" checked"))
            try await cm.step(caseID, "phase", [("phase", "goalAgreement")])
            try await cm.step(caseID, "goal", [("lifeDomain", "work"), ("description", "Abschluss anerkennen"), ("agreedOn", today)])
            let goal = try #require(try await Goal.query(on: context.app.db).filter(\.$caseFileID == caseID).first())
            let yesterday = GermanFormat.isoDay(context.clock.now.addingTimeInterval(-86_400))
            let action = try await cm.step(caseID, "action", [("goalId", try goal.requireID().uuidString), ("what", "Zeugnisse übersetzen"), ("who", "Klientin"),
                                                               ("dueOn", yesterday)])
            #expect(action.headers.first(name: .location)?.hasSuffix("#ziele") == true)
            html = try await page()
            let overdue = try #require(try await CaseAction.query(on: context.app.db).filter(\.$caseFileID == caseID).first())
            let overdueID = try overdue.requireID()
            #expect(nextStep(html).contains("Stand der Maßnahme „Zeugnisse übersetzen“ festhalten")
                    && nextStep(html).contains(SiteURL.caseStep(.value(caseID), .actionStatus(.value(overdueID))).path))
            #expect(html.contains("<dt>Überfällige Maßnahmen</dt><dd><a href=\"#ziele\">1</a>") && html.contains("id=\"massnahme-\(overdueID)\""))
            let contact = try await cm.step(caseID, "contact", [("contactOn", today), ("kind", "inPerson"), ("minutes", "30"), ("note", "Gespräch")])
            #expect(contact.headers.first(name: .location)?.hasSuffix("#kontakte") == true)

            // "Heute fällig" and the start page lead to the item itself.
            let due = try await cm.get(SiteURL.dueCases.path).body.string
            #expect(due.contains("href=\"/cases/\(caseID)#massnahme-\(overdueID)\""))
            let start = try await cm.get(SiteURL.start.path).body.string
            #expect(start.contains("Heute für Sie") && start.contains("Heute fällig in Ihren Fällen"))
            #expect(start.contains("href=\"/cases/\(caseID)#massnahme-\(overdueID)\"") && start.contains("Zeugnisse übersetzen"))
            #expect(start.contains("Rückfragen der Koordinierenden Stelle"))
        }
    }

    @Test func theStartPageShowsEachRoleWhatNeedsThemToday() async throws {
        try await withLotse { context in
            let f = context.fixture
            let findings = try await TopicTests.findings(context)
            let coordinator = f.users[.coordinator]!
            let steering = try context.steeringDesk()
            let body = try await steering.createBody(.init(name: "Lenkungsgruppe", kind: .steeringGroup))
            let past = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: GermanFormat.isoDay(context.clock.now.addingTimeInterval(-20 * 86_400)),
                                                        place: "Kreishaus")
            let next = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: GermanFormat.isoDay(context.clock.now.addingTimeInterval(10 * 86_400)),
                                                        place: "Rathaus")
            _ = try await steering.createMeeting(bodyID: try body.requireID(), heldOn: GermanFormat.isoDay(context.clock.now.addingTimeInterval(40 * 86_400)), place: "Später")
            _ = try await steering.decide(.init(text: "Sprachkurse ausbauen", kind: .task, owner: "Koordination",
                                                dueOn: GermanFormat.isoDay(context.clock.now.addingTimeInterval(-86_400))), meetingID: try past.requireID())

            let browser = context.browser()
            try await browser.signIn(coordinator)
            let page = try await browser.get(SiteURL.start.path).body.string
            #expect(page.contains("\(findings.count) neue Erkenntnisse") && page.contains("href=\"/findings?unassigned=1\""))
            #expect(page.contains("Überfällige Beschlüsse") && page.contains("Sprachkurse ausbauen"))
            #expect(page.contains("Lenkungsgruppe am \(GermanFormat.germanDay(next.heldOn)), Rathaus") && !page.contains("Später"))
            #expect(!page.contains("Heute fällig in Ihren Fällen"), "the coordination has no cases of its own")

            let member = context.browser()
            try await member.signIn(f.users[.steeringMember]!)
            let memberPage = try await member.get(SiteURL.start.path).body.string
            let invitation = SiteURL.meetingInvitation(.value(try next.requireID())).path
            #expect(memberPage.contains("Nächste Sitzung") && memberPage.contains("href=\"\(invitation)\""))
            #expect(!memberPage.contains("Überfällige Beschlüsse") && !memberPage.contains("neue Erkenntnis"))
        }
    }
}
