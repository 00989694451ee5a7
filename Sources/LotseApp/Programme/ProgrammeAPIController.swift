import Fluent
import LotseCore
import Vapor

/// Positions, agreements, milestones, goals, annual reports and the controlling export over JSON.
/// Requests carry the same fields as the browser forms (as JSON), and the same checks apply.
struct ProgrammeAPIController {
    func staffing(req: Request) async throws -> Staffing {
        let desk = try req.programmeDesk(.readProgramme)
        return try await desk.staffing(try await desk.period(req.queryText("period")))
    }

    // MARK: Positions

    struct PositionDetail: Encodable, Sendable {
        struct Change: Encodable, Sendable {
            let day: String
            let status: String
            let holderId: UUID?
            /// The FTE from this day on, German-written, where it changed.
            let fte: String?
            let note: String
        }

        let position: ProgrammeController.PositionRow
        let changes: [Change]
    }

    func detail(_ desk: ProgrammeDesk, _ id: UUID) async throws -> PositionDetail {
        _ = try await desk.position(id)
        guard let row = try await ProgrammeController.rows(desk, only: id).first else { throw PublicError.notFound }
        let changes = try await PositionChangeRecord.query(on: desk.db).filter(\.$positionID == id).sort(\.$day).all()
        return PositionDetail(position: row, changes: changes.map { .init(day: $0.day, status: $0.status.rawValue, holderId: $0.holderID, fte: $0.fteHundredths.map(FTE.text), note: $0.note) })
    }

    func positions(req: Request) async throws -> [ProgrammeController.PositionRow] {
        try await ProgrammeController.rows(try req.programmeDesk(.manageProgramme))
    }

    func createPosition(req: Request) async throws -> PositionDetail {
        let desk = try req.programmeDesk(.manageProgramme)
        let f = try req.jsonFields()
        let position = try await desk.createPosition(ProgrammeController.positionInput(f), first: ProgrammeController.changeInput(f))
        return try await detail(desk, try position.requireID())
    }

    func position(req: Request) async throws -> PositionDetail {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await detail(desk, try req.id("positionID"))
    }

    func updatePosition(req: Request) async throws -> PositionDetail {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        try await desk.updatePosition(ProgrammeController.positionInput(try req.jsonFields()), id: id)
        return try await detail(desk, id)
    }

    func changePosition(req: Request) async throws -> PositionDetail {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        try await desk.changePosition(ProgrammeController.changeInput(try req.jsonFields()), id: id)
        return try await detail(desk, id)
    }

    // MARK: Agreements

    func agreements(req: Request) async throws -> [AgreementRow] { try await req.programmeDesk(.readProgramme).agreements() }

    func createAgreement(req: Request) async throws -> [AgreementRow] {
        let desk = try req.programmeDesk(.manageProgramme)
        let agreement = try await desk.saveAgreement(ProgrammeController.agreementInput(try req.jsonFields()))
        return try await desk.agreements().filter { $0.id == agreement.id }
    }

    func updateAgreement(req: Request) async throws -> [AgreementRow] {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("agreementID")
        _ = try await desk.agreement(id)
        _ = try await desk.saveAgreement(ProgrammeController.agreementInput(try req.jsonFields()), id: id)
        return try await desk.agreements().filter { $0.id == id }
    }

    // MARK: Milestones

    func milestones(req: Request) async throws -> MilestoneGrid {
        let desk = try req.programmeDesk(.readProgramme)
        return try await desk.milestoneGrid(from: req.queryText("from"), to: req.queryText("to"), editable: false)
    }

    func createMilestone(req: Request) async throws -> MilestoneGrid {
        let desk = try req.programmeDesk(.manageProgramme)
        _ = try await desk.saveMilestone(PlanningController.milestoneInput(try req.jsonFields()))
        return try await desk.milestoneGrid(from: "", to: "", editable: false)
    }

    func updateMilestone(req: Request) async throws -> MilestoneGrid {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("milestoneID")
        _ = try await desk.milestone(id)
        _ = try await desk.saveMilestone(PlanningController.milestoneInput(try req.jsonFields()), id: id)
        return try await desk.milestoneGrid(from: "", to: "", editable: false)
    }

    struct PlanCells: Content {
        struct Cell: Content {
            let milestoneId: UUID
            let halfYear: String
            /// "yes", "ifNeeded", "no", or "" to clear the cell.
            let planning: String
        }

        let cells: [Cell]
    }

