import Fluent
import Foundation
import LotseCore
import Vapor

/// Bringing existing work in (issue 19, part 8). Every row goes through the same desk and the same
/// checks as a form would, inside one transaction: a refused row rolls everything back, and the
/// answer lists every refused row with its reasons, as the directory's import does.
struct HistoryImport {
    let kind: HistoryImportKind
    let scope: AccessScope
    let actorID: UUID
    let now: Date
    let audit: AuditContext
    let app: Application

    struct Rejected: Error, Sendable {
        let rows: [DirectoryTransfer.RejectedRow]
    }

    struct Summary: Sendable, Encodable {
        let kind: String
        let rows: Int
        let created: String
    }

    /// The action a kind needs: the programme's posts, the steering's bodies and meetings, case work's findings.
    static func action(_ kind: HistoryImportKind) -> Action {
        switch kind {
        case .positions: .manageProgramme
        case .bodies, .meetings: .manageBodies
        case .findings: .workOnCases
        }
    }

    func run(_ text: String, on database: any Database) async throws -> Summary {
        let rows: [[String]]
        do {
            rows = try CSV.parse(text)
        } catch let error as CSV.ParseError {
            throw Rejected(rows: [.init(line: error.line, reasons: ["Ein Anführungszeichen wird nicht geschlossen."])])
        }
        guard let first = rows.first, first.map({ CSV.value($0).trimmingCharacters(in: .whitespaces) }) == kind.header else {
            throw Rejected(rows: [.init(line: 1, reasons: ["Die erste Zeile muss die Spaltenköpfe enthalten: " + kind.header.joined(separator: ";")])])
        }
        var lines: [(line: Int, cells: [String])] = []
        var rejected: [DirectoryTransfer.RejectedRow] = []
        for (offset, raw) in rows.dropFirst().enumerated() where !raw.allSatisfy({ CSV.value($0).trimmingCharacters(in: .whitespaces).isEmpty }) {
            if raw.count != kind.header.count {
                rejected.append(.init(line: offset + 2, reasons: ["Die Zeile hat \(raw.count) statt \(kind.header.count) Spalten."]))
            } else {
                lines.append((offset + 2, raw.map { CSV.value($0).trimmingCharacters(in: .whitespaces) }))
            }
        }
        guard rejected.isEmpty else { throw Rejected(rows: rejected) }
        guard !lines.isEmpty else { throw Rejected(rows: [.init(line: 2, reasons: ["Die Datei enthält keine Zeile unter den Spaltenköpfen."])]) }
        let rowsToApply = lines
        let outcome = try await database.transaction { db in
            var refused: [DirectoryTransfer.RejectedRow] = []
            var counts: [String: Int] = [:]
            let applier = try await Applier(importer: self, db: db)
            for (line, cells) in rowsToApply {
                do {
                    for made in try await applier.apply(cells) { counts[made, default: 0] += 1 }
                } catch let failure as ValidationFailure {
                    refused.append(.init(line: line, reasons: failure.errors.map(\.message)))
                } catch let error as PublicError {
                    refused.append(.init(line: line, reasons: [error.reason]))
                }
            }
            // Refused: nothing stays (the transaction rolls back).
            if !refused.isEmpty { throw Rejected(rows: refused) }
            return counts
        }
        let created = outcome.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return Summary(kind: kind.rawValue, rows: rowsToApply.count, created: created.isEmpty ? "nichts Neues" : created)
    }
}

/// Applies one row after the other through the desks, on the import's transaction.
private final class Applier: @unchecked Sendable {
    let importer: HistoryImport
    let db: any Database
    let towns: [String: UUID]
    let regions: [String: UUID]
    let words: DistrictWords
    /// Posts and bodies made by earlier rows, by name.
    var positions: [String: UUID] = [:]
    var bodies: [String: UUID] = [:]

    init(importer: HistoryImport, db: any Database) async throws {
        self.importer = importer
        self.db = db
        let district = importer.scope.districtID
        towns = Dictionary(try await Municipality.query(on: db).filter(\.$districtID == district).all().compactMap { t in t.id.map { (t.name.lowercased(), $0) } },
                           uniquingKeysWith: { first, _ in first })
        regions = Dictionary(try await Region.query(on: db).filter(\.$districtID == district).all().compactMap { r in r.id.map { (r.name.lowercased(), $0) } },
                             uniquingKeysWith: { first, _ in first })
        words = try await DistrictWords.load(district, on: db)
        for body in try await Body.query(on: db).filter(\.$districtID == district).all() { bodies[body.name.lowercased()] = body.id }
        for position in try await Position.query(on: db).filter(\.$districtID == district).all() { positions[position.title.lowercased()] = position.id }
    }

