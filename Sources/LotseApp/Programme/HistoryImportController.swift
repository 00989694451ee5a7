import Fluent
import LotseCore
import Vapor

/// The page that brings existing work in (issue 19, part 8): one upload per kind the person may
/// bring in; the answer is the summary, or every refused row with its reasons.
struct HistoryImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.historyImport, use: page)
        routes.on(.POST, SiteURL.historyImportKind(.key).pattern, body: .collect(maxSize: "4mb"), use: importFile)
    }

    struct KindView: Encodable {
        let code: String
        let name: String
        let explanation: String
        let columns: String
        let action: SiteURL
        let rejected: [DirectoryTransfer.RejectedRow]
        let hasRejected: Bool
        let summary: HistoryImport.Summary?
    }

    struct Page: Encodable {
        let kinds: [KindView]
        let hasKinds: Bool
    }

    func render(_ req: Request, result: (kind: HistoryImportKind, rejected: [DirectoryTransfer.RejectedRow], summary: HistoryImport.Summary?)? = nil,
                failure: ValidationFailure? = nil) async throws -> Response {
        let actor = try req.requireSignedIn().actor
        let kinds = HistoryImportKind.allCases.filter { AccessPolicy.permits(actor, HistoryImport.action($0)) }
        guard !kinds.isEmpty else { throw PublicError.forbidden("Bestand übernehmen dürfen die Koordination (Stellen, Gremien, Sitzungen) und das Case Management (Erkenntnisse).") }
        let views = kinds.map { kind in
            let mine = result?.kind == kind
            return KindView(code: kind.rawValue, name: kind.germanName, explanation: kind.explanation, columns: kind.header.joined(separator: "; "),
                            action: .historyImportKind(.value(kind.rawValue)), rejected: mine ? result?.rejected ?? [] : [],
                            hasRejected: mine && !(result?.rejected.isEmpty ?? true), summary: mine ? result?.summary : nil)
        }
        return try await req.render("programme/import", title: "Bestand übernehmen", content: Page(kinds: views, hasKinds: true),
                                    breadcrumbs: [ProgrammeController.start], failure: failure, status: failure == nil ? nil : .unprocessableEntity)
    }

    func page(req: Request) async throws -> Response { try await render(req) }

    static func kind(_ req: Request) throws -> HistoryImportKind {
        guard let kind = HistoryImportKind(rawValue: req.parameters.get("kind") ?? "") else { throw PublicError.notFound }
        return kind
    }

    func importFile(req: Request) async throws -> Response {
        let kind = try Self.kind(req)
        let access = try req.authorize(HistoryImport.action(kind))
        let text = try await req.formFields().first("file-\(kind.rawValue)") ?? ""
        var failure = ValidationFailure()
        guard !text.isEmpty else {
            failure.add("file-\(kind.rawValue)", "Bitte wählen Sie eine CSV-Datei aus.")
            return try await render(req, result: (kind, [], nil), failure: failure)
        }
        do {
            let summary = try await HistoryImport(kind: kind, scope: access.scope, actorID: access.user.id ?? UUID(), now: req.now, audit: req.audit, app: req.application)
                .run(text, on: req.db)
            return try await render(req, result: (kind, [], summary))
        } catch let rejected as HistoryImport.Rejected {
            failure.add("file-\(kind.rawValue)", "Die Datei wurde nicht übernommen: \(rejected.rows.count) \(rejected.rows.count == 1 ? "Zeile ist" : "Zeilen sind") fehlerhaft. "
                        + "Bitte korrigieren Sie sie und laden Sie die Datei erneut hoch.")
            return try await render(req, result: (kind, rejected.rows, nil), failure: failure)
        }
    }
}

/// The same over the API: the CSV as the body.
struct HistoryImportAPIController {
    enum Outcome {
        case imported(HistoryImport.Summary)
        case rejected(DirectoryTransferAPIController.RejectedDTO)
    }

    func importCSV(req: Request, kind: HistoryImportKind) async throws -> Outcome {
        let access = try req.authorize(HistoryImport.action(kind))
        do {
            return .imported(try await HistoryImport(kind: kind, scope: access.scope, actorID: access.user.id ?? UUID(), now: req.now, audit: req.audit,
                                                     app: req.application).run(req.body.string ?? "", on: req.db))
        } catch let rejected as HistoryImport.Rejected {
            return .rejected(.init(reason: "Die Datei wurde nicht übernommen: \(rejected.rows.count) Zeilen sind fehlerhaft.", requestId: req.id, rows: rejected.rows))
        }
    }
}
