import Fluent
import Foundation
import LotseCore
import SQLKit
import Vapor

/// One row of a case list. For coordinators the client is nil: the pseudonymised view.
struct CaseRow: Encodable, Sendable {
    let id: UUID
    let number: String
    let municipality: String
    let phase: Coded
    let lifeDomains: [Coded]
    let openedOn: String
    let closedOn: String?
    let clientName: String?
    let nextReview: String?
    let overdueActions: Int?
    /// Processing restricted (Art. 18 GDPR): the page offers no step that changes it.
    var isRestricted = false
}

struct CaseFilter: Sendable {
    var phase: Phase?
    var lifeDomain: LifeDomain?
    var municipalityID: UUID?
    var includeClosed = false
    /// The keyset cursor: the page starts after this case number (numbers sort by year, then count).
    var after: String?
    var limit = CaseFilter.pageSize

    static let pageSize = 50
    static let largestPage = 200

    /// A case number as Lotse gives them: the year, a dash, the running number.
    static func isCaseNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 4 && parts[1].count >= 4 && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// What a case list shows of a case: read as a plain row, because a Fluent model cost the list
/// its reflection over every field of every row (16 % of `/cases`, issue 17).
struct CaseListing: Decodable, Sendable {
    let id: UUID
    let number: String
    let municipalityID: UUID
    let phase: Phase
    let lifeDomains: [LifeDomain]
    let openedOn: String
    let closedOn: String?
    let clientID: UUID?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, number, phase
        case municipalityID = "municipality_id", lifeDomains = "life_domains", openedOn = "opened_on", closedOn = "closed_on", clientID = "client_id"
    }

    /// The columns read, in the table's names.
    static let columns = CodingKeys.allCases.map(\.rawValue)

    init(_ file: CaseFile) throws {
        id = try file.requireID()
        number = file.number
        municipalityID = file.municipalityID
        phase = file.phase
        lifeDomains = file.lifeDomains
        openedOn = file.openedOn
        closedOn = file.closedOn
        clientID = file.clientID
    }
}

/// One page of a case list: what to show, where the next page starts, and how many match in all.
struct CasePage: Sendable {
    let files: [CaseListing]
    let next: String?
    let total: Int
}

/// Lists of cases. Case managers see their municipalities with names (an audited read of personal
/// data); coordinators see the district by case number only.
extension CaseDesk {

    /// A page of the cases in scope, newest number first. Every filter is a condition in SQL, so a
    /// page costs the same in a district of ten cases and of ten thousand; the page follows the
    /// index on (district, number), the count the covering index on (district, municipality, phase).
    func cases(_ filter: CaseFilter) async throws -> CasePage {
        guard let sql = db as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Die Fallliste braucht eine SQL-Datenbank.") }
        // A scope without a municipality sees no case (and `IN ()` is not valid on PostgreSQL).
        if let towns = scope.municipalityIDs, towns.isEmpty { return CasePage(files: [], next: nil, total: 0) }
        struct Count: Decodable { let total: Int }
        let total = try await matching(filter, sql.select()).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").first(decoding: Count.self)?.total ?? 0
        var page = matching(filter, sql.select()).columns(CaseListing.columns.map { SQLIdentifier($0) })
        if let after = filter.after { page = page.where("number", .lessThan, after) }
        let files = try await page.orderBy("number", .descending).limit(filter.limit + 1).all(decoding: CaseListing.self)
        let shown = Array(files.prefix(filter.limit))
        return CasePage(files: shown, next: files.count > filter.limit ? shown.last?.number : nil, total: total)
    }

    /// The cases in scope that pass the filter: one set of conditions for the count and the page.
    private func matching(_ filter: CaseFilter, _ select: SQLSelectBuilder) -> SQLSelectBuilder {
        var select = select.from(CaseFile.schema).where("district_id", .equal, scope.districtID)
        if let towns = scope.municipalityIDs { select = select.where("municipality_id", .in, Array(towns)) }
        if let town = filter.municipalityID { select = select.where("municipality_id", .equal, town) }
        if let phase = filter.phase {
            select = select.where("phase", .equal, phase)
        } else if !filter.includeClosed {
            select = select.where("phase", .in, Phase.open)
        }
        // Anonymised cases are closed ones: only a list that shows closed cases needs to leave them out.
        if filter.phase == .closed || (filter.phase == nil && filter.includeClosed) {
            select = select.where(SQLIdentifier("erased_on"), .is, SQLLiteral.null)
        }
        if let domain = filter.lifeDomain { select = select.where(Self.containsLifeDomain(domain, dialect: select.database.dialect.name)) }
        return select
    }