    func savePlan(req: Request) async throws -> MilestoneGrid {
        let desk = try req.programmeDesk(.manageProgramme)
        guard let plan = try? req.content.decode(PlanCells.self) else {
            throw PublicError(status: .badRequest, reason: "Erwartet wird {\"cells\": [{\"milestoneId\", \"halfYear\": \"2022-1\", \"planning\": \"yes\"}]}.")
        }
        var failure = ValidationFailure()
        var cells: [(milestoneID: UUID, halfYear: HalfYear, value: String)] = []
        for (index, cell) in plan.cells.enumerated() {
            guard let half = HalfYear(key: cell.halfYear) else {
                failure.add("cells\(index + 1)-halfYear", "Ein Halbjahr wird als Jahr-Halbjahr angegeben, z. B. 2022-1 oder 2022-2.")
                continue
            }
            cells.append((cell.milestoneId, half, cell.planning))
        }
        try failure.throwIfAny()
        try await desk.savePlan(cells)
        return try await desk.milestoneGrid(from: "", to: "", editable: false)
    }

    // MARK: Goals

    struct GoalsDTO: Encodable, Sendable {
        let period: PeriodView
        let goals: [GoalView]
        let overallVerdict: Coded
    }

    func goalsDTO(_ desk: ProgrammeDesk, _ period: ReportingPeriod) async throws -> GoalsDTO {
        let (goals, overall) = try await desk.evaluatedGoals(period)
        return GoalsDTO(period: PeriodView(period), goals: goals, overallVerdict: Coded(overall))
    }

    func goals(req: Request) async throws -> GoalsDTO {
        let desk = try req.programmeDesk(.readProgramme)
        return try await goalsDTO(desk, try await desk.period(req.queryText("period")))
    }

    func createGoal(req: Request) async throws -> GoalsDTO {
        let desk = try req.programmeDesk(.manageProgramme)
        let f = try req.jsonFields()
        let period = try await desk.period(f.text("period").isEmpty ? req.queryText("period") : f.text("period"))
        _ = try await desk.saveGoal(PlanningController.goalInput(f), period: period)
        return try await goalsDTO(desk, period)
    }

    func updateGoal(req: Request) async throws -> GoalsDTO {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("goalID")
        let goal = try await desk.goal(id)
        let period = ReportingPeriod(kind: goal.periodKind, startYear: goal.periodStart)
        _ = try await desk.saveGoal(PlanningController.goalInput(try req.jsonFields()), period: period, id: id)
        return try await goalsDTO(desk, period)
    }

    func deleteGoal(req: Request) async throws -> HTTPStatus {
        try await req.programmeDesk(.manageProgramme).deleteGoal(try req.id("goalID"))
        return .noContent
    }

    // MARK: Reports

    func reports(req: Request) async throws -> [ReportView] { try await req.programmeDesk(.readProgramme).reports() }

    func generateReport(req: Request) async throws -> ReportView {
        let desk = try req.programmeDesk(.manageProgramme)
        let f = try req.jsonFields()
        let report = try await desk.generateReport(try await desk.period(f.text("period")), replace: f.flag("replace"))
        return try desk.reportView(report)
    }

    func report(req: Request) async throws -> ReportView {
        let desk = try req.programmeDesk(.readProgramme)
        return try desk.reportView(try await desk.report(try req.id("reportID")))
    }

    func editReport(req: Request) async throws -> ReportView {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        let current = try await desk.requireDraft(id)
        let f = try req.jsonFields()
        try await desk.editReport(id, title: f.has("title") ? f.text("title") : current.title, text: f.first("text") ?? current.text)
        return try desk.reportView(try await desk.report(id))
    }

    func publishReport(req: Request) async throws -> ReportView {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        try await desk.publishReport(id)
        return try desk.reportView(try await desk.report(id))
    }

    func reportVersions(req: Request) async throws -> [ReportVersionView] {
        try await req.programmeDesk(.manageProgramme).reportVersions(try req.id("reportID"))
    }

    func reportVersion(req: Request) async throws -> ReportVersionView {
        try await req.programmeDesk(.manageProgramme).reportVersion(try req.id("reportID"), try req.id("versionID"))
    }

    func restoreReportVersion(req: Request) async throws -> ReportView {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("reportID")
        try await desk.restoreReportVersion(id, try req.id("versionID"))
        return try desk.reportView(try await desk.report(id))
    }

    func exportReport(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let file = try await desk.export(try req.id("reportID"), format: req.parameters.get("format") ?? "")
        return Download.file(file.body, contentType: file.contentType, filename: file.filename)
    }

    /// JSON by default (the same array of rows as the download), CSV with `format=csv`.
    /// The controlling row of a period, as JSON rows or as a CSV file.
    enum ControllingAnswer {
        case rows([ControllingRow], filename: String)
        case csv(String, filename: String)
    }

    func controlling(req: Request) async throws -> ControllingAnswer {
        let desk = try req.programmeDesk(.manageProgramme)
        let format = req.queryText("format").isEmpty ? "json" : req.queryText("format")
        let (row, filename) = try await desk.exportedControlling(try await desk.period(req.queryText("period")), format: format)
        return format == "csv" ? .csv(row.csv, filename: filename) : .rows([row], filename: filename)
    }
}
