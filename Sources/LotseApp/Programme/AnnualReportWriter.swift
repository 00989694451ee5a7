import Fluent
import Foundation
import LotseCore
import Vapor

/// Writes the annual report (Erfahrungsbericht) of a period from the data: goals and verdicts with
/// their evidence, staffing, disclosure-controlled figures from case work, Baustein 3 (handovers,
/// backlog, campaign), topics and decisions, and the goals of the next period. The coordination edits the text, then publishes it; from
/// then on it is frozen.
struct AnnualReportWriter: Sendable {
    let desk: ProgrammeDesk

    func text(for period: ReportingPeriod) async throws -> (title: String, text: String, overall: GoalVerdict) {
        let db = desk.db
        let districtName = try await District.find(desk.scope.districtID, on: db)?.name ?? "Kreis"
        // What Lotse holds about the period is read once and serves goals, staffing and topics.
        let facts = try await PeriodFacts.load(desk, period)
        let (goals, overall) = try await desk.evaluatedGoals(period, facts: facts)
        let staffing = facts.staffing.staffing(period, today: desk.today, agreements: try await desk.agreements())
        let figures = try await CaseWorkFigures.load(desk, period)
        let nextGoals = try await desk.goals(of: period.next)
        let day = GermanFormat.germanDay(min(period.end, desk.today))
        let words = facts.words
        let texts = try await desk.standingTexts()
        var lines: [String] = []

        lines += ["# Einleitung", "",
                  "\(districtName) setzt das Landesprogramm „Kommunales Integrationsmanagement“ (KIM) um. Case Manager*innen beraten rechtskreisübergreifend und zeigen Lücken im Versorgungssystem auf; die koordinierenden Stellen bündeln diese Erkenntnisse und bringen sie \(words.intoTheSteeringBody) KIM. Dieser Bericht beschreibt das \(period.label) (\(GermanFormat.germanDay(period.start)) bis \(GermanFormat.germanDay(period.end))).", ""]
        // The district's own standing texts (issue 19, part 7), as it keeps them.
        for kind in [StandingText.organisationalUnit, .principalGoal] { if let text = texts[kind], !text.isEmpty { lines += [text, ""] } }

        lines += ["# Ziele und Zielerreichung", ""]
        if goals.isEmpty { lines += ["Für diesen Zeitraum sind keine Ziele erfasst.", ""] }
        for goal in goals {
            lines += ["## Ziel \(goal.number): \(goal.title)", "", "Bewertung: \(goal.verdict.name).", ""]
            for criterion in goal.criteria {
                lines.append("- \(criterion.sentence)")
                if criterion.hasItems { lines.append("- Belege: \(criterion.items.joined(separator: "; "))") }
                if criterion.hasMissing { lines.append("- Noch nicht: \(criterion.missing.joined(separator: ", "))") }
            }
            if !goal.criteria.isEmpty { lines.append("") }
            if goal.hasEvidence { lines += [goal.evidence, ""] }
        }

        lines += ["# Gesamtbewertung", "", Self.overallSentence(overall), ""]

        lines += ["# Personal", "",
                  "| \(words.blockWord) | Stellen | Soll (VZÄ) am \(day) | Ist (VZÄ) | nicht besetzt | Stellenwechsel |",
                  "|---|---|---|---|---|---|"]
        for block in staffing.blocks {
            lines.append("| \(block.block.name) | \(block.positions) | \(block.fteFunded) | \(block.fteFilled) | \(block.vacant) | \(block.holderChanges) |")
        }
        lines += Self.areaTable("Region", staffing.regions, day: day, words: words) + Self.areaTable("Kommune", staffing.towns, day: day, words: words)
        lines += ["", "Case Management war in \(staffing.activeMunicipalities.count) von \(staffing.municipalityCount) kreisangehörigen Kommunen aktiv\(staffing.activeMunicipalities.isEmpty ? "." : ": " + staffing.activeMunicipalities.joined(separator: ", ") + ".")"]
        if !staffing.inactiveMunicipalities.isEmpty {
            lines.append("Noch ohne Case Management: \(staffing.inactiveMunicipalities.joined(separator: ", ")).")
        }
        if !staffing.changedIn.isEmpty {
            lines.append("Stellenwechsel im Berichtszeitraum: \(staffing.changedIn.joined(separator: ", ")).")
        }
        lines.append("")

        // The comparison with the previous period (issue 19, part 7; seed 000, Ziel 2).
        let previous = period.previous
        let before = try await PeriodFacts.load(desk, previous)
        lines += ["# Vergleich mit dem \(previous.label)", ""]
        lines += PeriodComparison.lines(period: period.label, previous: previous.label,
                                        activeNow: staffing.activeMunicipalities,
                                        activeBefore: facts.staffing.towns.filter { before.staffing.activeCaseManagement(in: previous).contains($0.id ?? UUID()) }.map(\.name),
                                        refilled: facts.staffing.refilledPlaces(period, today: desk.today), vacant: facts.staffing.vacantPlaces(period, today: desk.today),
                                        meetings: (facts.steeringMeetings.count, before.steeringMeetings.count),
                                        topics: (facts.topicsDiscussed.count, before.topicsDiscussed.count), steeringBody: words.ofTheSteeringBody)
        lines.append("")

        lines += ["# Zahlen aus der Fallarbeit", "",
                  "Zum Schutz kleiner Zahlen sind die Zahlen leicht verändert (meist um höchstens 2), damit niemand aus ihnen auf eine Person schließen kann; dieselben Fälle ergeben überall dieselbe Zahl. Werte unter \(figures.threshold) erscheinen als „< \(figures.threshold)“, auch 0. Jede Summe ist für sich verändert und kann von der Summe ihrer Teile abweichen.", "",
                  "| Kennzahl | Anzahl |", "|---|---|"]
        for indicator in figures.indicators {
            lines.append("| \(indicator.label) | \(indicator.value.text(threshold: figures.threshold)) |")
        }
        lines.append("")

        lines += try await baustein3(period, facts: facts.baustein3, threshold: figures.threshold, words: words)

        lines += ["# Themen und Beschlüsse", "", "## Themen aus der Fallarbeit \(words.inTheSteeringBody)", ""]
        lines += facts.topicsDiscussed.isEmpty ? ["Keine.", ""] : facts.topicsDiscussed.map { "- \($0.title) (\(GermanFormat.germanDay($0.day)))" } + [""]
        lines += ["## Sitzungen \(words.ofTheSteeringBody)", ""]
        lines += facts.steeringMeetings.isEmpty ? ["Keine.", ""] : facts.steeringMeetings.map { "- \(GermanFormat.germanDay($0.heldOn)), \($0.place)" } + [""]
        lines += ["## Beschlüsse", ""]
        let decisions = try await decisionsTaken(in: period)
        lines += decisions.isEmpty ? ["Keine.", ""] : decisions + [""]
        lines += ["## \(words.plural(.workingGroup)) aus der Fallarbeit", ""]
        if let rule = texts[.workingGroupRule], !rule.isEmpty { lines += [rule, ""] }
        lines += facts.workingGroups.isEmpty ? ["Im Zeitraum wurde keine eingerichtet.", ""] : facts.workingGroups.map { "- \($0)" } + [""]

        lines += ["# Ziele für das \(period.next.label)", ""]
        if nextGoals.isEmpty {
            lines.append("Für das \(period.next.label) sind noch keine Ziele erfasst.")
        } else {
            lines.append("Im \(period.next.label) sollen die folgenden Ziele erreicht werden:")
            lines.append("")
            lines += nextGoals.map { "- Ziel \($0.position): \($0.title)" }
        }
        // The signature block: place, the month of the report, the author (seed 000: "Paderborn, im Juli 2023").
        let place = texts[.signaturePlace] ?? "", author = texts[.signatureAuthor] ?? ""
        if !place.isEmpty || !author.isEmpty {
            lines += ["", [place.isEmpty ? "im \(GermanFormat.monthAndYear(desk.today))" : "\(place), im \(GermanFormat.monthAndYear(desk.today))", author]
                .filter { !$0.isEmpty }.joined(separator: " – ")]
        }
        return ("Erfahrungsbericht KIM \(districtName), \(period.label)", lines.joined(separator: "\n") + "\n", overall)
    }

