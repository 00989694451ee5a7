import Fluent
import LotseCore
import Vapor

/// The data-protection officer's view of the audit trail: search by person, object, action and
/// time span, and export as CSV. Reading it is itself recorded.
struct AuditTrailController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.audit, use: search)
        routes.get(.auditExport, use: export)
    }

    struct SearchPage: Encodable {
        struct Row: Encodable {
            let sequence: String
            let time: String
            let person: String
            let address: String
            let action: String
            let object: String
            let outcome: String
            let isDenied: Bool
        }

        let people: [FormOption]
        let actions: [FormOption]
        let object: String
        let from: String
        let to: String
        let rows: [Row]
        let total: String
        let page: Int
        let pageCount: Int
        let previousPage: String?
        let nextPage: String?
        let export: String
        let search = SiteURL.audit
    }

    struct Query: Sendable {
        var person = ""
        var object = ""
        var action = ""
        var from = ""
        var to = ""

        init(_ req: Request) {
            person = req.queryText("person")
            object = req.queryText("objekt")
            action = req.queryText("aktion")
            from = req.queryText("von")
            to = req.queryText("bis")
        }

        /// `url` with this search (and a page) as its query.
        func address(_ url: SiteURL, page: Int? = nil) -> String {
            url.with([("person", person), ("objekt", object), ("aktion", action), ("von", from), ("bis", to)].filter { !$0.1.isEmpty }
                     + (page.map { [("seite", String($0))] } ?? []))
        }

        func filter() throws -> AuditTrailService.Filter {
            try AuditTrailService.filter(user: person, object: object, action: action, from: from, to: to,
                                         fields: ("person", "objekt", "aktion", "von", "bis"))
        }
    }

    func search(req: Request) async throws -> Response {
        let access = try req.authorize(.readAuditTrail)
        let query = Query(req)
        let page = max(1, (try? req.query.get(Int.self, at: "seite")) ?? 1)
        let names = try await AuditTrailService.actorNames(access.scope, on: req.db)
        var failure: ValidationFailure?
        var entries: [AuditEntry] = []
        var total = 0
        do {
            (entries, total) = try await AuditTrailService.search(try query.filter(), access.scope, page: page, perPage: Self.perPage, on: req.db)
        } catch let invalid as ValidationFailure {
            failure = invalid
        }
        try await req.audit.record(.auditRead, outcome: failure == nil ? .allowed : .failed, on: req.db)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        let content = SearchPage(
            people: names.sorted { $0.value < $1.value }.map { FormOption(value: $0.key.uuidString, label: $0.value, selected: $0.key.uuidString == query.person) },
            actions: AuditAction.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0.rawValue == query.action) },
            object: query.object, from: query.from, to: query.to,
            rows: entries.map { entry in
                SearchPage.Row(
                    sequence: String(entry.sequence), time: GermanFormat.dateTime(entry.occurredAt),
                    person: AuditTrailService.name(of: entry, in: names), address: entry.clientAddress,
                    action: AuditTrailService.label(entry.action),
                    object: entry.objectID.map { "\(entry.objectType ?? "") \($0)" } ?? (entry.objectType ?? "–"),
                    outcome: AuditOutcome(rawValue: entry.outcome)?.germanName ?? entry.outcome,
                    isDenied: entry.outcome != AuditOutcome.allowed.rawValue)
            },
            total: GermanFormat.number(total), page: page, pageCount: pageCount,
            previousPage: page > 1 ? query.address(.audit, page: page - 1) : nil,
            nextPage: page < pageCount ? query.address(.audit, page: page + 1) : nil,
            export: query.address(.auditExport))
        return try await req.render("audit/trail", title: "Protokoll", content: content,
                                    breadcrumbs: [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)], failure: failure)
    }

    func export(req: Request) async throws -> Response {
        let access = try req.authorize(.exportAuditTrail)
        let filter = try Query(req).filter()
        let text = try await AuditTrailService.csv(filter, access.scope, on: req.db)
        try await req.audit.record(.auditExported, on: req.db)
        return Download.csv(text, name: "lotse-protokoll")
    }
}
