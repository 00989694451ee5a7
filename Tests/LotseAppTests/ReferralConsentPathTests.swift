import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// No data leave a case without the person's waiver for that recipient, on every path: from every
/// state of a referral into every other one, with the waiver withdrawn in between, over the API and
/// in the browser.
@Suite struct ReferralConsentPathTests {
    @Test func everyStepIntoADisclosingStateNeedsTheWaiverAtThatMoment() async throws {
        try await withLotse { context in
            let f = context.fixture
            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            func post(_ path: String, _ json: [String: Any], _ status: HTTPStatus, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
                try await api.post(path, token: token, json, status, sourceLocation: sourceLocation)
            }
            let opened = try await post("/cases", ["municipalityId": f.municipalityA1.uuidString, "openedOn": today, "accessChannel": "walkIn"], .created)
            let caseID = try #require(opened["id"] as? String)
            _ = try await post("/cases/\(caseID)/consent", ["status": "given", "method": "signedForm", "givenOn": today], .created)
            _ = try await post("/cases/\(caseID)/client", ["givenNames": "Lina", "familyName": "Wegeprobe", "birthDate": "1990-01-01"], .created)
            let (provider, service) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])

            for start in ReferralStatus.allCases {
                for target in ReferralStatus.allCases {
                    // A valid waiver while the referral reaches `start` …
                    let waived = try await post("/cases/\(caseID)/disclosure", ["recipientProviderId": provider.uuidString, "purpose": "Verweisung",
                                                                                "status": "given", "method": "signedForm", "givenOn": today], .created)
                    let waiverID = try #require((waived["consents"] as? [[String: Any]])?.last { ($0["kind"] as? [String: Any])?["code"] as? String == "disclosure"
                        && ($0["status"] as? [String: Any])?["code"] as? String == "given" }?["id"] as? String)
                    let created = try await post("/cases/\(caseID)/referral", ["serviceId": service.uuidString, "lifeDomain": "work", "reason": "Probe"], .created)
                    let referralID = try #require((created["referrals"] as? [[String: Any]])?.last?["id"] as? String)
                    if start != .planned { _ = try await post("/cases/\(caseID)/referrals/\(referralID)", ["status": start.rawValue], .ok) }
                    // … then withdrawn: only steps that pass nothing new may still be taken.
                    _ = try await post("/cases/\(caseID)/consents/\(waiverID)/withdraw", [:], .ok)
                    let refused = target != start && target.passesData
                    let after = try await post("/cases/\(caseID)/referrals/\(referralID)", ["status": target.rawValue],
                                               refused ? .unprocessableEntity : .ok)
                    if refused { #expect((after["fields"] as? [String: String])?["status"]?.contains("widerrufen") == true, "\(start) → \(target)") }
                    let stored = try #require(try await Referral.find(UUID(uuidString: referralID), on: context.app.db))
                    #expect(stored.status == (refused ? start : target), "\(start) → \(target)")
                }
            }
        }
    }

    @Test func theBrowserFormIsHeldToTheSameGate() async throws {
        try await withLotse { context in
            let f = context.fixture
            let (provider, _) = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let api = context.api()
            let token = try await api.token(for: f.caseManager)
            let today = GermanFormat.isoDay(context.clock.now)
            let opened = try api.json(try await api.request(.POST, "/api/v1/cases", token: token,
                                                            json: ["municipalityId": f.municipalityA1.uuidString, "openedOn": today, "accessChannel": "walkIn"])) as? [String: Any]
            let caseText = try #require(opened?["id"] as? String)
            let caseID = try #require(UUID(uuidString: caseText))
            _ = try await api.request(.POST, "/api/v1/cases/\(caseID)/consent", token: token, json: ["status": "given", "method": "signedForm", "givenOn": today])
            _ = try await api.request(.POST, "/api/v1/cases/\(caseID)/client", token: token, json: ["givenNames": "Omar", "familyName": "Formprobe", "birthDate": "1991-02-02"])
            let planned = try api.json(try await api.request(.POST, "/api/v1/cases/\(caseID)/referral", token: token,
                                                             json: ["providerId": provider.uuidString, "lifeDomain": "work", "reason": "Probe"])) as? [String: Any]
            let referralText = try #require((planned?["referrals"] as? [[String: Any]])?.first?["id"] as? String)
            let referralID = try #require(UUID(uuidString: referralText))
            let browser = context.browser()
            try await browser.signIn(f.caseManager)
            let address = SiteURL.caseStep(.value(caseID), .referralUpdate(.value(referralID))).path
            try await browser.get(address)
            let page = try await browser.post(address, [("status", "accepted"), ("feedback", "Termin vereinbart")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("Schweigepflichtentbindung"))
            #expect(try await Referral.find(referralID, on: context.app.db)?.status == .planned)
        }
    }
}
