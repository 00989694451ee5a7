import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The case list shows a page, not the district (issue 17): keyset pages of 50, newest number
/// first, every filter applied in SQL before the page is cut, and the total beside it.
@Suite struct CaseListPagingTests {
    /// 120 open cases in the case manager's municipality; the three oldest are about health, the
    /// rest about work; five more in municipality A2, which she does not see.
    static func fill(_ context: TestContext) async throws -> [String] {
        let f = context.fixture
        let desk = context.caseDesk()
        var numbers: [String] = []
        for index in 0..<120 {
            let file = try await desk.openCase(.init(municipalityID: f.municipalityA1, openedOn: desk.today, accessChannel: .walkIn,
                                                     lifeDomains: index < 3 ? [.health, .language] : [.work]))
            numbers.append(file.number)
        }
        for _ in 0..<5 { _ = try await desk.openCase(.init(municipalityID: f.municipalityA2, openedOn: desk.today, accessChannel: .walkIn, lifeDomains: [.work])) }
        return numbers
    }

    static func numbers(in page: String) -> [String] {
        page.components(separatedBy: "<tr><td><a href=\"/cases/").dropFirst().compactMap { row in
            row.split(separator: ">", maxSplits: 1).last.map { String($0.prefix { $0 != "<" }) }
        }
    }

