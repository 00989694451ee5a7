import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

@Suite struct CoverageTests {
    @Test func theMatrixCountsServicesShowsGapsAndDrillsDown() async throws {
        try await withLotse { context in
            let f = context.fixture
            _ = try await DirectoryFixture.entry(context, towns: [f.municipalityA1, f.municipalityA2])
            _ = try await DirectoryFixture.entry(context, towns: [f.municipalityA1])
            let steering = context.browser()
            try await steering.signIn(f.users[.steeringMember]!)
            let page = try await steering.get(SiteURL.coverage.path).body.string
            #expect(page.contains("/directory?kommune=\(f.municipalityA1)&amp;handlungsfeld=work\">2<") || page.contains("/directory?kommune=\(f.municipalityA1)&handlungsfeld=work\">2<"))
            #expect(page.contains("Lücke"))
            #expect(page.contains("class=\"level-2\"") && page.contains("class=\"level-0\""))
            let csv = try await steering.get("/coverage/export.csv").body.string
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("\u{FEFF}Kommune;Sprache;Bildung"))
            #expect(lines.contains { $0.hasPrefix("Altdorf;0;0;0;2;") })
            #expect(lines.contains { $0.hasPrefix("Neustadt;0;0;0;1;") })
            let town = try await steering.get("/coverage/\(f.municipalityA2)").body.string
            #expect(town.contains("Ist- und Bedarfsanalyse Neustadt") && town.contains("Arbeit (1)") && town.contains("Gesundheit"))
            #expect(try await steering.get("/coverage/\(f.municipalityB1)").status == .notFound)
            let api = context.api()
            let cells = try #require(try api.json(try await api.request(.GET, "/api/v1/coverage", token: try await api.token(for: f.users[.coordinator]!))) as? [[String: Any]])
            #expect(cells.count == 2 * LifeDomain.allCases.count)
            #expect(cells.contains { $0["municipalityId"] as? String == f.municipalityA1.uuidString && $0["lifeDomain"] as? String == "work" && $0["services"] as? Int == 2 })
        }
    }
}
