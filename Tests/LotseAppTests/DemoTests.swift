import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct DemoTests {
    @Test func theDemoKreisHasItsTenMunicipalitiesRegionsAndOneAccountPerRole() async throws {
        try await withLotse(migrate: false, adjust: { $0.isDemo = true }) { context in
            try await context.app.autoMigrate()
            #expect(try await DemoSeeder.seed(context.app))
            #expect(try await DemoSeeder.seed(context.app) == false, "ein zweiter Start legt nichts doppelt an")

            let district = try #require(try await District.query(on: context.app.db).filter(\.$name == "Kreis Paderborn").first())
            let municipalities = try await OrganisationService.municipalities(.operatorCommand(.administerOrganisation, districtID: try district.requireID()), on: context.app.db)
            #expect(Set(municipalities.map(\.name)) == ["Altenbeken", "Bad Lippspringe", "Bad Wünnenberg", "Borchen", "Büren", "Delbrück",
                                                       "Hövelhof", "Lichtenau", "Paderborn", "Salzkotten"])
            let regions = try await OrganisationService.regions(.operatorCommand(.administerOrganisation, districtID: try district.requireID()), on: context.app.db)
            let groups = regions.filter { $0.kind == .region }
            #expect(groups.count == 4)
            for region in groups where region.name != "Stadt Paderborn" {
                #expect(municipalities.filter { $0.regionID == region.id }.count == 3)
            }
            let paderborn = try #require(municipalities.first { $0.name == "Paderborn" })
            #expect(regions.filter { $0.kind == .socialDistrict && $0.parentMunicipalityID == paderborn.id }.count == 4)

            let providers = try await Provider.query(on: context.app.db).filter(\.$districtID == district.requireID()).all()
            #expect(providers.count >= 10)
            #expect(Set(providers.map(\.kind.rawValue)).isSuperset(of: ["jobcenter", "authority", "welfareOrganisation", "languageCourseProvider",
                                                               "volunteerInitiative", "migrantOrganisation"]))
            let services = try await Service.query(on: context.app.db).all()
            #expect(services.contains { Freshness.isOverdue(lastCheckedAt: $0.lastCheckedAt, now: context.clock.now) })
            #expect(services.contains { !Freshness.isOverdue(lastCheckedAt: $0.lastCheckedAt, now: context.clock.now) })
            for name in ["Jugendmigrationsdienst (JMD)", "Migrationsberatung für Erwachsene (MBE)", "Flüchtlingsberatung"] {
                #expect(services.contains { $0.name == name }, "\(name)")
            }

            // The 2022/23 report as seed 000 writes it (issue 19, part 7): compared with the year before,
            // the exchange on "Versorgung im Rechtskreiswechsel" only agreed, the standing texts and the signature.
            let programme = ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: try district.requireID()), db: context.app.db,
                                          audit: context.app.audit(requestID: "t"), now: context.clock.now, actorID: UUID(), recordKeys: context.app.lotse.recordKeys)
            let report = try await AnnualReportWriter(desk: programme).text(for: ReportingPeriod(kind: .schoolYear, startYear: 2022)).text
            #expect(report.contains("Im Vergleich zum Vorjahr konnte zusätzlich in") && report.contains("# Vergleich mit dem Schuljahr 2021/22"))
            #expect(report.contains("Versorgung im Rechtskreiswechsel zwischen Sozialamt, Jobcenter und Krankenkassen. (Stand: offen)"))
            #expect(report.contains("Sachgebiet „Kommunales Integrationsmanagement“") && report.contains("wenn die Fallarbeit einen entsprechenden Bedarf aufgezeigt"))
            #expect(report.contains("Paderborn, im ") && report.contains(" – Koordinierende Stelle KIM"))
            #expect(report.contains("Am Ende des Zeitraums unbesetzt waren Stellen in Bad Lippspringe, Salzkotten"), "seed 000: the posts refilled in 2023/24")

            let stored = try #require(DemoAccounts.stored(at: context.app.lotse.configuration.demoCredentialsPath))
            #expect(Set(stored.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
            let attributes = try FileManager.default.attributesOfItem(atPath: context.app.lotse.configuration.demoCredentialsPath)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            // The sign-in page lists the accounts, with a banner, and each one signs in.
            let browser = context.browser()
            let page = try await browser.get(SiteURL.signIn.path).body.string
            #expect(page.contains("class=\"demo-banner\""))
            for account in stored {
                #expect(page.contains(account.username) && page.contains(account.password) && page.contains(account.totpSecret))
                let user = TestUser(id: UUID(), username: account.username, password: account.password,
                                    totpSecret: Base32.decode(account.totpSecret)!, districtID: try district.requireID(), canary: "")
                let signedIn = context.browser()
                try await signedIn.signIn(user)
                let start = try await signedIn.get(SiteURL.start.path).body.string
                #expect(start.contains("Kreis Paderborn"))
                #expect(start.contains("Demo"))
            }
        }
    }

    @Test func withoutDemoModeThereIsNoBannerAndNoAccountList() async throws {
        try await withLotse { context in
            let page = try await context.browser().get(SiteURL.signIn.path).body.string
            #expect(!page.contains("demo-banner"))
            #expect(!page.contains("Demo-Zugänge"))
        }
    }
}
