import Fluent
import LotseCore
import Vapor

/// Annual reports (generate, edit, publish, print, export) and the state's controlling export.
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.reports, use: list)
        routes.post(.reports, use: generate)
        routes.get(.report(.key), use: show)
        routes.get(.reportEdit(.key), use: editForm)
        routes.post(.reportEdit(.key), use: edit)
        routes.post(.reportRegenerate(.key), use: regenerate)
        routes.post(.reportPublish(.key), use: publish)
        routes.get(.reportExport(.key, format: .key), use: export)
        routes.get(.controlling, use: controlling)
        routes.get(.controllingExport(format: .key), use: controllingExport)
    }

    static let crumbs = [ProgrammeController.start, ProgrammeController.home]
    static let reportsCrumb = LayoutContext.Crumb(label: "Erfahrungsberichte", href: SiteURL.reports.path)

    struct ListPage: Encodable {
        let reports: [Linked<ReportView>]
        let generate = SiteURL.reports
        let hasReports: Bool
        let periods: [FormOption]
        let mayManage: Bool
    }

    func list(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let reports = try await desk.reports()
        let previous = try await desk.period(nil).previous
        let page = ListPage(reports: reports.map { Linked($0, .report(.value($0.id))) }, hasReports: !reports.isEmpty, periods: ProgrammeController.periodChoices(previous, around: desk.today),
                            mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme))
        return try await req.render("programme/reports", title: "Erfahrungsberichte", content: page, breadcrumbs: Self.crumbs)
    }

    func generate(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let fields = try await req.formFields()
        let report = try await desk.generateReport(try await desk.period(fields.text("period")), replace: false)
        return req.seeOther(.report(.value(try report.requireID())), notice: .created)
    }

    struct ReportPage: Encodable {
        let report: ReportView
        let links: ProgrammeLinks.Report
        let html: String
        let mayManage: Bool
        let mayEdit: Bool
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let report = try await desk.report(try req.id("reportID"))
        let view = try desk.reportView(report)
        let mayManage = AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme)
        let page = ReportPage(report: view, links: .init(view.id), html: ReportDocument(markdown: report.text).html(baseLevel: 2), mayManage: mayManage,
                              mayEdit: mayManage && !view.isPublished)
        return try await req.render("programme/report", title: report.title, content: page, breadcrumbs: Self.crumbs + [Self.reportsCrumb])
    }

    static func editForm(_ id: UUID) -> FormView {
        var form = FormView(action: SiteURL.reportEdit(.value(id)).path, cancel: SiteURL.report(.value(id)).path, submit: "Entwurf speichern",
                            intro: ["Überschriften beginnen mit „# “ oder „## “, Aufzählungen mit „- “, Tabellenzeilen mit „|“. Leerzeilen trennen Absätze. Der Bericht enthält keine personenbezogenen Daten von Klient*innen; bitte fügen Sie keine hinzu."])
        form.add(.text, "title", "Titel", required: true)
        form.add(.textarea, "text", "Text des Berichts", required: true)
        return form
    }

    func editForm(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        let report = try await desk.requireDraft(id)
        return try await ProgrammeController.form(req, Self.editForm(id), "Erfahrungsbericht bearbeiten", .with(["title": report.title, "text": report.text]),
                                                  nil, Self.crumbs + [Self.reportsCrumb])
    }

    func edit(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        _ = try await desk.requireDraft(id)
        return try await ProgrammeController.submit(req, { f in
            try await desk.editReport(id, title: f.text("title"), text: f.first("text") ?? "")
            return SiteURL.report(.value(id)).path
        }, again: { f, failure in
            try await ProgrammeController.form(req, Self.editForm(id), "Erfahrungsbericht bearbeiten", f, failure, Self.crumbs + [Self.reportsCrumb])
        })
    }

    func regenerate(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let report = try await desk.requireDraft(try req.id("reportID"))
        let kind = report.periodKind
        _ = try await desk.generateReport(ReportingPeriod(kind: kind, startYear: report.periodStart), replace: true)
        return req.seeOther(.report(.value(try report.requireID())), notice: .saved)
    }

    func publish(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        try await desk.publishReport(id)
        return req.seeOther(.report(.value(id)), notice: .saved)
    }

    func export(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let file = try await desk.export(try req.id("reportID"), format: req.parameters.get("format") ?? "")
        return Download.file(file.body, contentType: file.contentType, filename: file.filename)
    }

    // MARK: Controlling

    struct ControllingPage: Encodable {
        struct Line: Encodable {
            let code: String
            let label: String
            let value: String
        }

        let period: PeriodView
        let periods: [FormOption]
        let threshold: Int
        let lines: [Line]
        let links: ProgrammeLinks.Controlling
    }

    func controlling(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let period = try await desk.period(req.queryText("period"))
        let row = try await desk.controlling(period)
        let lines = row.indicators.map { indicator in
            ControllingPage.Line(code: indicator.code, label: indicator.label,
                                 value: indicator.suppressed ? "< \(row.threshold)" : indicator.value.map { GermanFormat.number($0, fractionDigits: $0 == $0.rounded() ? 0 : 2) } ?? "–")
        }
        let page = ControllingPage(period: PeriodView(period), periods: ProgrammeController.periodChoices(period, around: desk.today), threshold: row.threshold, lines: lines,
                                   links: .init(period: period.key))
        return try await req.render("programme/controlling", title: "Controlling für das Land", content: page, breadcrumbs: Self.crumbs)
    }

    func controllingExport(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let file = try await desk.controllingFile(try await desk.period(req.queryText("period")), format: req.parameters.get("format") ?? "")
        return Download.file(file.body, contentType: file.contentType, filename: file.filename)
    }
}
