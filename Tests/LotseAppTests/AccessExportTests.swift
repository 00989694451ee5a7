import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 15, part 2: the right of access (Art. 15 GDPR). The export holds, field by field, what was
/// entered about the person, in every case the case manager is responsible for, and who received
/// what and when; the request and its answer are recorded with the deadline the officer sees.
@Suite struct AccessExportTests {
    /// The person of `RetentionTests.fullCase`, entered through the desk: what the export must give back.
    static let identity = ClientIdentity(givenNames: "Rita", familyName: "", birthDate: "1980-02-03", gender: "female",
                                         nationalities: ["syrisch"], languages: ["Arabisch", "Deutsch"], interpreterNeeded: true,
                                         phone: "05251 4711", email: "rita@example.org", address: "Am Markt 1, Paderborn",
                                         residenceStatus: "Aufenthaltserlaubnis § 25 Abs. 2")

    @Test func theExportGivesBackEveryFieldEnteredAndWhoReceivedWhat() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: false, close: false)
            let desk = context.caseDesk()
            let today = desk.today
            var identity = Self.identity
            identity.familyName = file.canary
            try await desk.updateClient(identity, caseID: file.id)
            try await desk.assess(.init(lifeDomain: .work, priority: .high, text: .init(situation: "Erste Lage", needs: "Kurs", resources: "Motiviert")), caseID: file.id)
            try await desk.assess(.init(lifeDomain: .work, priority: .medium, text: .init(situation: "Zweite Lage", needs: "Stelle", resources: "")), caseID: file.id)
            // A second case of the person in a municipality the case manager is not responsible for.
            let elsewhere = try await context.caseDesk().openCase(.init(municipalityID: context.fixture.municipalityA2, openedOn: today,
                                                                         accessChannel: .walkIn, lifeDomains: [.housing]))
            _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: today), caseID: try elsewhere.requireID())
            try await desk.linkClient(file.clientID, caseID: try elsewhere.requireID())

            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            let response = try await api.request(.GET, "/api/v1/cases/\(file.id)/access-export", token: token)
            #expect(response.status == .ok, "\(response.body.string.prefix(400))")
            let export = try #require(try api.json(response) as? [String: Any])
            let person = try #require(export["person"] as? [String: Any])
            let shown = try #require(person["identity"] as? [String: Any])
            #expect(shown["givenNames"] as? String == "Rita" && shown["familyName"] as? String == file.canary && shown["birthDate"] as? String == "1980-02-03")
            #expect(shown["nationalities"] as? [String] == ["syrisch"] && shown["languages"] as? [String] == ["Arabisch", "Deutsch"])
            #expect(shown["interpreterNeeded"] as? Bool == true && shown["phone"] as? String == "05251 4711" && shown["email"] as? String == "rita@example.org")
            #expect(shown["address"] as? String == "Am Markt 1, Paderborn" && shown["residenceStatus"] as? String == "Aufenthaltserlaubnis § 25 Abs. 2")
            #expect(shown["gender"] as? String == "female")
            #expect(((person["legalDomains"] as? [[String: Any]])?.first?["legalDomain"] as? [String: Any])?["code"] as? String == "sgb2")
            #expect(person["householdMembers"] as? Int == 0)
            let changes = try #require((export["corrections"] as? [[String: Any]])?.first?["changes"] as? [[String: String]])
            #expect(changes.contains(["field": "Telefon", "before": "", "after": "05251 4711"]))

            let cases = try #require(export["cases"] as? [[String: Any]])
            #expect(cases.count == 1 && cases[0]["id"] as? String == file.id.uuidString && cases[0]["client"] == nil, "the person once, not per case")
            let one = cases[0]
            let assessments = try #require(one["assessments"] as? [[String: Any]])
            #expect(Set(assessments.compactMap { $0["situation"] as? String }) == ["Erste Lage", "Zweite Lage"], "every assessment, not only the latest")
            #expect((one["goals"] as? [[String: Any]])?.first?["description"] as? String == "Arbeit finden")
            #expect((one["contacts"] as? [[String: Any]])?.first?["note"] as? String == "Notiz \(file.canary)")
            let referral = try #require((one["referrals"] as? [[String: Any]])?.first)
            #expect(referral["provider"] as? String == "Beratungsstelle" && referral["reason"] as? String == "Bewerbung")
            #expect(((one["conferences"] as? [[String: Any]])?.first?["participants"] as? [String]) == ["Beratungsstelle"])
            let consents = try #require(one["consents"] as? [[String: Any]])
            #expect(consents.contains { $0["recipient"] as? String == "Beratungsstelle" && $0["purpose"] as? String == "Vermittlung" })
            #expect((one["reviews"] as? [[String: Any]])?.count == 1 && (one["findings"] as? [[String: Any]])?.count == 1)
            #expect(((one["phaseHistory"] as? [[String: Any]])?.map { ($0["phase"] as? [String: Any])?["code"] as? String }) == ["intake", "assessment"])
            #expect(export["casesElsewhere"] as? [String] == [elsewhere.number], "named, not opened")

            // Who received what, and when: the referral and the conference, from the audit trail.
            let disclosures = try #require(export["disclosures"] as? [[String: Any]])
            #expect(disclosures.count == 2 && disclosures.allSatisfy { $0["recipient"] as? String == "Beratungsstelle" && $0["on"] as? String == today })
            #expect(disclosures.contains { ($0["what"] as? String)?.hasPrefix("Verweisung") == true })
            let information = try #require(export["information"] as? [[String: Any]])
            #expect(information.contains { $0["heading"] as? String == "Speicherdauer" && ($0["text"] as? String)?.contains("36 Monate") == true })
            #expect(information.contains { $0["heading"] as? String == "Empfänger" && ($0["text"] as? String)?.contains("Beratungsstelle") == true })

            // The printable document and the download say the same.
            let manager = context.browser()
            try await manager.signIn(context.fixture.caseManager)
            let page = try await manager.get(SiteURL.caseAccessExport(.value(file.id)).path)
            #expect(page.status == .ok)
            for text in [file.canary, "Erste Lage", "Zweite Lage", "Notiz \(file.canary)", "Weitergaben", "Beratungsstelle", "Am Markt 1, Paderborn", elsewhere.number] {
                #expect(page.body.string.contains(text), "\(text) fehlt im Dokument")
            }
            let download = try await manager.get(SiteURL.caseAccessExportFile(.value(file.id)).path)
            #expect(download.status == .ok && download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"auskunft-") == true)
            let file2 = try #require(try JSONSerialization.jsonObject(with: Data(download.body.readableBytesView)) as? [String: Any])
            #expect(((file2["person"] as? [String: Any])?["identity"] as? [String: Any])?["familyName"] as? String == file.canary)
            #expect(try await AuditEntry.query(on: context.app.db).filter(\.$action == AuditAction.accessExported.rawValue).count() == 3)

            // No other role reaches it; a case without a person has nothing to give.
            let coordinator = try await api.token(for: context.fixture.users[.coordinator]!)
            #expect(try await api.request(.GET, "/api/v1/cases/\(file.id)/access-export", token: coordinator).status == .forbidden)
            let empty = try await desk.openCase(.init(municipalityID: context.fixture.municipalityA1, openedOn: today, accessChannel: .walkIn, lifeDomains: [.work]))
            #expect(try await api.request(.GET, "/api/v1/cases/\(try empty.requireID())/access-export", token: token).status == .conflict)
        }
    }

    @Test func theRequestIsRecordedWithItsDeadlineAndTheOfficerSeesIt() async throws {
        try await withLotse { context in
            let provider = try await RetentionTests.provider(context)
            let file = try await RetentionTests.fullCase(context, provider: provider, firstContact: true)
            let manager = context.browser()
            try await manager.signIn(context.fixture.caseManager)
            let form = SiteURL.caseStep(.value(file.id), .accessRequest).path
            #expect(try await manager.get(form).status == .ok)
            let empty = try await manager.post(form, [("receivedOn", "")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Bitte geben Sie den Tag des Eingangs an."))
            let future = try await manager.post(form, [("receivedOn", "2099-01-01")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("nicht in der Zukunft") && future.body.string.contains("2099-01-01"))
            let received = RetentionRule.day(context.caseDesk().today, plus: -3)
            #expect(try await manager.post(form, [("receivedOn", received)]).status == .seeOther)
            let deadline = try #require(RetentionRule.dueOn(closedOn: received, months: 1))
            let casePage = try await manager.get(SiteURL.caseFile(.value(file.id)).path).body.string
            #expect(casePage.contains("Auskunftsersuchen (Art. 15 DSGVO)") && casePage.contains(GermanFormat.germanDay(deadline)))

            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            _ = try await api.post("/cases/\(file.id)/access-request", token: token, ["receivedOn": received], .conflict)
            let officer = context.fixture.users[.dataProtection]!
            let officerToken = try await api.token(for: officer)
            var listed = try #require(try api.json(try await api.request(.GET, "/api/v1/access-requests", token: officerToken)) as? [String: Any])
            let open = try #require((listed["open"] as? [[String: Any]])?.first)
            #expect(open["caseNumber"] as? String != nil && open["deadline"] as? String == deadline && open["receivedOn"] as? String == received)
            #expect(!"\(listed)".contains(file.canary), "by case number, never a name")
            let requestID = try #require(open["id"] as? String)
            let officerBrowser = context.browser()
            try await officerBrowser.signIn(officer)
            let overview = try await officerBrowser.get(SiteURL.dataSubjectRequests.path)
            #expect(overview.status == .ok && overview.body.string.contains(GermanFormat.germanDay(deadline)) && !overview.body.string.contains(file.canary))
            #expect(try await manager.get(SiteURL.dataSubjectRequests.path).status == .forbidden)

            // The answer: the day and the way, both required; then the officer sees it answered.
            _ = try await api.post("/cases/\(file.id)/access-requests/\(requestID)", token: token, ["fulfilledOn": context.caseDesk().today], .unprocessableEntity)
            let before = try await api.post("/cases/\(file.id)/access-requests/\(requestID)", token: token,
                                            ["fulfilledOn": RetentionRule.day(received, plus: -1), "delivery": "post"], .unprocessableEntity)
            #expect("\(before)".contains("vor dem Eingang"))
            let answered = try await api.post("/cases/\(file.id)/access-requests/\(requestID)", token: token,
                                              ["fulfilledOn": context.caseDesk().today, "delivery": "inPerson"], .ok)
            let shown = try #require((answered["accessRequests"] as? [[String: Any]])?.first)
            #expect(shown["isOpen"] as? Bool == false && ((shown["delivery"] as? [String: Any])?["code"] as? String) == "inPerson")
            _ = try await api.post("/cases/\(file.id)/access-requests/\(requestID)", token: token,
                                   ["fulfilledOn": context.caseDesk().today, "delivery": "post"], .conflict)
            listed = try #require(try api.json(try await api.request(.GET, "/api/v1/access-requests", token: officerToken)) as? [String: Any])
            #expect((listed["open"] as? [[String: Any]])?.isEmpty == true && (listed["fulfilled"] as? [[String: Any]])?.first?["delivery"] as? String == "inPerson")
            let actions = Set(try await AuditEntry.query(on: context.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: [AuditAction.accessRequested.rawValue, AuditAction.accessFulfilled.rawValue, AuditAction.accessRequestsRead.rawValue]))
        }
    }
}

/// Issue 15, part 5: the record of processing activities, from the district's own configuration.
@Suite struct ProcessingRecordPageTests {
    @Test func theOfficerPrintsAndExportsTheRecordOfTheDistrict() async throws {
        try await withLotse { context in
            _ = try await RetentionTests.provider(context)
            let officer = context.fixture.users[.dataProtection]!
            let api = context.api()
            let token = try await api.token(for: officer)
            let record = try #require(try api.json(try await api.request(.GET, "/api/v1/data-protection/record", token: token)) as? [String: Any])
            #expect((record["dataProtectionOfficers"] as? [String])?.contains("Person \(officer.username) \(officer.canary)") == true)
            let activities = try #require(record["activities"] as? [[String: Any]])
            #expect(activities.count == 4 && (activities[0]["recipients"] as? String)?.contains("Beratungsstelle") == true)
            #expect((activities[0]["retention"] as? String)?.contains("36 Monate") == true)
            let browser = context.browser()
            try await browser.signIn(officer)
            let page = try await browser.get(SiteURL.processingRecord.path)
            #expect(page.status == .ok && page.body.string.contains("Technische und organisatorische Maßnahmen") && page.body.string.contains("Beratungsstelle"))
            let file = try await browser.get(SiteURL.processingRecordExport.path)
            #expect(file.status == .ok && file.headers.first(name: .contentDisposition)?.contains("verarbeitungsverzeichnis-") == true)
            let admin = try await api.token(for: context.fixture.users[.admin]!)
            #expect(try await api.request(.GET, "/api/v1/data-protection/record", token: admin).status == .forbidden)
        }
    }
}
