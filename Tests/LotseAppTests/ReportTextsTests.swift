import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// Issue 19, part 7: the report the seeds write. The comparison with the previous period, the
/// district's standing texts and a signature block, kept in the browser and over the API.
@Suite struct ReportTextsTests {
    @Test func theReportComparesWithTheYearBeforeAndCarriesTheDistrictsTexts() async throws {
        try await withLotse { context in
            let f = context.fixture
            let ks = context.browser()
            try await ks.signIn(f.users[.coordinator]!)
            #expect(try await ks.get(SiteURL.reports.path).body.string.contains(SiteURL.reportTexts.path))
            let long = String(repeating: "Kreishaus ", count: 13)
            let refused = try await ks.post(SiteURL.reportTexts.path, [("signaturePlace", long), ("principalGoal", "Teilhabe verbessern.")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("höchstens 120 Zeichen") && refused.body.string.contains("Teilhabe verbessern."))
            #expect(try await ks.post(SiteURL.reportTexts.path, [("organisationalUnit", "Das Sachgebiet KIM gehört zum Kommunalen Integrationszentrum."),
                                                                 ("principalGoal", "Teilhabe und Integration verbessern."), ("workingGroupRule", ""),
                                                                 ("signaturePlace", "Altdorf"), ("signatureAuthor", "Koordinierende Stelle")]).status == .seeOther)
            let api = context.api()
            let token = try await api.token(for: f.users[.coordinator]!)
            let patched = try await api.request(.PATCH, "/api/v1/programme/report-texts", token: token,
                                                json: ["workingGroupRule": "Arbeitsgruppen entstehen auf Beschluss der Lenkungsgruppe."])
            let texts = try api.json(patched) as? [String: Any]
            #expect(patched.status == .ok && texts?["signaturePlace"] as? String == "Altdorf", "a text not sent stays")
            #expect(texts?["workingGroupRule"] as? String == "Arbeitsgruppen entstehen auf Beschluss der Lenkungsgruppe.")

            // Case management in Altdorf since last year, in Neustadt new this year; Altdorf's post changed its holder.
            let desk = ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: f.districtA), db: context.app.db, audit: context.app.audit(requestID: "t"),
                                     now: context.clock.now, actorID: f.users[.coordinator]!.id, recordKeys: context.app.lotse.recordKeys)
            let period = try await desk.period(nil)
            let lastYear = period.previous
            let altdorf = try await desk.createPosition(.init(buildingBlock: .caseManagement, title: "CM Altdorf", fte: "1", employer: .municipality,
                                                              municipalityIDs: [f.municipalityA1], fundedFrom: lastYear.start),
                                                        first: .init(status: .filled, day: lastYear.start))
            try await desk.changePosition(.init(status: .vacant, day: period.start), id: try altdorf.requireID())
            try await desk.changePosition(.init(status: .filled, day: RetentionRule.day(period.start, plus: 30)), id: try altdorf.requireID())
            _ = try await desk.createPosition(.init(buildingBlock: .caseManagement, title: "CM Neustadt", fte: "0,5", employer: .municipality,
                                                    municipalityIDs: [f.municipalityA2], fundedFrom: period.start),
                                              first: .init(status: .filled, day: period.start))
            let generated = try await ks.post(SiteURL.reports.path, [("period", period.key)])
            let reportPath = try #require(generated.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let report = try #require(try await Programme.report(context, reportPath))
            let names = try await OrganisationService.municipalityNames(.operatorCommand(.administerOrganisation, districtID: f.districtA), on: context.app.db)
            let (a1, a2) = (names[f.municipalityA1] ?? "", names[f.municipalityA2] ?? "")
            #expect(report.contains("# Vergleich mit dem \(lastYear.label)"))
            #expect(report.contains("Case Management war im \(period.label) in 2 Kommunen aktiv, im \(lastYear.label) in 1."))
            #expect(report.contains("Im Vergleich zum Vorjahr konnte zusätzlich in \(a2) das Case Management starten."))
            #expect(report.contains("Wieder besetzt wurden Stellen in \(a1)."))
            #expect(report.contains("Das Sachgebiet KIM gehört zum Kommunalen Integrationszentrum.") && report.contains("Teilhabe und Integration verbessern."))
            #expect(report.contains("Arbeitsgruppen entstehen auf Beschluss der Lenkungsgruppe."))
            #expect(report.hasSuffix("Altdorf, im \(GermanFormat.monthAndYear(GermanFormat.isoDay(context.clock.now))) – Koordinierende Stelle\n"))
        }
    }
}
