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
        routes.get(.reportRegenerate(.key), use: regenerateConfirm)
        routes.post(.reportRegenerate(.key), use: regenerate)
        routes.get(.reportPublish(.key), use: publishConfirm)
        routes.post(.reportPublish(.key), use: publish)
        routes.get(.reportVersion(.key, .key), use: version)
        routes.post(.reportVersionRestore(.key, .key), use: restore)
        routes.get(.reportExport(.key, format: .key), use: export)
        routes.get(.controlling, use: controlling)
        routes.get(.controllingExport(format: .key), use: controllingExport)
    }

    static let crumbs = [ProgrammeController.start, ProgrammeController.home]
    static let reportsCrumb = LayoutContext.Crumb(label: "Erfahrungsberichte", href: SiteURL.reports.path)

    struct ListPage: Encodable {
        let reports: [Linked<ReportView>]
        let generate = SiteURL.reports
        let texts = SiteURL.reportTexts
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
        return req.seeOther(.report(.value(try report.requireID())), notice: .reportCreated)
    }

    struct ReportPage: Encodable {
        struct Version: Encodable {
            let savedAt: String
            let cause: String
            let savedBy: String
            let link: SiteURL
        }

        let report: ReportView
        let links: ProgrammeLinks.Report
        let html: String
        let mayManage: Bool
        let mayEdit: Bool
        let versions: [Version]
        let hasVersions: Bool
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let report = try await desk.report(try req.id("reportID"))
        let view = try desk.reportView(report)
        let mayManage = AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme)
        let mayEdit = mayManage && !view.isPublished
        // Earlier texts are the coordination's working material: shown to those who keep the programme.
        let versions = mayManage ? try await desk.reportVersions(view.id).map { version in
            ReportPage.Version(savedAt: version.savedAt, cause: version.cause.name, savedBy: version.savedBy, link: .reportVersion(.value(view.id), .value(version.id)))
        } : []
        let page = ReportPage(report: view, links: .init(view.id), html: ReportDocument(markdown: report.text).html(baseLevel: 2), mayManage: mayManage,
                              mayEdit: mayEdit, versions: versions, hasVersions: !versions.isEmpty)
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
        }, notice: .reportEdited, again: { f, failure in
            try await ProgrammeController.form(req, Self.editForm(id), "Erfahrungsbericht bearbeiten", f, failure, Self.crumbs + [Self.reportsCrumb])
        })
    }

    var reportCrumbs: (AnnualReport) -> [LayoutContext.Crumb] {
        { report in Self.crumbs + [Self.reportsCrumb, .init(label: report.title, href: report.id.map { SiteURL.report(.value($0)).path })] }
    }

    /// Before the draft is written again: which sections the new text keeps, replaces, loses or adds.
    func regenerateConfirm(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let report = try await desk.requireDraft(try req.id("reportID"))
        let id = try report.requireID()
        let preview = try await desk.regenerationPreview(report)
        var page = ConfirmPage(action: SiteURL.reportRegenerate(.value(id)).path, submit: "Jetzt neu aus den Daten erzeugen", cancel: SiteURL.report(.value(id)).path)
        page.intro = [preview.changesAnything
            ? "Lotse schreibt den Entwurf „\(report.title)“ neu aus den heutigen Daten. So verändert sich der Text:"
            : "Der Entwurf „\(report.title)“ entspricht schon den heutigen Daten: Neu erzeugen änderte nichts."]
        page.changesCaption = "Abschnitte des Entwurfs"
        page.changes = preview.sections.map { .init(subject: $0.heading, effect: $0.change.germanName, isLoss: $0.change == .lost || $0.change == .replaced) }
        page.consequences = ["Der jetzige Text (auch alles, was Sie von Hand geschrieben haben) wird ersetzt.",
                             "Er bleibt unter „Frühere Fassungen“ erhalten. Sie können ihn dort ansehen, Abschnitte herauskopieren oder ihn ganz wiederherstellen."]
        page.isWarning = preview.sections.contains { $0.change == .lost }
        return try await req.confirm(page, title: "Bericht neu aus den Daten erzeugen?", breadcrumbs: reportCrumbs(report))
    }

    func regenerate(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let report = try await desk.requireDraft(try req.id("reportID"))
        let kind = report.periodKind
        _ = try await desk.generateReport(ReportingPeriod(kind: kind, startYear: report.periodStart), replace: true)
        return req.seeOther(.report(.value(try report.requireID())), notice: .reportRegenerated)
    }

    /// Check your answers before the report is frozen for good.
    func publishConfirm(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let report = try await desk.requireDraft(try req.id("reportID"))
        let view = try desk.reportView(report)
        let headings = ReportDocument(markdown: report.text).blocks.compactMap { block -> String? in
            if case .heading(let level, let text) = block, level <= 2 { return text }
            return nil
        }
        var page = ConfirmPage(action: SiteURL.reportPublish(.value(view.id)).path, submit: "Bericht veröffentlichen", cancel: SiteURL.report(.value(view.id)).path)
        page.intro = ["Bitte prüfen Sie den Bericht ein letztes Mal."]
        page.facts = [.init(label: "Titel", value: view.title), .init(label: "Zeitraum", value: view.period.label),
                      .init(label: "Gesamtbewertung der Ziele", value: view.overallVerdict.name),
                      .init(label: "Erzeugt am", value: view.generatedAt),
                      .init(label: "Abschnitte", value: headings.isEmpty ? "keine Überschriften" : headings.joined(separator: " · "))]
        page.consequencesHeading = "Danach ist der Bericht unveränderlich"
        page.consequences = ["Der Text bleibt so, wie er jetzt ist: Niemand kann ihn danach bearbeiten, neu erzeugen oder eine frühere Fassung wiederherstellen.",
                             "Wer das Programm lesen darf (auch die Lenkungsgruppe), sieht ihn als veröffentlicht.",
                             "Die Zahlen darin sind die des Tages, an dem er zuletzt erzeugt wurde; spätere Änderungen der Daten ändern ihn nicht."]
        page.isWarning = true
        return try await req.confirm(page, title: "Bericht veröffentlichen?", breadcrumbs: reportCrumbs(report))
    }

    func publish(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        try await desk.publishReport(id)
        return req.seeOther(.report(.value(id)), notice: .reportPublished)
    }

    struct VersionPage: Encodable {
        let version: ReportVersionView
        let html: String
        let restore: SiteURL
        let back: SiteURL
        let mayRestore: Bool
    }

    func version(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let report = try await desk.report(try req.id("reportID"))
        let reportID = try report.requireID()
        let version = try await desk.reportVersion(reportID, try req.id("versionID"))
        let page = VersionPage(version: version, html: ReportDocument(markdown: version.text).html(baseLevel: 3),
                               restore: .reportVersionRestore(.value(reportID), .value(version.id)), back: .report(.value(reportID)),
                               mayRestore: report.status == .draft)
        return try await req.render("programme/report-version", title: "Frühere Fassung vom \(version.savedAt)", content: page, breadcrumbs: reportCrumbs(report))
    }

    func restore(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        try await desk.restoreReportVersion(id, try req.id("versionID"))
        return req.seeOther(.report(.value(id)), notice: .reportRestored)
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
