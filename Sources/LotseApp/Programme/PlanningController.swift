import Fluent
import LotseCore
import Vapor

/// The milestone plan (half-year grid, editable in place) and the annual goals with what Lotse
/// measured for them.
struct PlanningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.milestones, use: grid)
        routes.post(.milestones, use: saveGrid)
        routes.get(.newMilestone, use: newMilestone)
        routes.post(.newMilestone, use: createMilestone)
        routes.get(.milestone(.key), use: editMilestone)
        routes.post(.milestone(.key), use: updateMilestone)
        routes.get(.goals, use: goals)
        routes.get(.newGoal, use: newGoal)
        routes.post(.newGoal, use: createGoal)
        routes.get(.goal(.key), use: editGoal)
        routes.post(.goal(.key), use: updateGoal)
        routes.post(.goalDelete(.key), use: deleteGoal)
    }

    static let crumbs = [ProgrammeController.start, ProgrammeController.home]
    static let milestonesCrumb = LayoutContext.Crumb(label: "Meilensteinplan", href: SiteURL.milestones.path)

    // MARK: Milestone grid

    func grid(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let mayManage = AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme)
        let grid = try await desk.milestoneGrid(from: req.queryText("from"), to: req.queryText("to"), editable: mayManage && req.queryText("print") != "1")
        return try await req.render("programme/milestones", title: "Meilensteinplan", content: Merged(grid, ProgrammeLinks.Milestones(grid)), breadcrumbs: Self.crumbs)
    }

    func saveGrid(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let fields = try await req.formFields()
        var cells: [(UUID, HalfYear, String)] = []
        for name in fields.values.keys where name.hasPrefix("plan_") {
            let parts = name.dropFirst(5).split(separator: "_")
            guard parts.count == 2, let id = UUID(uuidString: String(parts[0])), let half = HalfYear(key: String(parts[1])) else { continue }
            cells.append((id, half, fields.text(name)))
        }
        // The range comes back only as half-year keys: nothing else entered reaches the address.
        let range = [("from", fields.text("from")), ("to", fields.text("to"))].filter { HalfYear(key: $0.1) != nil }
        do {
            try await desk.savePlan(cells.map { (milestoneID: $0.0, halfYear: $0.1, value: $0.2) })
            return req.seeOther(SiteURL.milestones.with(range), notice: .saved)
        } catch let failure as ValidationFailure {
            let grid = try await desk.milestoneGrid(from: fields.text("from"), to: fields.text("to"), editable: true, entered: fields)
            return try await req.render("programme/milestones", title: "Meilensteinplan", content: Merged(grid, ProgrammeLinks.Milestones(grid)), breadcrumbs: Self.crumbs, failure: failure,
                                        status: .unprocessableEntity)
        }
    }

    static func milestoneForm(action: String, words: DistrictWords) -> FormView {
        var form = FormView(action: action, cancel: SiteURL.milestones.path, submit: "Speichern")
        form.add(.radios, "buildingBlock", words.blockWord, BuildingBlock.self, named: words.blockName)
        form.add(.textarea, "title", "Meilenstein", required: true)
        form.add(.radios, "status", "Stand", MilestoneStatus.self)
        form.add(.text, "responsible", "Verantwortlich", hint: "Stelle oder Person, z. B. „Koordinierende Stelle KIM“.")
        form.add(.date, "completedOn", "Erledigt am", hint: "Nur beim Stand „erledigt“, dann Pflicht.")
        form.add(.textarea, "note", "Bemerkung")
        return form
    }

    static func milestoneInput(_ f: FormFields) -> ProgrammeDesk.MilestoneInput {
        .init(buildingBlock: f.choice("buildingBlock", BuildingBlock.self), title: f.text("title"), status: f.choice("status", MilestoneStatus.self),
              responsible: f.text("responsible"), completedOn: f.text("completedOn"), note: f.text("note"))
    }

    func render(_ req: Request, _ form: FormView, _ title: String, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        try await ProgrammeController.form(req, form, title, fields, failure, Self.crumbs + [Self.milestonesCrumb])
    }

    func newMilestone(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await render(req, Self.milestoneForm(action: SiteURL.newMilestone.path, words: try await desk.words()), "Meilenstein anlegen", .with(["status": "open"]))
    }

    func createMilestone(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await ProgrammeController.submit(req, { f in
            _ = try await desk.saveMilestone(Self.milestoneInput(f))
            return SiteURL.milestones.path
        }, again: { f, failure in try await render(req, Self.milestoneForm(action: SiteURL.newMilestone.path, words: try await desk.words()), "Meilenstein anlegen", f, failure) })
    }

    func editMilestone(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("milestoneID")
        let m = try await desk.milestone(id)
        let values = ["buildingBlock": m.buildingBlock.rawValue, "title": m.title, "status": m.status.rawValue, "responsible": m.responsible, "completedOn": m.completedOn, "note": m.note]
        return try await render(req, Self.milestoneForm(action: SiteURL.milestone(.value(id)).path, words: try await desk.words()), "Meilenstein ändern", .with(values))
    }

    func updateMilestone(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("milestoneID")
        _ = try await desk.milestone(id)
        return try await ProgrammeController.submit(req, { f in
            _ = try await desk.saveMilestone(Self.milestoneInput(f), id: id)
            return SiteURL.milestones.path
        }, again: { f, failure in try await render(req, Self.milestoneForm(action: SiteURL.milestone(.value(id)).path, words: try await desk.words()), "Meilenstein ändern", f, failure) })
    }

    // MARK: Goals

    struct GoalsPage: Encodable {
        let period: PeriodView
        let periods: [FormOption]
        let goals: [Merged<GoalView, ProgrammeLinks.Goal>]
        let newGoal: String
        let filter = SiteURL.goals
        let hasGoals: Bool
        let overall: Coded
        let overallSentence: String
        let mayManage: Bool
    }

    func goals(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let period = try await desk.period(req.queryText("period"))
        let (goals, overall) = try await desk.evaluatedGoals(period)
        let page = GoalsPage(period: PeriodView(period), periods: ProgrammeController.periodChoices(period, around: desk.today),
                             goals: ProgrammeLinks.goals(goals), newGoal: SiteURL.newGoal.with([("period", period.key)]),
                             hasGoals: !goals.isEmpty, overall: Coded(overall), overallSentence: AnnualReportWriter.overallSentence(overall),
                             mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme))
        return try await req.render("programme/goals", title: "Jahresziele \(period.label)", content: page, breadcrumbs: Self.crumbs)
    }

    static func goalForm(action: String, period: ReportingPeriod, words: DistrictWords) -> FormView {
        var form = FormView(action: action, cancel: SiteURL.goals.with([("period", period.key)]), submit: "Ziel speichern",
                            intro: ["Ziel für das \(period.label). Ein gemessenes Ziel bewertet Lotse aus den Daten (alle Messgrößen erfüllt: erreicht; einige: teilweise; keine: nicht erreicht). Ein Ziel ohne Messgröße bewerten Sie selbst und begründen es."])
        for slot in 1...ProgrammeDesk.criterionSlots {
            if slot == 1 { form.add(.textarea, "title", "Ziel", hint: "So, wie es im Bericht stehen soll.", required: true) }
            form.add(.select, "measure\(slot)", "Messgröße \(slot)", GoalMeasure.self, required: false, named: words.name)
            form.add(.short, "target\(slot)", "Zahl N zu Messgröße \(slot)", hint: "Nicht nötig bei „in allen Kommunen“.")
        }
        form.add(.select, "statedVerdict", "Ihre Bewertung (nur ohne Messgröße)", GoalVerdict.self, required: false)
        form.add(.textarea, "evidence", "Begründung und Belege", hint: "Bei eigener Bewertung Pflicht; bei gemessenen Zielen eine Ergänzung für den Bericht.")
        return form
    }

    static func goalInput(_ f: FormFields) -> ProgrammeDesk.GoalInput {
        .init(title: f.text("title"), criteria: (1...ProgrammeDesk.criterionSlots).map { (f.choice("measure\($0)", GoalMeasure.self), f.text("target\($0)")) },
              statedVerdict: f.choice("statedVerdict", GoalVerdict.self), evidence: f.text("evidence"))
    }

    static func values(of goal: AnnualGoal) -> FormFields {
        var values = ["title": goal.title, "statedVerdict": goal.statedVerdict?.rawValue ?? "", "evidence": goal.evidence]
        for (index, criterion) in goal.criteria.compactMap(GoalCriterion.init(code:)).enumerated() {
            values["measure\(index + 1)"] = criterion.measure.rawValue
            values["target\(index + 1)"] = criterion.measure.needsTarget ? String(criterion.target) : ""
        }
        return .with(values)
    }

    func goalCrumbs(_ period: ReportingPeriod) -> [LayoutContext.Crumb] {
        Self.crumbs + [.init(label: "Jahresziele", href: SiteURL.goals.with([("period", period.key)]))]
    }

    func newGoal(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let period = try await desk.period(req.queryText("period"))
        return try await ProgrammeController.form(req, Self.goalForm(action: SiteURL.newGoal.with([("period", period.key)]), period: period, words: try await desk.words()), "Jahresziel anlegen",
                                                  FormFields(), nil, goalCrumbs(period))
    }

    func createGoal(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let period = try await desk.period(req.queryText("period"))
        return try await ProgrammeController.submit(req, { f in
            _ = try await desk.saveGoal(Self.goalInput(f), period: period)
            return SiteURL.goals.with([("period", period.key)])
        }, again: { f, failure in
            try await ProgrammeController.form(req, Self.goalForm(action: SiteURL.newGoal.with([("period", period.key)]), period: period, words: try await desk.words()), "Jahresziel anlegen",
                                               f, failure, goalCrumbs(period))
        })
    }

    func goalPeriod(_ goal: AnnualGoal) throws -> ReportingPeriod {
        ReportingPeriod(kind: goal.periodKind, startYear: goal.periodStart)
    }

    func editGoal(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("goalID")
        let goal = try await desk.goal(id)
        let period = try goalPeriod(goal)
        return try await ProgrammeController.form(req, Self.goalForm(action: SiteURL.goal(.value(id)).path, period: period, words: try await desk.words()), "Jahresziel ändern",
                                                  Self.values(of: goal), nil, goalCrumbs(period))
    }

    func updateGoal(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("goalID")
        let period = try goalPeriod(try await desk.goal(id))
        return try await ProgrammeController.submit(req, { f in
            _ = try await desk.saveGoal(Self.goalInput(f), period: period, id: id)
            return SiteURL.goals.with([("period", period.key)])
        }, again: { f, failure in
            try await ProgrammeController.form(req, Self.goalForm(action: SiteURL.goal(.value(id)).path, period: period, words: try await desk.words()), "Jahresziel ändern", f, failure, goalCrumbs(period))
        })
    }

    func deleteGoal(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("goalID")
        let period = try goalPeriod(try await desk.goal(id))
        try await desk.deleteGoal(id)
        return req.seeOther(SiteURL.goals.with([("period", period.key)]), notice: .saved)
    }
}
