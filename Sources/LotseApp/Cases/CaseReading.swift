import Fluent
import Foundation
import LotseCore
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
}

/// Lists of cases. Case managers see their municipalities with names (an audited read of personal
/// data); coordinators see the district by case number only.
extension CaseDesk {

    func cases(_ filter: CaseFilter) async throws -> [CaseFile] {
        var query = CaseFile.query(on: db).filter(\.$districtID == scope.districtID)
        if let towns = scope.municipalityIDs { query = query.filter(\.$municipalityID ~~ Array(towns)) }
        if let town = filter.municipalityID { query = query.filter(\.$municipalityID == town) }
        if let phase = filter.phase {
            query = query.filter(\.$phase == phase)
        } else if !filter.includeClosed {
            query = query.filter(\.$phase != .closed)
        }
        let files = try await query.sort(\.$number, .descending).limit(500).all()
        guard let domain = filter.lifeDomain else { return files }
        return files.filter { $0.lifeDomains.contains(domain) }
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

    /// "Heute fällig": reviews and open actions due today or earlier, in the open cases in scope.
    func dueItems() async throws -> [DueItem] {
        let files = try await cases(CaseFilter())
        let byID = Dictionary(uniqueKeysWithValues: files.compactMap { file in file.id.map { ($0, file) } })
        let ids = Array(byID.keys)
        guard !ids.isEmpty else { return [] }
        let reviews = try await Review.query(on: db).filter(\.$caseFileID ~~ ids).filter(\.$heldOn == nil).filter(\.$dueOn <= today).all()
        let actions = try await CaseAction.query(on: db).filter(\.$caseFileID ~~ ids).filter(\.$status == .open)
            .filter(\.$dueOn <= today).all()
        let due = Set(reviews.map(\.caseFileID) + actions.map(\.caseFileID))
        let opened = try await openedClients(of: files.filter { due.contains($0.id ?? UUID()) })
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
        return items.sorted { ($0.dueOn, $0.caseNumber) < ($1.dueOn, $1.caseNumber) }
    }
}