    /// The life domains are a list in one column: a JSON array on SQLite, a text array on PostgreSQL.
    static func containsLifeDomain(_ domain: LifeDomain, dialect: String?) -> SQLQueryString {
        dialect == "postgresql"
            ? "\(bind: domain.rawValue) = ANY(\(ident: "life_domains"))"
            : "\(ident: "life_domains") LIKE \(bind: "%\"" + domain.rawValue + "\"%")"
    }

    /// The clients of these cases (given by their ids and their clients' ids), opened: their names
    /// and ciphers by case id, in one query of each database (a list of hundreds of cases must not
    /// cost hundreds of round trips).
    func openedClients(ofCases files: [(id: UUID, clientID: UUID?)]) async throws -> [UUID: (name: String, cipher: ClientCipher)] {
        let clientIDs = Array(Set(files.compactMap(\.clientID)))
        guard !clientIDs.isEmpty else { return [:] }
        // Only the sealed identity, as plain rows: a Client model per row cost the list its
        // reflection over every field (issue 17).
        guard let sql = db as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Die Fallliste braucht eine SQL-Datenbank.") }
        struct Sealed: Decodable { let id: UUID; let sealed_identity: String }
        let sealed = Dictionary(try await sql.select().column("id").column("sealed_identity").from(Client.schema).where("id", .in, clientIDs)
            .all(decoding: Sealed.self).map { ($0.id, $0.sealed_identity) }, uniquingKeysWith: { first, _ in first })
        let ciphers = try await vault.ciphers(for: clientIDs)
        var result: [UUID: (name: String, cipher: ClientCipher)] = [:]
        for file in files {
            guard let clientID = file.clientID, let identityText = sealed[clientID], let cipher = ciphers[clientID] else { continue }
            let fileID = file.id
            let identity = try? cipher.openJSON(ClientIdentity.self, identityText, Client.schema, clientID, "identity")
            result[fileID] = ((identity ?? nil)?.fullName ?? "", cipher)
        }
        return result
    }

    /// Rows with the client's name (`withNames`) or pseudonymised; `municipalities` are the
    /// district's, when the caller has read them already.
    func rows(_ files: [CaseListing], withNames: Bool, municipalities: [Municipality]? = nil) async throws -> [CaseRow] {
        var all = municipalities ?? []
        if municipalities == nil { all = try await self.municipalities() }
        let towns = Dictionary(uniqueKeysWithValues: all.compactMap { town in town.id.map { ($0, town.name) } })
        let ids = files.map(\.id)
        let (nextReviews, overdue) = withNames ? try await reminders(of: ids) : ([:], [:])
        let opened = withNames ? try await openedClients(ofCases: files.map { ($0.id, $0.clientID) }) : [:]
        let restricted = withNames && !ids.isEmpty
            ? Set(try await CaseRestriction.query(on: db).filter(\.$caseFileID ~~ ids).filter(\.$liftedOn == nil).all().map(\.caseFileID)) : []
        var rows: [CaseRow] = []
        for file in files {
            let id = file.id
            let name = file.clientID == nil ? nil : (opened[id]?.name ?? "(gelöscht)")
            rows.append(CaseRow(
                id: id, number: file.number, municipality: towns[file.municipalityID] ?? "",
                phase: Coded(file.phase), lifeDomains: file.lifeDomains.map(Coded.init),
                openedOn: file.openedOn, closedOn: file.closedOn, clientName: withNames ? (name ?? "") : nil,
                nextReview: withNames ? nextReviews[id] : nil,
                overdueActions: withNames ? overdue[id] ?? 0 : nil, isRestricted: restricted.contains(id)))
        }
        if withNames && !files.isEmpty { try await record(.casesListed, "case", nil) }
        return rows
    }

    /// For each of these cases: the next unheld review's day and how many open actions are overdue,
    /// counted by the database (two grouped queries, not every reminder of the page as a model).
    private func reminders(of ids: [UUID]) async throws -> (nextReview: [UUID: String], overdueActions: [UUID: Int]) {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return ([:], [:]) }
        struct Next: Decodable { let case_file_id: UUID; let next: String? }
        struct Overdue: Decodable { let case_file_id: UUID; let overdue: Int }
        let next = try await sql.select().column("case_file_id").column(SQLFunction("MIN", args: SQLColumn("due_on")), as: "next").from(Review.schema)
            .where("case_file_id", .in, ids).where("held_on", .is, SQLLiteral.null).groupBy("case_file_id").all(decoding: Next.self)
        let overdue = try await sql.select().column("case_file_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "overdue").from(CaseAction.schema)
            .where("case_file_id", .in, ids).where("status", .equal, ActionStatus.open).where("due_on", .lessThan, today)
            .groupBy("case_file_id").all(decoding: Overdue.self)
        return (Dictionary(next.compactMap { row in row.next.map { (row.case_file_id, $0) } }, uniquingKeysWith: min),
                Dictionary(overdue.map { ($0.case_file_id, $0.overdue) }, uniquingKeysWith: +))
    }

    struct DueItem: Encodable, Sendable {
        let caseId: UUID
        let caseNumber: String
        let clientName: String
        let kind: String
        let text: String
        let dueOn: String
        let isOverdue: Bool
        /// The item's own place on the case page ("wiedervorlage-…"): a due entry leads to it, not to the top.
        let anchor: String
    }

    /// "Heute fällig": reviews, open actions and pre-check review days due today or earlier, in the open cases in scope,
    /// the longest overdue first; with `limit`, only that many of them (and `total` says how many
    /// are due in all), so a long backlog does not make the page slow.
    func dueItems(limit: Int? = nil) async throws -> (items: [DueItem], total: Int) {
        // Only what is due, joined with the open cases in scope, read as plain rows: the page costs
        // what is due, not what the district holds, and no Fluent model per row (issue 17).
        let reviews = try await due(Review.schema, where: [SQLBinaryExpression(left: SQLColumn("held_on", table: Review.schema), op: SQLBinaryOperator.is, right: SQLLiteral.null)],
                                    text: nil, limit: limit)
        let actions = try await due(CaseAction.schema, where: [SQLBinaryExpression(left: SQLColumn("status", table: CaseAction.schema), op: SQLBinaryOperator.equal, right: SQLBind(ActionStatus.open))],
                                    text: "sealed_text", limit: limit)
        // A pre-check's procedure is no secret (its answers are): it stands where the others' text does.
        let preChecks = try await due(PreCheck.schema, where: [], text: "procedure", limit: limit)
        // A help plan's review (issue 19, part 6); an ended plan has no day and is never due.
        let plans = try await due(HelpPlan.schema, where: [], text: nil, limit: limit)
        // Sorted and cut to the page before any client is opened: each table brings up to `limit`
        // rows, and opening the clients of all of them cost "Heute fällig" a twelfth of its time (issue 17).
        let pending = (reviews.rows.map { (DueKind.review, $0) } + actions.rows.map { (DueKind.action, $0) }
            + preChecks.rows.map { (DueKind.preCheck, $0) } + plans.rows.map { (DueKind.helpPlan, $0) })
            .sorted { ($0.1.due_on, $0.1.number) < ($1.1.due_on, $1.1.number) }
        guard !pending.isEmpty else { return ([], 0) }
        let shown = limit.map { Array(pending.prefix($0)) } ?? pending
        var cases: [UUID: UUID?] = [:]
        for (_, row) in shown { cases[row.case_file_id] = row.client_id }
        let opened = try await openedClients(ofCases: cases.map { ($0.key, $0.value) })
        let items = shown.map { kind, row in
            let client = opened[row.case_file_id]
            let (label, text, anchor): (String, String, String) = switch kind {
            case .review: ("Wiedervorlage", "Überprüfung der Ziele", "wiedervorlage-\(row.id)")
            case .action: ("Maßnahme", (try? client?.cipher.openJSON(ActionText.self, row.sealed_text ?? "", CaseAction.schema, row.id, "text"))??.what ?? "",
                           "massnahme-\(row.id)")
            case .preCheck: ("Vorprüfung", "Wiedervorlage: " + (row.sealed_text.flatMap(Procedure.init(rawValue:))?.germanName ?? ""), "vorpruefung-\(row.id)")
            case .helpPlan: ("Hilfeplan", "Überprüfung des Hilfeplans", "hilfeplan-\(row.id)")
            }
            return DueItem(caseId: row.case_file_id, caseNumber: row.number, clientName: client?.name ?? "", kind: label, text: text,
                           dueOn: row.due_on, isOverdue: row.due_on < today, anchor: anchor)
        }
        try await record(.casesListed, "case", nil)
        return (items, limit == nil ? items.count : reviews.total + actions.total + preChecks.total + plans.total)
    }

    private enum DueKind { case review, action, preCheck, helpPlan }

    /// A due reminder of one table (reviews or actions) with its case's number and client.
    private struct DueRow: Decodable {
        let id: UUID
        let case_file_id: UUID
        let due_on: String
        let sealed_text: String?
        let number: String
        let client_id: UUID?
        /// How many rows are due in all, whatever the limit.
        let due_total: Int
    }

    /// The rows of `table` due today or earlier in the open cases in scope, the longest overdue
    /// first; with `limit`, that many and the count of all.
    private func due(_ table: String, where conditions: [any SQLExpression], text: String?, limit: Int?) async throws -> (rows: [DueRow], total: Int) {
        guard let sql = db as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Diese Liste braucht eine SQL-Datenbank.") }
        // A scope without a municipality has nothing due (and `IN ()` is not valid on PostgreSQL).
        if let towns = scope.municipalityIDs, towns.isEmpty { return ([], 0) }
        func column(_ name: String, _ of: String = table) -> SQLColumn { SQLColumn(name, table: of) }
        func scoped(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            var select = select.from(table)
                .join(CaseFile.schema, on: SQLBinaryExpression(left: column("case_file_id"), op: SQLBinaryOperator.equal, right: column("id", CaseFile.schema)))
                .where(SQLBinaryExpression(left: column("due_on"), op: SQLBinaryOperator.lessThanOrEqual, right: SQLBind(today)))
                .where(SQLBinaryExpression(left: column("district_id", CaseFile.schema), op: SQLBinaryOperator.equal, right: SQLBind(scope.districtID)))
                .where(SQLBinaryExpression(left: column("phase", CaseFile.schema), op: SQLBinaryOperator.in, right: SQLBind.group(Phase.open)))
            for condition in conditions { select = select.where(condition) }
            if let towns = scope.municipalityIDs {
                select = select.where(SQLBinaryExpression(left: column("municipality_id", CaseFile.schema), op: SQLBinaryOperator.in, right: SQLBind.group(Array(towns))))
            }
            return select
        }
        // The count of all due rows comes with each row (a window over the whole result, taken
        // before the limit): one pass over the scope instead of a second query for the count (issue 17).
        // Tried on 03.12.: a COUNT of its own, only when the page is full. Run alone on the file
        // it was faster (1.0 + 1.0 ms against 2.9 ms for the actions of a Kreis), but the
        // start page became slower one request at a time (median 9.1 → 10.7 ms): the two extra
        // statements cost more than the window's sort.
        var select = scoped(sql.select()).column(column("id")).column(column("case_file_id")).column(column("due_on"))
            .column(SQLAlias(text.map { column($0) as any SQLExpression } ?? SQLLiteral.null, as: SQLIdentifier("sealed_text")))
            .column(column("number", CaseFile.schema)).column(column("client_id", CaseFile.schema))
            .column(SQLAlias(SQLQueryString("COUNT(*) OVER ()"), as: SQLIdentifier("due_total")))
            .orderBy(column("due_on"))
        if let limit { select = select.limit(limit) }
        let rows = try await select.all(decoding: DueRow.self)
        return (rows, rows.first?.due_total ?? 0)
    }
}
