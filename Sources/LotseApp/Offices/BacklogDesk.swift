import Fluent
import Foundation
import LotseCore
import Vapor

/// The offices' backlog figures (issue 16, part 5): each office reports, for each month and
/// procedure, what came in, what was decided and what is pending, by hand or as a CSV file in the
/// offices' export shape. Only the office's own staff report; an import changes nothing unless
/// every row is clean. Counts only.
struct BacklogDesk: PlainDesk {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID

    struct Entry: Sendable {
        var month = ""
        var procedure: Procedure?
        /// The counts as typed, by field key (`BacklogFigures.fields`).
        var counts: [String: String] = [:]
    }

    struct Imported: Sendable, Equatable {
        var created = 0
        var updated = 0
    }

    struct Rejected: Error, Sendable {
        let lines: [BacklogRules.RejectedLine]
    }

    func ownOffice(_ officeID: UUID) async throws -> ImmigrationOffice {
        try await OfficeService.requireMember(officeID, userID: actorID, districtID: scope.districtID, what: "Die Zahlen zum Antragsstau", on: db)
    }

    /// The office's reports, newest month first.
    func reports(_ officeID: UUID) async throws -> (ImmigrationOffice, [BacklogReport]) {
        let office = try await ownOffice(officeID)
        let reports = try await BacklogReport.query(on: db).filter(\.$officeID == officeID).sort(\.$month, .descending).all()
            .sorted { ($1.month, $0.procedure.rawValue) < ($0.month, $1.procedure.rawValue) }
        return (office, reports)
    }

    /// One month and procedure, by hand; a month already reported is replaced.
    func record(_ entry: Entry, officeID: UUID) async throws {
        let office = try await ownOffice(officeID)
        var failure = ValidationFailure()
        let month = BacklogRules.month(entry.month)
        if month == nil { failure.add("month", BacklogRules.Problem.monthUnreadable.message) }
        if let month, !BacklogRules.isReportable(month, today: today) { failure.add("month", BacklogRules.Problem.monthInFuture.message) }
        Check.choice(entry.procedure, field: "procedure", label: "das Verfahren", into: &failure)
        if let procedure = entry.procedure { checkKind(procedure, office: office, field: "procedure", into: &failure) }
        let (figures, problems) = BacklogRules.figures(entry.counts)
        for (key, problem) in problems { failure.add(key, problem.message) }
        let (validMonth, procedure) = try failure.checked(month, entry.procedure)
        try await db.transaction { db in
            _ = try await upsert(.init(month: validMonth, procedure: procedure, figures: figures), office: office, on: db)
            try await audit.record(.backlogRecorded, object: (ImmigrationOffice.schema, office.id), on: db)
        }
    }

    /// A whole file: every line checked first; with any problem nothing is stored.
    func importCSV(_ text: String, officeID: UUID) async throws -> Imported {
        let office = try await ownOffice(officeID)
        let cells: [[String]]
        do {
            cells = try CSV.parse(text)
        } catch let error as CSV.ParseError {
            throw Rejected(lines: [.init(line: error.line, reasons: ["Ein Anführungszeichen wird nicht geschlossen."])])
        }
        let rows: [BacklogRules.Row]
        switch BacklogRules.read(cells, today: today) {
        case .success(let read): rows = read
        case .failure(let rejected): throw Rejected(lines: rejected.lines)
        }
        let wrongKind = rows.enumerated().compactMap { offset, row -> BacklogRules.RejectedLine? in
            var failure = ValidationFailure()
            checkKind(row.procedure, office: office, field: "procedure", into: &failure)
            return failure.errors.isEmpty ? nil : .init(line: offset + 2, reasons: failure.errors.map(\.message))
        }
        if !wrongKind.isEmpty { throw Rejected(lines: wrongKind) }
        return try await db.transaction { db in
            var imported = Imported()
            for row in rows {
                if try await upsert(row, office: office, on: db) { imported.created += 1 } else { imported.updated += 1 }
            }
            try await audit.record(.backlogImported, object: (ImmigrationOffice.schema, office.id), on: db)
            return imported
        }
    }

    /// An office reports only the procedures it decides.
    private func checkKind(_ procedure: Procedure, office: ImmigrationOffice, field: String, into failure: inout ValidationFailure) {
        if !office.kinds.contains(procedure.officeKind) {
            failure.add(field, "„\(office.name)“ ist keine \(procedure.officeKind.germanName); über \(procedure.germanName) entscheidet eine andere Behörde.")
        }
    }

    /// Stores `row`; true when it is new, false when it replaced the month's earlier report.
    private func upsert(_ row: BacklogRules.Row, office: ImmigrationOffice, on db: any Database) async throws -> Bool {
        let officeID = try office.requireID()
        let existing = try await BacklogReport.query(on: db).filter(\.$officeID == officeID).filter(\.$month == row.month)
            .filter(\.$procedure == row.procedure).first()
        let report = existing ?? BacklogReport()
        (report.districtID, report.officeID, report.month, report.procedure) = (scope.districtID, officeID, row.month, row.procedure)
        (report.recordedBy, report.recordedAt) = (actorID, now)
        report.figures = row.figures
        try await report.save(on: db)
        return existing == nil
    }
}

extension Request {
    func backlogDesk() throws -> BacklogDesk { try plainDesk(BacklogDesk.self, .reportBacklog) }
}

extension FormFields {
    /// One month's figures, from the browser or the API (numbers arrive as text either way).
    var backlogEntry: BacklogDesk.Entry {
        BacklogDesk.Entry(month: text("month"), procedure: choice("procedure", Procedure.self),
                          counts: Dictionary(uniqueKeysWithValues: BacklogFigures.fields.map { ($0.key, text($0.key)) }))
    }
}
