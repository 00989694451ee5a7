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

/// One page of a case list: what to show, where the next page starts, and how many match in all.
struct CasePage: Sendable {
    let files: [CaseFile]
    let next: String?
    let total: Int
}

/// Lists of cases. Case managers see their municipalities with names (an audited read of personal
/// data); coordinators see the district by case number only.
extension CaseDesk {

    /// A page of the cases in scope, newest number first. Every filter is a condition in SQL, so a
    /// page costs the same in a district of ten cases and of ten thousand; the count comes from
    /// the index on (district, number).
    func cases(_ filter: CaseFilter) async throws -> CasePage {
        let total = try await caseQuery(filter).count()
        var query = caseQuery(filter)
        if let after = filter.after { query = query.filter(\.$number < after) }
        let files = try await query.sort(\.$number, .descending).limit(filter.limit + 1).all()
        let shown = Array(files.prefix(filter.limit))
        return CasePage(files: shown, next: files.count > filter.limit ? shown.last?.number : nil, total: total)
    }

    private func caseQuery(_ filter: CaseFilter) -> QueryBuilder<CaseFile> {
        var query = CaseFile.query(on: db).filter(\.$districtID == scope.districtID)
        if let towns = scope.municipalityIDs { query = query.filter(\.$municipalityID ~~ Array(towns)) }
        if let town = filter.municipalityID { query = query.filter(\.$municipalityID == town) }
        if let phase = filter.phase {
            query = query.filter(\.$phase == phase)
        } else if !filter.includeClosed {
            query = query.filter(\.$phase != .closed)
        }
        if let domain = filter.lifeDomain { query = query.filter(.sql(Self.containsLifeDomain(domain, dialect: (db as? any SQLDatabase)?.dialect.name))) }
        return query
    }