    /// The Baustein 3 section (issue 16, part 7): handovers from case work through the disclosure
    /// control; the offices' backlog and the campaign's events as reported and counted.
    func baustein3(_ period: ReportingPeriod, facts: Baustein3Facts, threshold: Int, words: DistrictWords) async throws -> [String] {
        let publisher = try await desk.figurePublisher()
        let handovers = try await HandoverFigures.table(publisher, district: desk.scope.districtID, from: period.start, to: period.end,
                                                        label: "\(period.label) | ", on: desk.db)
        var lines = ["# \(words.blockName(.immigrationOffice))", "",
                     "## Übergaben aus dem Case Management", "",
                     "Vorprüfungen, die das Case Management mit Schweigepflichtentbindung an die zuständige Behörde übergeben hat, nach Verfahren und heutigem Stand (Zahlen aus der Fallarbeit, geschützt wie oben).", "",
                     "| Verfahren | " + HandoverFigures.outcomes.joined(separator: " | ") + " | Summe |",
                     "|---|" + String(repeating: "---|", count: HandoverFigures.outcomes.count + 1)]
        for (index, row) in handovers.rows.enumerated() {
            lines.append("| \(row) | " + handovers.cells[index].map { $0.text(threshold: threshold) }.joined(separator: " | ")
                         + " | \(handovers.rowTotals[index].text(threshold: threshold)) |")
        }
        lines.append("| Summe | " + handovers.columnTotals.map { $0.text(threshold: threshold) }.joined(separator: " | ") + " | \(handovers.total.text(threshold: threshold)) |")
        lines += ["", "## Antragsstau", "",
                  "Die Zahlen der Behörden, wie sie sie gemeldet haben: anhängige Anträge am Anfang und am Ende des Zeitraums, davon älter als sechs Monate.", ""]
        let trends = facts.trends
        if trends.isEmpty {
            lines += ["Keine Behörde hat für diesen Zeitraum Zahlen gemeldet.", ""]
        } else {
            lines += ["| Behörde und Verfahren | Monate | anhängig am Anfang | anhängig am Ende | älter als 6 Monate am Anfang | am Ende |", "|---|---|---|---|---|---|"]
            lines += trends.map { "| \($0.office): \($0.procedure) | \($0.fromMonth) bis \($0.toMonth) | \($0.pendingFrom) | \($0.pendingTo) | \($0.overSixFrom) | \($0.overSixTo) |" }
            lines.append("")
        }
        lines += ["## Einbürgerungskampagne", ""]
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: desk.db)
        let reach = facts.reach(today: desk.today, towns: towns)
        if reach.isEmpty {
            lines += ["Im Zeitraum fand keine Veranstaltung der Kampagne statt.", ""]
        } else {
            let total = CampaignReach.total(facts.events.map(\.reachEvent), today: desk.today)
            let events = total.events == 1 ? "eine Veranstaltung" : "\(total.events) Veranstaltungen"
            lines += ["Die Kampagne hatte \(events) mit \(total.participants) Teilnehmenden und \(total.followUps) Folgeberatungen.", "",
                      "| Kommune | Veranstaltungen | Teilnehmende | Folgeberatungen |", "|---|---|---|---|"]
            lines += reach.map { "| \($0.municipality) | \($0.events) | \($0.participants) | \($0.followUps) |" }
            lines.append("")
        }
        return lines
    }

    /// Soll and Ist per region or town, as Höxter reports its posts per cluster region.
    static func areaTable(_ heading: String, _ areas: [Staffing.AreaRow], day: String, words: DistrictWords) -> [String] {
        guard !areas.isEmpty else { return [] }
        return ["", "| \(heading) | Soll (VZÄ) am \(day) | Ist (VZÄ) | nach \(words.blockWord) (Soll / Ist) | Stellen (Anteil am Soll) |", "|---|---|---|---|---|"]
            + areas.map { area in
                "| \(area.name) | \(area.fteTarget) | \(area.fteFilled) | \(area.blocks.map { "\($0.label): \($0.fteTarget) / \($0.fteFilled)" }.joined(separator: "; ")) | "
                    + "\(area.positions.joined(separator: "; ")) |"
            }
    }

    static func overallSentence(_ verdict: GoalVerdict) -> String {
        switch verdict {
        case .reached: "Die angestrebten Ziele wurden erreicht."
        case .partlyReached: "Die angestrebten Ziele wurden teilweise erreicht."
        case .notReached: "Die angestrebten Ziele wurden nicht erreicht."
        }
    }

    func decisionsTaken(in period: ReportingPeriod) async throws -> [String] {
        let bodies = Dictionary(uniqueKeysWithValues: try await Body.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
            .compactMap { b in b.id.map { ($0, b.name) } })
        return try await desk.decisionsTaken(in: period).map { taken in
            let way = taken.decision.byCirculation == true ? " (im Umlaufverfahren)" : ""
            return "- \(GermanFormat.germanDay(taken.day)), \(bodies[taken.meeting.bodyID] ?? "Gremium")\(way): \(taken.decision.kind.germanName): "
                + "\(taken.decision.text) (Stand: \(taken.decision.status.germanName))"
        }
    }
}

