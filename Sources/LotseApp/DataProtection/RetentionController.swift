import Fluent
import LotseCore
import Vapor

/// "Löschfristen" for the data-protection officer (issue 15, part 1): the closed cases due for
/// anonymisation, those due within the preview, the held ones, and the last runs; holding a case
/// (with a reason) and lifting the hold. Cases appear by number, municipality and dates only.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.retention, use: overview)
        routes.get(.retentionHold(.key), use: holdForm)
        routes.post(.retentionHold(.key), use: hold)
        routes.post(.retentionLift(.key), use: lift)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)]

    struct OverviewPage: Encodable {
        struct Row: Encodable {
            let number: String
            let municipality: String
            let kind: String
            let closedOn: String
            let dueOn: String
            let holdLink: SiteURL?
            let reason: String
            let heldOn: String
            let liftAction: SiteURL?
        }

        struct RunRow: Encodable {
            let ranAt: String
            let trigger: String
            let anonymised: String
            let erased: String
            let held: String
        }

        let rules: [String]
        let previewEnd: String
        let due: [Row]
        let upcoming: [Row]
        let held: [Row]
        let runs: [RunRow]
        let hasDue: Bool
        let hasUpcoming: Bool
        let hasHeld: Bool
        let hasRuns: Bool

        init(rules: [String], previewEnd: String, due: [Row], upcoming: [Row], held: [Row], runs: [RunRow]) {
            (self.rules, self.previewEnd, self.due, self.upcoming, self.held, self.runs) = (rules, previewEnd, due, upcoming, held, runs)
            (hasDue, hasUpcoming, hasHeld, hasRuns) = (!due.isEmpty, !upcoming.isEmpty, !held.isEmpty, !runs.isEmpty)
        }
    }

    func overview(req: Request) async throws -> Response {
        let (desk, _) = try req.retentionDesk()
        let overview = try await desk.overview()
        try await req.audit.record(.retentionRead, on: req.db)
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: req.db)
        func row(_ candidate: RetentionDesk.Candidate) -> OverviewPage.Row {
            OverviewPage.Row(number: candidate.file.number, municipality: towns[candidate.file.municipalityID] ?? "–",
                             kind: candidate.firstContact ? "im Erstgespräch beendet" : "mit Case Management",
                             closedOn: GermanFormat.germanDay(candidate.file.closedOn ?? ""), dueOn: GermanFormat.germanDay(candidate.dueOn),
                             holdLink: candidate.isHeld ? nil : candidate.file.id.map { SiteURL.retentionHold(.value($0)) },
                             reason: candidate.hold?.reason ?? (candidate.restrictedSince == nil ? "" : Self.restrictedReason),
                             heldOn: GermanFormat.germanDay(candidate.hold?.heldOn ?? candidate.restrictedSince ?? ""),
                             liftAction: candidate.hold?.id.map { SiteURL.retentionLift(.value($0)) })
        }
        let periods = overview.periods
        let content = OverviewPage(
            rules: ["Ein abgeschlossener Fall mit Case Management wird \(periods.closedCaseMonths) Monate nach dem Abschluss anonymisiert, "
                    + "ein im Erstgespräch beendeter nach \(periods.firstContactMonths) Monaten (Einstellungen des Kreises, Fachadministration).",
                    "Anonymisieren heißt: Name, Kontaktdaten, Geburtsdatum und alle Texte werden gelöscht und der Schlüssel der "
                    + "Klient*in vernichtet, sodass auch ältere Sicherungen nichts mehr lesbar machen. Es bleibt nur, was die Statistik "
                    + "zählt (Kommune, Monat, Phasen, Handlungsfelder, Zugang), damit Berichte vergangener Zeiträume gleich bleiben.",
                    "Der Löschlauf läuft jede Nacht um 2:30 Uhr. Fälle, die bis zum \(GermanFormat.germanDay(overview.previewEnd)) fällig werden, sehen Sie "
                    + "schon jetzt: Halten Sie einen Fall zurück (z. B. bei einem laufenden Verfahren), wird er nicht anonymisiert, bis Sie "
                    + "die Zurückhaltung aufheben."],
            previewEnd: GermanFormat.germanDay(overview.previewEnd),
            due: overview.due.map(row), upcoming: overview.upcoming.map(row), held: overview.held.map(row),
            runs: overview.runs.map { run in
                OverviewPage.RunRow(ranAt: GermanFormat.dateTime(run.ranAt), trigger: run.trigger == "job" ? "täglicher Lauf" : "Befehl (Betrieb)",
                                    anonymised: GermanFormat.number(run.casesAnonymised), erased: GermanFormat.number(run.clientsErased),
                                    held: GermanFormat.number(run.casesHeld))
            })
        return try await req.render("data-protection/retention", title: "Löschfristen", content: content, breadcrumbs: Self.crumbs)
    }

    /// A restriction is the case manager's to lift, not the officer's: the row says so instead of a button.
    static let restrictedReason = "Verarbeitung eingeschränkt (Art. 18 DSGVO); aufheben kann nur die zuständige Case Manager*in"

    struct HoldPage: Encodable {
        let number: String
        let dueOn: String
        let reason: String
        let action: SiteURL
        let cancel = SiteURL.retention
    }

    func holdForm(req: Request) async throws -> Response {
        try await holdPage(req, reason: "")
    }

    func holdPage(_ req: Request, reason: String, failure: ValidationFailure? = nil) async throws -> Response {
        let (desk, _) = try req.retentionDesk()
        let caseID = try req.id("caseID")
        guard let candidate = try await desk.candidate(caseID), !candidate.isHeld else {
            throw PublicError(status: .notFound, reason: "Zurückhalten lässt sich nur ein abgeschlossener, noch nicht anonymisierter Fall Ihres Kreises, "
                              + "der nicht schon zurückgehalten wird.")
        }
        let content = HoldPage(number: candidate.file.number, dueOn: GermanFormat.germanDay(candidate.dueOn), reason: reason,
                               action: .retentionHold(.value(caseID)))
        return try await req.render("data-protection/hold", title: "Fall \(candidate.file.number) zurückhalten", content: content,
                                    breadcrumbs: Self.crumbs + [LayoutContext.Crumb(label: "Löschfristen", href: SiteURL.retention.path)],
                                    failure: failure)
    }

    func hold(req: Request) async throws -> Response {
        let (desk, actorID) = try req.retentionDesk()
        let fields = try await req.formFields()
        do {
            _ = try await desk.hold(caseID: try req.id("caseID"), reason: fields.text("reason"), by: actorID, people: try req.knownPeople())
            return req.seeOther(.retention, notice: .held)
        } catch let failure as ValidationFailure {
            return try await holdPage(req, reason: fields.text("reason"), failure: failure)
        }
    }

    func lift(req: Request) async throws -> Response {
        let (desk, _) = try req.retentionDesk()
        try await desk.lift(try req.id("holdID"))
        return req.seeOther(.retention, notice: .holdLifted)
    }
}