    var programme: ProgrammeDesk {
        ProgrammeDesk(scope: importer.scope, db: db, audit: importer.audit, now: importer.now, actorID: importer.actorID, recordKeys: importer.app.lotse.recordKeys)
    }

    func steering() throws -> SteeringDesk {
        SteeringDesk(scope: importer.scope, db: db, audit: importer.audit, now: importer.now, actorID: importer.actorID,
                     people: try importer.app.knownPeople(audit: importer.audit))
    }

    /// A value of a list the file names by code, German name or the district's own word.
    func choice<V: Vocabulary>(_ text: String, _ type: V.Type, column: String, named: (V) -> String = { $0.germanName },
                               into failure: inout ValidationFailure) -> V? {
        if text.isEmpty { return nil }
        if let own = V.allCases.first(where: { named($0).lowercased() == text.lowercased() }) { return own }
        guard let value = V(codeOrName: text) else {
            failure.add(column, "\(column): „\(text)“ ist unbekannt. Möglich: \(V.allCases.map(named).joined(separator: "; ")).")
            return nil
        }
        return value
    }

    func list(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func townIDs(_ text: String, column: String, into failure: inout ValidationFailure) -> [UUID] {
        list(text).compactMap { name in
            guard let id = towns[name.lowercased()] else { failure.add(column, "\(column): Eine Kommune „\(name)“ gibt es in diesem Kreis nicht."); return nil }
            return id
        }
    }

    /// "2", "II", "Case Management", "Modul II": a block by number, title or name.
    func block(_ text: String, into failure: inout ValidationFailure) -> BuildingBlock? {
        let folded = text.lowercased()
        for block in BuildingBlock.allCases {
            let numbers = [String(block.number), BlockNumbering.roman.text(block.number).lowercased()]
            if numbers.contains(folded) || numbers.contains(where: { folded.hasSuffix(" \($0)") })
                || block.title.lowercased() == folded || words.blockName(block).lowercased() == folded || block.rawValue.lowercased() == folded { return block }
        }
        failure.add("Baustein", "\(words.blockWord): „\(text)“ ist unbekannt. Möglich: 1, 2, 3 oder ihr Titel.")
        return nil
    }

    /// What the row made, for the summary ("Stellen", "Änderungen", …).
    func apply(_ cells: [String]) async throws -> [String] {
        switch importer.kind {
        case .positions: try await position(cells)
        case .bodies: try await body(cells)
        case .meetings: try await meeting(cells)
        case .findings: try await finding(cells)
        }
    }

    func position(_ c: [String]) async throws -> [String] {
        var failure = ValidationFailure()
        let status = choice(c[8], PositionStatus.self, column: "Stand", into: &failure)
        if c[8].isEmpty { failure.add("Stand", "Stand: Bitte geben Sie den Stand an (geplant, ausgeschrieben, besetzt, unbesetzt).") }
        let change = ProgrammeDesk.ChangeInput(status: status, day: c[7], note: c[10], fte: "")
        if let existing = positions[c[0].lowercased()] {
            try failure.throwIfAny()
            var later = change
            later.fte = c[9]
            try await programme.changePosition(later, id: existing)
            return ["Änderungen von Stellen"]
        }
        let block = block(c[1], into: &failure)
        let employer = choice(c[2], Employer.self, column: "Anstellungsträger", into: &failure)
        let municipalities = townIDs(c[3], column: "Kommunen", into: &failure)
        var region: UUID?
        if !c[4].isEmpty {
            region = regions[c[4].lowercased()]
            if region == nil { failure.add("Region", "Region: Eine Region „\(c[4])“ gibt es in diesem Kreis nicht.") }
        }
        try failure.throwIfAny()
        let made = try await programme.createPosition(.init(buildingBlock: block, title: c[0], fte: c[9], employer: employer, municipalityIDs: municipalities,
                                                            regionID: region, fundedFrom: c[5], fundedUntil: c[6]), first: change)
        positions[c[0].lowercased()] = made.id
        return ["Stellen"]
    }

    func body(_ c: [String]) async throws -> [String] {
        var made: [String] = []
        let desk = try steering()
        var id = bodies[c[0].lowercased()]
        if id == nil {
            var failure = ValidationFailure()
            let kind = choice(c[1], BodyKind.self, column: "Art", named: words.name, into: &failure)
            let town = townIDs(c[2], column: "Kommune", into: &failure).first
            try failure.throwIfAny()
            let body = try await desk.createBody(.init(name: c[0], kind: kind, municipalityID: town, mandate: c[3], ageBands: list(c[4])), on: db)
            id = body.id
            bodies[c[0].lowercased()] = body.id
            made.append("Gremien")
        }
        if !c[5].isEmpty, let bodyID = id {
            let known = try await BodyMember.query(on: db).filter(\.$bodyID == bodyID).all().map { $0.name.lowercased() }
            if !known.contains(c[5].lowercased()) {
                try await desk.addMember(.init(name: c[5], organisation: c[6], function: c[7]), bodyID: bodyID)
                made.append("Mitglieder")
            }
        }
        return made
    }

    func meeting(_ c: [String]) async throws -> [String] {
        guard let bodyID = bodies[c[0].lowercased()] else {
            var failure = ValidationFailure()
            failure.add("Gremium", "Gremium: „\(c[0])“ gibt es nicht. Bitte übernehmen Sie zuerst die Gremien.")
            throw failure
        }
        let desk = try steering()
        var made: [String] = []
        var failure = ValidationFailure()
        // A past meeting needs its day: an empty one is not "today" here.
        if c[1].isEmpty { failure.add("Datum", "Datum: Bitte geben Sie den Tag der Sitzung an.") }
        let day = c[1].isEmpty ? nil : Check.dayOfWork(c[1], field: "Datum", label: "das Datum der Sitzung", today: desk.today, into: &failure)
        try failure.throwIfAny()
        var meeting = try await Meeting.query(on: db).filter(\.$bodyID == bodyID).filter(\.$heldOn == day ?? "").first()
        if meeting == nil {
            meeting = try await desk.createMeeting(bodyID: bodyID, heldOn: day ?? "", place: c[2])
            made.append("Sitzungen")
        }
        if !c[3].isEmpty, let meetingID = meeting?.id {
            var checks = ValidationFailure()
            let kind = choice(c[4], DecisionKind.self, column: "Art des Beschlusses", into: &checks)
            let status = c[7].isEmpty ? DecisionStatus.open : choice(c[7], DecisionStatus.self, column: "Stand", into: &checks)
            try checks.throwIfAny()
            let decision = try await desk.decide(.init(text: c[3], kind: kind, owner: c[5], dueOn: c[6]), meetingID: meetingID)
            if let status, status != .open { try await desk.setStatus(status, decisionID: try decision.requireID()) }
            made.append("Beschlüsse")
        }
        return made
    }

    func finding(_ c: [String]) async throws -> [String] {
        guard let wrapper = importer.app.lotse.clientKeys, let blindIndex = importer.app.lotse.blindIndex else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.")
        }
        let desk = CaseDesk(scope: importer.scope, db: db, vault: ClientVault(keys: importer.app.db(.keyStore), wrapper: wrapper), blindIndex: blindIndex,
                            audit: importer.audit, now: importer.now, actorID: importer.actorID)
        guard let file = try await CaseFile.query(on: db).filter(\.$districtID == importer.scope.districtID).filter(\.$number == c[0]).first(),
              importer.scope.contains(ResourceLocation(districtID: file.districtID, municipalityID: file.municipalityID)) else {
            var failure = ValidationFailure()
            failure.add("Fall", "Fall: Einen Fall „\(c[0])“ gibt es in Ihren Kommunen nicht.")
            throw failure
        }
        var failure = ValidationFailure()
        let category = choice(c[2], FindingCategory.self, column: "Art", into: &failure)
        let domain = choice(c[3], LifeDomain.self, column: "Handlungsfeld", into: &failure)
        let legal = list(c[4]).compactMap { choice($0, LegalDomain.self, column: "Rechtskreise", into: &failure) }
        let level = choice(c[5], FindingLevel.self, column: "Ebene", into: &failure)
        try failure.throwIfAny()
        _ = try await desk.reportFinding(.init(category: category, lifeDomain: domain, legalDomains: legal, level: level, description: c[6], reportedOn: c[1]),
                                         caseID: try file.requireID())
        return ["Erkenntnisse"]
    }
}