/// A report as pages and the API show it.
struct ReportView: Encodable, Sendable {
    let id: UUID
    let title: String
    let period: PeriodView
    let status: Coded
    let isPublished: Bool
    let overallVerdict: Coded
    let text: String
    let generatedAt: String
    let publishedAt: String
}

extension ProgrammeDesk {
    func report(_ id: UUID) async throws -> AnnualReport { try await owned(AnnualReport.self, id, district: \.$districtID) }

    func reportView(_ report: AnnualReport) throws -> ReportView {
        let kind = report.periodKind
        let status = report.status
        return ReportView(id: try report.requireID(), title: report.title, period: PeriodView(ReportingPeriod(kind: kind, startYear: report.periodStart)),
                          status: Coded(status), isPublished: status == .published,
                          overallVerdict: Coded(report.overallVerdict), text: report.text,
                          generatedAt: GermanFormat.dateTime(report.generatedAt), publishedAt: report.publishedAt.map(GermanFormat.dateTime) ?? "")
    }

    func reports() async throws -> [ReportView] {
        try await AnnualReport.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$periodStart, .descending).all().map(reportView)
    }

    /// A new draft for the period, or (with `replace`) the draft written again from the data.
    func generateReport(_ period: ReportingPeriod, replace: Bool) async throws -> AnnualReport {
        do {
            return try await writeReport(period, replace: replace)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Someone else created the period's first draft in the meantime (the period is unique
            // per district): decide again with their draft in place, as if it had come first.
            return try await writeReport(period, replace: replace)
        }
    }

    private func writeReport(_ period: ReportingPeriod, replace: Bool) async throws -> AnnualReport {
        let existing = try await AnnualReport.query(on: db).filter(\.$districtID == scope.districtID)
            .filter(\.$periodKind == period.kind).filter(\.$periodStart == period.startYear).first()
        if let existing, existing.status == ReportStatus.published {
            throw PublicError(status: .conflict, reason: "Der Bericht für das \(period.label) ist veröffentlicht und bleibt unverändert.")
        }
        if existing != nil && !replace {
            throw PublicError(status: .conflict, reason: "Für das \(period.label) gibt es schon einen Entwurf. Öffnen Sie ihn, oder erzeugen Sie ihn dort neu aus den Daten.")
        }
        let written = try await AnnualReportWriter(desk: self).text(for: period)
        let earlier = try existing.map { try AnnualReportVersion(of: $0, cause: .regenerated, at: now, by: actorID) }
        let report = existing ?? AnnualReport()
        report.districtID = scope.districtID
        report.periodKind = period.kind
        report.periodStart = period.startYear
        report.title = written.title
        report.text = written.text
        report.overallVerdict = written.overall
        report.status = ReportStatus.draft
        report.generatedAt = now
        try await db.transaction { db in
            // The text it replaces stays restorable: regenerating never destroys the coordination's writing.
            try await earlier?.create(on: db)
            try await report.save(on: db)
            try await record(.reportGenerated, "report", report.id, on: db)
        }
        return report
    }

    func requireDraft(_ id: UUID) async throws -> AnnualReport {
        let report = try await report(id)
        guard report.status == .draft else {
            throw PublicError(status: .conflict, reason: "Dieser Bericht ist veröffentlicht und kann nicht mehr geändert werden.")
        }
        return report
    }

    func editReport(_ id: UUID, title: String, text: String) async throws {
        let report = try await requireDraft(id)
        var failure = ValidationFailure()
        Check.text(title, field: "title", label: "den Titel", max: 300, into: &failure)
        Check.text(text, field: "text", label: "den Text des Berichts", max: 200_000, into: &failure)
        try failure.throwIfAny()
        guard title != report.title || text != report.text else { return }
        try await db.transaction { db in
            try await keepVersion(of: report, cause: .edited, on: db)
            report.title = title
            report.text = text
            try await report.save(on: db)
            try await record(.reportEdited, "report", report.id, on: db)
        }
    }

    func publishReport(_ id: UUID) async throws {
        let report = try await requireDraft(id)
        report.status = ReportStatus.published
        report.publishedAt = now
        report.publishedBy = actorID
        try await db.transaction { db in
            try await report.save(on: db)
            try await record(.reportPublished, "report", report.id, on: db)
        }
    }

    /// The report as a file: Markdown, HTML or OpenDocument (flat XML).
    func export(_ id: UUID, format: String) async throws -> (body: String, contentType: String, filename: String) {
        let report = try await report(id)
        let document = ReportDocument(markdown: report.text)
        let base = "erfahrungsbericht-\(report.periodStart)"
        switch format {
        case "md": return ("# \(report.title)\n\n" + report.text, "text/markdown; charset=utf-8", base + ".md")
        case "html": return (document.standaloneHTML(title: report.title), "text/html; charset=utf-8", base + ".html")
        case "fodt": return (document.flatODT(title: report.title), "application/vnd.oasis.opendocument.text-flat-xml", base + ".fodt")
        default: throw PublicError(status: .notFound, reason: "Dieses Format gibt es nicht. Möglich sind md, html und fodt.")
        }
    }
}