    /// The life domains are a list in one column: a JSON array on SQLite, a text array on PostgreSQL.
    static func containsLifeDomain(_ domain: LifeDomain, dialect: String?) -> SQLQueryString {
        dialect == "postgresql"
            ? "\(bind: domain.rawValue) = ANY(\(ident: "life_domains"))"
            : "\(ident: "life_domains") LIKE \(bind: "%\"" + domain.rawValue + "\"%")"
    }

    /// The clients of these cases, opened: their names and ciphers by case id, in one query of
    /// each database (a list of hundreds of cases must not cost hundreds of round trips).
    func openedClients(of files: [CaseFile]) async throws -> [UUID: (name: String, cipher: ClientCipher)] {
        let clientIDs = Array(Set(files.compactMap(\.clientID)))
        guard !clientIDs.isEmpty else { return [:] }
        let clients = Dictionary(uniqueKeysWithValues: try await Client.query(on: db).filter(\.$id ~~ clientIDs).all()
            .compactMap { client in client.id.map { ($0, client) } })
        let ciphers = try await vault.ciphers(for: clientIDs)
        var result: [UUID: (name: String, cipher: ClientCipher)] = [:]
        for file in files {
            guard let fileID = file.id, let clientID = file.clientID, let client = clients[clientID], let cipher = ciphers[clientID] else { continue }
            let identity = try? cipher.openJSON(ClientIdentity.self, client.sealedIdentity, Client.schema, clientID, "identity")
            result[fileID] = ((identity ?? nil)?.fullName ?? "", cipher)
        }
        return result
    }

    /// Rows with the client's name (`withNames`) or pseudonymised.
    func rows(_ files: [CaseFile], withNames: Bool) async throws -> [CaseRow] {
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        let ids = files.compactMap(\.id)
        let reviews = ids.isEmpty ? [] : try await Review.query(on: db).filter(\.$caseFileID ~~ ids).filter(\.$heldOn == nil).all()
        let actions = ids.isEmpty ? [] : try await CaseAction.query(on: db).filter(\.$caseFileID ~~ ids).filter(\.$status == .open).all()
        let opened = withNames ? try await openedClients(of: files) : [:]
        var rows: [CaseRow] = []
        for file in files {
            let id = try file.requireID()
            let name = file.clientID == nil ? nil : (opened[id]?.name ?? "(gelöscht)")
            rows.append(CaseRow(
                id: id, number: file.number, municipality: towns[file.municipalityID] ?? "",
                phase: Coded(file.phase), lifeDomains: file.lifeDomains.map(Coded.init),
                openedOn: file.openedOn, closedOn: file.closedOn, clientName: withNames ? (name ?? "") : nil,
                nextReview: withNames ? reviews.filter { $0.caseFileID == id }.map(\.dueOn).min() : nil,
                overdueActions: withNames ? actions.filter { $0.caseFileID == id && $0.dueOn < today }.count : nil))
        }
        if withNames && !files.isEmpty { try await record(.casesListed, "case", nil) }
        return rows
    }

    struct DueItem: Encodable, Sendable {
        let caseId: UUID
        let caseNumber: String
        let clientName: String
        let kind: String
        let text: String
        let dueOn: String
        let isOverdue: Bool
    }

    /// "Heute fällig": reviews and open actions due today or earlier, in the open cases in scope,
    /// the longest overdue first; with `limit`, only that many of them (and `total` says how many
    /// are due in all), so a long backlog does not make the page slow.
    func dueItems(limit: Int? = nil) async throws -> (items: [DueItem], total: Int) {
        // Only what is due, joined with the open cases in scope: the page costs what is due, not
        // what the district holds.
        var reviewQuery = Review.query(on: db).join(CaseFile.self, on: \Review.$caseFileID == \CaseFile.$id)
            .filter(\.$heldOn == nil).filter(\.$dueOn <= today)
        var actionQuery = CaseAction.query(on: db).join(CaseFile.self, on: \CaseAction.$caseFileID == \CaseFile.$id)
            .filter(\.$status == .open).filter(\.$dueOn <= today)
        reviewQuery = reviewQuery.filter(CaseFile.self, \.$districtID == scope.districtID).filter(CaseFile.self, \.$phase != .closed)
        actionQuery = actionQuery.filter(CaseFile.self, \.$districtID == scope.districtID).filter(CaseFile.self, \.$phase != .closed)
        if let towns = scope.municipalityIDs {
            reviewQuery = reviewQuery.filter(CaseFile.self, \.$municipalityID ~~ Array(towns))
            actionQuery = actionQuery.filter(CaseFile.self, \.$municipalityID ~~ Array(towns))
        }
        var total: Int?
        if let limit {
            total = try await reviewQuery.copy().count() + actionQuery.copy().count()
            reviewQuery = reviewQuery.sort(\.$dueOn).limit(limit)
            actionQuery = actionQuery.sort(\.$dueOn).limit(limit)
        }
        let reviews = try await reviewQuery.all()
        let actions = try await actionQuery.all()
        let due = Set(reviews.map(\.caseFileID) + actions.map(\.caseFileID))
        guard !due.isEmpty else { return ([], 0) }
        let files = try await CaseFile.query(on: db).filter(\.$id ~~ Array(due)).all()
        let byID = Dictionary(uniqueKeysWithValues: files.compactMap { file in file.id.map { ($0, file) } })
        let opened = try await openedClients(of: files)
        let names = opened.mapValues(\.name)
        let ciphers = opened.mapValues(\.cipher)
        var items: [DueItem] = []
        for review in reviews {
            guard let file = byID[review.caseFileID] else { continue }
            items.append(DueItem(caseId: review.caseFileID, caseNumber: file.number, clientName: names[review.caseFileID] ?? "",
                                 kind: "Wiedervorlage", text: "Überprüfung der Ziele", dueOn: review.dueOn, isOverdue: review.dueOn < today))
        }
        for action in actions {
            guard let file = byID[action.caseFileID] else { continue }
            let text = (try? ciphers[action.caseFileID]?.openJSON(ActionText.self, action.sealedText, CaseAction.schema, action.id, "text"))??.what ?? ""
            items.append(DueItem(caseId: action.caseFileID, caseNumber: file.number, clientName: names[action.caseFileID] ?? "",
                                 kind: "Maßnahme", text: text, dueOn: action.dueOn, isOverdue: action.dueOn < today))
        }
        if !items.isEmpty { try await record(.casesListed, "case", nil) }
        let sorted = items.sorted { ($0.dueOn, $0.caseNumber) < ($1.dueOn, $1.caseNumber) }
        return (limit.map { Array(sorted.prefix($0)) } ?? sorted, total ?? sorted.count)
    }
}