    @Test func theBrowserListPagesThroughAllCasesNewestFirst() async throws {
        try await withLotse { context in
            let all = try await Self.fill(context)
            let cm = context.browser()
            try await cm.signIn(context.fixture.caseManager)
            var seen: [String] = []
            var page = try await cm.get(SiteURL.cases.path).body.string
            #expect(page.contains("Die neuesten 50 von 120 Fällen"))
            #expect(!page.contains("Zu den neuesten Fällen"))
            for expected in ["50 weitere von 120 Fällen", "20 weitere von 120 Fällen"] {
                seen += Self.numbers(in: page)
                let next = try #require(page.components(separatedBy: "<a href=\"").first { $0.hasPrefix("/cases?") && $0.contains("Weitere Fälle") })
                let address = String(next.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
                page = try await cm.get(address).body.string
                #expect(page.contains(expected))
                #expect(page.contains("Zu den neuesten Fällen"))
            }
            seen += Self.numbers(in: page)
            #expect(!page.contains("Weitere Fälle"))
            #expect(seen == all.reversed(), "every case exactly once, newest number first, none of municipality A2")
        }
    }

    @Test func aFilterIsAppliedBeforeThePageIsCut() async throws {
        try await withLotse { context in
            let all = try await Self.fill(context)
            let cm = context.browser()
            try await cm.signIn(context.fixture.caseManager)
            // The three health cases are the oldest: a filter applied after cutting the page would miss them.
            let page = try await cm.get(SiteURL.cases.path + "?lifeDomain=health").body.string
            #expect(Self.numbers(in: page) == Array(all.prefix(3).reversed()))
            #expect(page.contains("3 Fälle") && !page.contains("Weitere Fälle"))
            let language = try await cm.get(SiteURL.cases.path + "?lifeDomain=language").body.string
            #expect(Self.numbers(in: language).count == 3, "life domains are matched as whole codes")
            // An edited cursor is not an error: the list starts again at the top.
            let edited = try await cm.get(SiteURL.cases.path + "?after=x%27%20OR%201=1").body.string
            #expect(edited.contains("Die neuesten 50 von 120 Fällen"))
        }
    }

    @Test func theAPIPagesWithALinkHeaderAndTellsTheTotal() async throws {
        try await withLotse { context in
            let all = try await Self.fill(context)
            let api = context.api()
            let token = try await api.token(for: context.fixture.caseManager)
            var seen: [String] = []
            var address: String? = "/api/v1/cases?lifeDomain=work&limit=40"
            var pages = 0
            while let next = address {
                let response = try await api.request(.GET, next, token: token)
                #expect(response.status == .ok)
                #expect(response.headers.first(name: "X-Total-Count") == "117", "\(response.headers)")
                let rows = try #require(try api.json(response) as? [[String: Any]])
                seen += rows.compactMap { $0["number"] as? String }
                #expect(rows.allSatisfy { ($0["clientName"] as? String) != nil })
                address = response.headers.first(name: "Link").flatMap { link in
                    link.hasSuffix(">; rel=\"next\"") ? String(link.dropFirst().prefix { $0 != ">" }) : nil
                }
                if let address { #expect(address.contains("lifeDomain=work") && address.contains("limit=40"), "the next page keeps the filter") }
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen == all.dropFirst(3).reversed())

            // Bad paging input is refused in German, naming the field.
            for (query, field) in [("limit=0", "limit"), ("limit=201", "limit"), ("after=2026", "after"), ("after=2026-0001%27--", "after"), ("after=", "after")] {
                let refused = try await api.request(.GET, "/api/v1/cases?" + query, token: token)
                #expect(refused.status == .unprocessableEntity, "\(query)")
                #expect(refused.body.string.contains(field), "\(query): \(refused.body.string)")
            }
            // Not a number at all: the generated server refuses it before Lotse sees it (400).
            #expect(try await api.request(.GET, "/api/v1/cases?limit=viele", token: token).status == .badRequest)
        }
    }

    /// "Heute fällig" shows the longest overdue 100 and says how many are due in all.
    @Test func theDuePageShowsTheLongestOverdueAndTheTotal() async throws {
        try await withLotse { context in
            _ = try await Self.fill(context)
            let files = try await CaseFile.query(on: context.app.db).filter(\.$municipalityID == context.fixture.municipalityA1).all()
            for (index, file) in files.enumerated() {
                let review = Review()
                review.caseFileID = try file.requireID()
                review.dueOn = GermanFormat.isoDay(context.clock.now.addingTimeInterval(Double(-1 - index) * 86_400))
                review.leadsToReassessment = false
                try await review.create(on: context.app.db)
            }
            let cm = context.browser()
            try await cm.signIn(context.fixture.caseManager)
            let page = try await cm.get(SiteURL.dueCases.path).body.string
            #expect(page.contains("Die 100 am längsten fälligen von 120 Einträgen"))
            #expect(page.components(separatedBy: "Überprüfung der Ziele").count - 1 == 100)
            let oldest = GermanFormat.germanDay(GermanFormat.isoDay(context.clock.now.addingTimeInterval(-120 * 86_400)))
            #expect(page.contains(oldest), "the longest overdue comes first")
            // The start page shows the first 8 of them and counts all.
            let start = try await cm.get(SiteURL.start.path).body.string
            #expect(start.contains("Alle 120 fälligen Einträge"))
            #expect(start.components(separatedBy: "Überprüfung der Ziele").count - 1 == StartToday.shown)
            let api = context.api()
            let all = try await api.request(.GET, "/api/v1/cases/due", token: try await api.token(for: context.fixture.caseManager))
            #expect((try api.json(all) as? [Any])?.count == 120, "the API still lists everything due")
        }
    }

    /// Each row of the case manager's list names the next unheld review and counts the overdue open
    /// actions of its case, as the database counts them; other cases' reminders do not leak in.
    @Test func eachRowShowsItsNextReviewAndOverdueActions() async throws {
        try await withLotse { context in
            let numbers = try await Self.fill(context)
            let db = context.app.db
            let files = try await CaseFile.query(on: db).filter(\.$number ~~ Array(numbers.suffix(2))).sort(\.$number).all()
            let (busy, quiet) = (try files[1].requireID(), try files[0].requireID())
            let day = { (offset: Double) in GermanFormat.isoDay(context.clock.now.addingTimeInterval(offset * 86_400)) }
            for (dueOn, heldOn) in [(day(-3), day(-2)), (day(5), nil), (day(9), nil)] as [(String, String?)] {
                let review = Review()
                review.caseFileID = busy
                review.dueOn = dueOn
                review.heldOn = heldOn
                review.leadsToReassessment = false
                try await review.create(on: db)
            }
            for (dueOn, status) in [(day(-4), ActionStatus.open), (day(-1), .open), (day(-6), .done), (day(3), .open)] {
                let action = CaseAction()
                action.caseFileID = busy
                action.sealedText = ""
                action.dueOn = dueOn
                action.status = status
                try await action.create(on: db)
            }
            let api = context.api()
            let rows = try #require(try api.json(try await api.request(.GET, "/api/v1/cases?limit=5", token: try await api.token(for: context.fixture.caseManager))) as? [[String: Any]])
            let busyRow = try #require(rows.first { $0["id"] as? String == busy.uuidString })
            #expect(busyRow["nextReview"] as? String == day(5), "the earliest review not yet held")
            #expect(busyRow["overdueActions"] as? Int == 2, "open and past due; done and future ones do not count")
            let quietRow = try #require(rows.first { $0["id"] as? String == quiet.uuidString })
            #expect(quietRow["nextReview"] == nil && quietRow["overdueActions"] as? Int == 0)
            let cm = context.browser()
            try await cm.signIn(context.fixture.caseManager)
            #expect(try await cm.get(SiteURL.cases.path).body.string.contains("2 überfällig"))
        }
    }

    /// A scope without any municipality lists nothing and has nothing due, on both databases
    /// (an empty `IN ()` would be a syntax error on PostgreSQL).
    @Test func aScopeWithoutMunicipalitiesSeesNoCase() async throws {
        try await withLotse { context in
            _ = try await Self.fill(context)
            let nowhere = AccessScope(action: .workOnCases, districtID: context.fixture.districtA, municipalityIDs: [], actorID: context.fixture.caseManager.id)
            let desk = context.caseDesk(scope: nowhere)
            let page = try await desk.cases(CaseFilter())
            #expect(page.files.isEmpty && page.total == 0 && page.next == nil)
            let due = try await desk.dueItems(limit: 100)
            #expect(due.items.isEmpty && due.total == 0)
            #expect(try await context.caseDesk().cases(CaseFilter()).total == 125, "the whole district, for comparison")
        }
    }

    @Test func theCoordinatorPagesThroughTheDistrictPseudonymised() async throws {
        try await withLotse { context in
            _ = try await Self.fill(context)
            let coordinator = context.browser()
            try await coordinator.signIn(context.fixture.users[.coordinator]!)
            let page = try await coordinator.get(SiteURL.cases.path).body.string
            #expect(page.contains("Die neuesten 50 von 125 Fällen"))
            #expect(!page.contains("Klient*in</th>"))
        }
    }
}
