import Fluent
import Foundation
import LotseCore
import Vapor

/// The office's backlog page (issue 16, part 5): the figures month by month per procedure, a form
/// for one month, the CSV import (nothing stored while a line is wrong) and the export.
struct BacklogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.officeBacklog(.key), use: show)
        routes.post(.officeBacklog(.key), use: record)
        routes.on(.POST, SiteURL.officeBacklogImport(.key).pattern, body: .collect(maxSize: "4mb"), use: importFile)
        routes.get(.officeBacklogExport(.key), use: export)
    }

    struct Page: Encodable {
        struct Procedure: Encodable {
            let name: String
            let rows: [Row]
            let overSixChange: String
        }

        struct Row: Encodable {
            let month: String
            let received: Int
            let granted: Int
            let refused: Int
            let withdrawn: Int
            let pending: Int
            let overThree: Int
            let overSix: Int
        }

        struct CountField: Encodable {
            let key: String
            let label: String
            let value: String
        }

        let office: String
        let procedures: [Procedure]
        let hasFigures: Bool
        let form: CaseFormPage
        let counts: [CountField]
        let importAction: SiteURL
        let export: SiteURL
        let columns: String
        let rejected: [BacklogRules.RejectedLine]
        let hasRejected: Bool
        let imported: String?
    }

    func render(_ req: Request, officeID: UUID, _ fields: FormFields, rejected: [BacklogRules.RejectedLine] = [], imported: String? = nil,
                failure: ValidationFailure? = nil) async throws -> Response {
        let (office, reports) = try await req.backlogDesk().reports(officeID)
        var form = CaseFormPage(action: SiteURL.officeBacklog(.value(officeID)).path, cancel: SiteURL.offices.path)
        form.keep(fields)
        form.choose("procedure", Procedure.self, from: fields, only: Procedure.allCases.filter { office.kinds.contains($0.officeKind) })
        let procedures = Dictionary(grouping: reports, by: \.procedure).sorted { $0.key.rawValue < $1.key.rawValue }.map { procedure, rows in
            let change = BacklogRules.trend(rows.map(\.row)).overSixChange
            return Page.Procedure(
                name: procedure.germanName,
                rows: rows.sorted { $0.month > $1.month }.map {
                    .init(month: BacklogRules.germanMonth($0.month), received: $0.received, granted: $0.granted, refused: $0.refused,
                          withdrawn: $0.withdrawn, pending: $0.pending, overThree: $0.pendingOverThreeMonths, overSix: $0.pendingOverSixMonths)
                },
                overSixChange: change == 0 ? "unverändert" : change < 0 ? "\(-change) weniger" : "\(change) mehr")
        }
        let page = Page(
            office: office.name, procedures: procedures, hasFigures: !reports.isEmpty, form: form,
            counts: BacklogFigures.fields.map { .init(key: $0.key, label: $0.label, value: fields.text($0.key)) },
            importAction: .officeBacklogImport(.value(officeID)), export: .officeBacklogExport(.value(officeID)),
            columns: BacklogRules.header.joined(separator: "; "), rejected: rejected, hasRejected: !rejected.isEmpty, imported: imported)
        return try await req.render("offices/backlog", title: "Antragsstau: \(office.name)", content: page,
                                    breadcrumbs: OfficeController.officesCrumbs, failure: failure)
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.backlogDesk()
        let lastMonth = String(RetentionRule.day(RetentionRule.monthStart(desk.today), plus: -1).prefix(7))
        return try await render(req, officeID: try req.id("officeID"), .with(["month": BacklogRules.germanMonth(lastMonth)]))
    }

    func record(req: Request) async throws -> Response {
        let officeID = try req.id("officeID")
        let fields = try await req.formFields()
        do {
            try await req.backlogDesk().record(fields.backlogEntry, officeID: officeID)
            return req.seeOther(.officeBacklog(.value(officeID)), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await render(req, officeID: officeID, fields, failure: failure)
        }
    }

    func importFile(req: Request) async throws -> Response {
        let officeID = try req.id("officeID")
        let desk = try req.backlogDesk()
        let text = try await req.formFields().first("file") ?? ""
        var failure = ValidationFailure()
        guard !text.isEmpty else {
            failure.add("file", "Bitte wählen Sie eine CSV-Datei aus.")
            return try await render(req, officeID: officeID, FormFields(), failure: failure)
        }
        do {
            let imported = try await desk.importCSV(text, officeID: officeID)
            return try await render(req, officeID: officeID, FormFields(),
                                    imported: "Übernommen: \(imported.created) Monate neu, \(imported.updated) ersetzt.")
        } catch let rejected as BacklogDesk.Rejected {
            failure.add("file", "Die Datei wurde nicht übernommen: \(rejected.lines.count) Zeilen sind fehlerhaft. Bitte korrigieren Sie sie und laden Sie die Datei erneut hoch.")
            return try await render(req, officeID: officeID, FormFields(), rejected: rejected.lines, failure: failure)
        }
    }

    func export(req: Request) async throws -> Response {
        let (office, reports) = try await req.backlogDesk().reports(try req.id("officeID"))
        return Download.csv(BacklogRules.write(reports.sorted { ($0.month, $0.procedure.rawValue) < ($1.month, $1.procedure.rawValue) }.map(\.row)),
                            name: "antragsstau-" + office.name.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
