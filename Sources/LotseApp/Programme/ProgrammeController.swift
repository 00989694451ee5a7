import Fluent
import LotseCore
import Vapor

/// Running the programme: the staffing overview, positions and their history, agreements with the
/// municipalities. Holders' names appear only on the position pages, for the coordination, which
/// supervises the staff (seed 001 §6.1: Fachaufsicht).
struct ProgrammeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.programme, use: overview)
        routes.get(.positions, use: positions)
        routes.get(.newPosition, use: newPosition)
        routes.post(.newPosition, use: createPosition)
        routes.get(.position(.key), use: position)
        routes.get(.positionEdit(.key), use: editPosition)
        routes.post(.positionEdit(.key), use: updatePosition)
        routes.get(.positionChange(.key), use: changeForm)
        routes.post(.positionChange(.key), use: change)
        routes.get(.newAgreement, use: newAgreement)
        routes.post(.newAgreement, use: createAgreement)
        routes.get(.agreement(.key), use: editAgreement)
        routes.post(.agreement(.key), use: updateAgreement)
    }

    static let start = LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)
    static let home = LayoutContext.Crumb(label: "Programm", href: SiteURL.programme.path)
    static let positionsCrumb = LayoutContext.Crumb(label: "Stellen", href: SiteURL.positions.path)

    /// Saves, or shows the form again with what was entered and the messages.
    static func submit(_ req: Request, _ save: (FormFields) async throws -> String, notice: Notice = .saved,
                       again: (FormFields, ValidationFailure) async throws -> Response) async throws -> Response {
        let fields = try await req.formFields()
        do {
            return req.seeOther(try await save(fields), notice: notice)
        } catch let failure as ValidationFailure {
            return try await again(fields, failure)
        }
    }

    static func form(_ req: Request, _ form: FormView, _ title: String, _ fields: FormFields, _ failure: ValidationFailure?,
                     _ crumbs: [LayoutContext.Crumb]) async throws -> Response {
        try await req.render("platform/form", title: title, content: form.filled(with: fields), breadcrumbs: crumbs, failure: failure,
                             status: failure == nil ? nil : .unprocessableEntity)
    }

    static func periodChoices(_ current: ReportingPeriod, around today: String) -> [FormOption] {
        let now = ReportingPeriod.containing(today, kind: current.kind)
        return (now.startYear - 6...now.startYear + 1).reversed().map { year in
            let period = ReportingPeriod(kind: current.kind, startYear: year)
            return FormOption(value: period.key, label: period.label, selected: period == current)
        }
    }

    // MARK: Overview

    struct OverviewPage: Encodable {
        let staffing: Staffing
        let places: [Merged<Staffing.PlaceRow, ProgrammeLinks.AgreementsOfPlace>]
        let links: ProgrammeLinks.Overview
        let periods: [FormOption]
        let mayManage: Bool
        let blockWord: String
    }

    func overview(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.readProgramme)
        let period = try await desk.period(req.queryText("period"))
        let staffing = try await desk.staffing(period)
        let page = OverviewPage(staffing: staffing, places: ProgrammeLinks.places(staffing), links: .init(period: period.key), periods: Self.periodChoices(period, around: desk.today),
                                mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageProgramme), blockWord: try await desk.words().blockWord)
        return try await req.render("programme/overview", title: "Programm: Stellen und Kommunen", content: page, breadcrumbs: [Self.start])
    }

    // MARK: Positions

    struct PositionRow: Encodable, Sendable {
        let id: UUID
        let block: Coded
        let title: String
        let fte: String
        let employer: Coded
        let place: String
        let municipalityIds: [UUID]
        let regionId: UUID?
        /// The FTE today; `fte` is the one the position started with.
        let fteToday: String
        let status: Coded
        let statusSince: String
        let holder: String
        let funded: String
    }

    struct PositionsPage: Encodable {
        let positions: [Linked<PositionRow>]
        let new = SiteURL.newPosition
        let hasPositions: Bool
        let blockWord: String
    }

    static func rows(_ desk: ProgrammeDesk, only id: UUID? = nil) async throws -> [PositionRow] {
        let facts = try await StaffingFacts.load(desk)
        let holders = Dictionary(uniqueKeysWithValues: try await User.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
            .compactMap { u in u.id.map { ($0, u.displayName) } })
        return try facts.positions.filter { id == nil || $0.id == id }
            .sorted { ($0.buildingBlock.rawValue, facts.place(of: $0), $0.title) < ($1.buildingBlock.rawValue, facts.place(of: $1), $1.title) }
            .map { p in
                PositionRow(id: try p.requireID(), block: Coded(p.buildingBlock, name: facts.words.blockName(p.buildingBlock)), title: p.title,
                            fte: FTE.text(p.fteHundredths), employer: Coded(p.employer), place: facts.place(of: p),
                            municipalityIds: p.towns, regionId: p.regionID, fteToday: FTE.text(facts.fte(p, on: desk.today)),
                            status: Coded(p.status), statusSince: p.statusSince,
                            holder: p.holderID.flatMap { holders[$0] } ?? "",
                            funded: p.fundedUntil.isEmpty ? "ab \(GermanFormat.germanDay(p.fundedFrom))" : "\(GermanFormat.germanDay(p.fundedFrom)) bis \(GermanFormat.germanDay(p.fundedUntil))")
            }
    }

    func positions(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let rows = try await Self.rows(desk)
        return try await req.render("programme/positions", title: "Stellen", content: PositionsPage(positions: rows.map { Linked($0, .position(.value($0.id))) }, hasPositions: !rows.isEmpty,
                                                                                                blockWord: try await desk.words().blockWord),
                                    breadcrumbs: [Self.start, Self.home])
    }

    static func positionForm(_ desk: ProgrammeDesk, action: String, cancel: String, withStatus: Bool) async throws -> FormView {
        var form = FormView(action: action, cancel: cancel, submit: withStatus ? "Stelle anlegen" : "Speichern")
        let words = try await desk.words()
        form.add(.radios, "buildingBlock", words.blockWord, BuildingBlock.self, named: words.blockName)
        form.add(.text, "title", "Bezeichnung", hint: "z. B. „Case Management Delbrück“ oder „Koordinierende Stelle“.", required: true)
        form.add(.short, "fte", "Umfang zu Beginn der Förderung in Vollzeitäquivalenten (VZÄ)",
                 hint: "z. B. 0,5 oder 1. Ändert sich der Umfang später, halten Sie das mit Datum unter „Stand ändern“ fest; so bleibt die Vergangenheit richtig.",
                 required: true)
        form.add(.radios, "employer", "Anstellungsträger", Employer.self)
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: desk.db).sorted { $0.value < $1.value }
        form.add(.checkboxes, "municipalityIds", "Einsatz in der Kommune oder den Kommunen",
                 hint: "Eine Stelle für mehrere Kommunen (z. B. Marienmünster und Nieheim) zählt für jede zu gleichen Teilen. Nichts wählen bei einer Region oder bei kreisweitem Einsatz.",
                 options: towns.map { FormOption(value: $0.key.uuidString, label: $0.value, selected: false) })
        let regions = try await Region.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).sort(\.$name).all()
        form.add(.select, "regionId", "oder Einsatz in der Region", options: regions.compactMap { r in r.id.map { FormOption(value: $0.uuidString, label: r.name, selected: false) } })
        form.add(.date, "fundedFrom", "Förderung ab", required: true)
        form.add(.date, "fundedUntil", "Förderung bis", hint: "Leer lassen, solange kein Ende feststeht.")
        if withStatus { try await addChangeFields(to: &form, desk) }
        return form
    }

    static func addChangeFields(to form: inout FormView, _ desk: ProgrammeDesk) async throws {
        form.add(.radios, "status", "Stand", PositionStatus.self)
        form.add(.date, "day", "Stand seit", required: true)
        let users = try await User.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$isActive == true).sort(\.$displayName).all()
        form.add(.select, "holderId", "Inhaber*in (Benutzerkonto)", hint: "Nur bei einer besetzten Stelle, und nur wenn die Person ein Konto in Lotse hat.",
                 options: users.compactMap { u in u.id.map { FormOption(value: $0.uuidString, label: u.displayName, selected: false) } })
        form.add(.text, "note", "Bemerkung", hint: "z. B. „Nachbesetzung zum Schuljahr 2023/24 geplant“.")
    }

    static func positionInput(_ f: FormFields) -> ProgrammeDesk.PositionInput {
        .init(buildingBlock: f.choice("buildingBlock", BuildingBlock.self), title: f.text("title"), fte: f.text("fte"), employer: f.choice("employer", Employer.self),
              municipalityIDs: f.uuids("municipalityIds") + f.uuids("municipalityId"), regionID: f.uuid("regionId"), fundedFrom: f.text("fundedFrom"), fundedUntil: f.text("fundedUntil"))
    }

    static func changeInput(_ f: FormFields) -> ProgrammeDesk.ChangeInput {
        .init(status: f.choice("status", PositionStatus.self), day: f.text("day"), holderID: f.uuid("holderId"), note: f.text("note"), fte: f.text("fte"))
    }

    func newPosition(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let form = try await Self.positionForm(desk, action: SiteURL.newPosition.path, cancel: SiteURL.positions.path, withStatus: true)
        return try await Self.form(req, form, "Stelle anlegen", .with(["day": desk.today, "fundedFrom": desk.today]), nil, [Self.start, Self.home, Self.positionsCrumb])
    }

    func createPosition(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await Self.submit(req, { f in
            SiteURL.position(.value(try await desk.createPosition(Self.positionInput(f), first: Self.changeInput(f)).requireID())).path
        }, again: { f, failure in
            try await Self.form(req, try await Self.positionForm(desk, action: SiteURL.newPosition.path, cancel: SiteURL.positions.path, withStatus: true),
                                "Stelle anlegen", f, failure, [Self.start, Self.home, Self.positionsCrumb])
        })
    }

    struct PositionPage: Encodable {
        struct Change: Encodable {
            let day: String
            let status: String
            let holder: String
            let fte: String
            let note: String
        }

        let position: PositionRow
        let changes: [Change]
        let edit: SiteURL
        let change: SiteURL
        let blockWord: String
    }

    func position(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        _ = try await desk.position(id)
        guard let row = try await Self.rows(desk, only: id).first else { throw PublicError.notFound }
        let holders = Dictionary(uniqueKeysWithValues: try await User.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
            .compactMap { u in u.id.map { ($0, u.displayName) } })
        let changes = try await PositionChangeRecord.query(on: desk.db).filter(\.$positionID == id).sort(\.$day).all().map { c in
            PositionPage.Change(day: c.day, status: c.status.germanName, holder: c.holderID.flatMap { holders[$0] } ?? "",
                                fte: c.fteHundredths.map { "\(FTE.text($0)) VZÄ" } ?? "", note: c.note)
        }
        return try await req.render("programme/position", title: row.title, content: PositionPage(position: row, changes: changes, edit: .positionEdit(.value(id)), change: .positionChange(.value(id)),
                                                                                       blockWord: try await desk.words().blockWord),
                                    breadcrumbs: [Self.start, Self.home, Self.positionsCrumb])
    }

    func editPosition(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        let p = try await desk.position(id)
        let form = try await Self.positionForm(desk, action: SiteURL.positionEdit(.value(id)).path, cancel: SiteURL.position(.value(id)).path, withStatus: false)
        let values = ["buildingBlock": p.buildingBlock.rawValue, "title": p.title, "fte": FTE.text(p.fteHundredths), "employer": p.employer.rawValue,
                      "regionId": p.regionID?.uuidString ?? "", "fundedFrom": p.fundedFrom, "fundedUntil": p.fundedUntil]
        let fields = FormFields(values: values.mapValues { [$0] }.merging(["municipalityIds": p.towns.map(\.uuidString)]) { $1 })
        return try await Self.form(req, form, "Stelle ändern", fields, nil, [Self.start, Self.home, Self.positionsCrumb])
    }

    func updatePosition(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        _ = try await desk.position(id)
        return try await Self.submit(req, { f in
            try await desk.updatePosition(Self.positionInput(f), id: id)
            return SiteURL.position(.value(id)).path
        }, again: { f, failure in
            try await Self.form(req, try await Self.positionForm(desk, action: SiteURL.positionEdit(.value(id)).path, cancel: SiteURL.position(.value(id)).path, withStatus: false),
                                "Stelle ändern", f, failure, [Self.start, Self.home, Self.positionsCrumb])
        })
    }

    static func changeForm(_ desk: ProgrammeDesk, _ id: UUID) async throws -> FormView {
        var form = FormView(action: SiteURL.positionChange(.value(id)).path, cancel: SiteURL.position(.value(id)).path, submit: "Stand speichern",
                            intro: ["Ausgeschrieben, besetzt, wieder frei: jede Änderung wird mit Datum festgehalten. Daraus ergeben sich Stellenwechsel und die Kommunen mit aktivem Case Management."])
        try await Self.addChangeFields(to: &form, desk)
        form.add(.short, "fte", "Neuer Umfang ab diesem Tag (VZÄ)", hint: "Nur wenn sich der Umfang ändert, z. B. von 0,5 auf 1. Sonst leer lassen.")
        return form
    }

    func changeForm(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        _ = try await desk.position(id)
        return try await Self.form(req, try await Self.changeForm(desk, id), "Stand der Stelle ändern", .with(["day": desk.today]), nil,
                                   [Self.start, Self.home, Self.positionsCrumb])
    }

    func change(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("positionID")
        _ = try await desk.position(id)
        return try await Self.submit(req, { f in
            try await desk.changePosition(Self.changeInput(f), id: id)
            return SiteURL.position(.value(id)).path
        }, again: { f, failure in
            try await Self.form(req, try await Self.changeForm(desk, id), "Stand der Stelle ändern", f, failure, [Self.start, Self.home, Self.positionsCrumb])
        })
    }

    // MARK: Agreements

    static func agreementForm(_ desk: ProgrammeDesk, action: String) async throws -> FormView {
        var form = FormView(action: action, cancel: SiteURL.programme.path, submit: "Speichern")
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: desk.db).sorted { $0.value < $1.value }
        form.add(.select, "municipalityId", "Kommune", required: true, options: towns.map { FormOption(value: $0.key.uuidString, label: $0.value, selected: false) })
        form.add(.radios, "kind", "Art", AgreementKind.self)
        form.add(.radios, "status", "Stand", AgreementStatus.self)
        form.add(.date, "datedOn", "Datum des Stands", hint: "z. B. der Tag der Unterschrift.", required: true)
        form.add(.text, "note", "Bemerkung")
        return form
    }

    static func agreementInput(_ f: FormFields) -> ProgrammeDesk.AgreementInput {
        .init(municipalityID: f.uuid("municipalityId"), kind: f.choice("kind", AgreementKind.self), status: f.choice("status", AgreementStatus.self),
              datedOn: f.text("datedOn"), note: f.text("note"))
    }

    func newAgreement(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await Self.form(req, try await Self.agreementForm(desk, action: SiteURL.newAgreement.path), "Vereinbarung mit einer Kommune",
                                   .with(["datedOn": desk.today]), nil, [Self.start, Self.home])
    }

    func createAgreement(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        return try await Self.submit(req, { f in
            _ = try await desk.saveAgreement(Self.agreementInput(f))
            return SiteURL.programme.path
        }, again: { f, failure in
            try await Self.form(req, try await Self.agreementForm(desk, action: SiteURL.newAgreement.path), "Vereinbarung mit einer Kommune", f, failure, [Self.start, Self.home])
        })
    }

    func editAgreement(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("agreementID")
        let a = try await desk.agreement(id)
        let values = ["municipalityId": a.municipalityID.uuidString, "kind": a.kind.rawValue, "status": a.status.rawValue, "datedOn": a.datedOn, "note": a.note]
        return try await Self.form(req, try await Self.agreementForm(desk, action: SiteURL.agreement(.value(id)).path), "Vereinbarung ändern", .with(values), nil,
                                   [Self.start, Self.home])
    }

    func updateAgreement(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let id = try req.id("agreementID")
        _ = try await desk.agreement(id)
        return try await Self.submit(req, { f in
            _ = try await desk.saveAgreement(Self.agreementInput(f), id: id)
            return SiteURL.programme.path
        }, again: { f, failure in
            try await Self.form(req, try await Self.agreementForm(desk, action: SiteURL.agreement(.value(id)).path), "Vereinbarung ändern", f, failure, [Self.start, Self.home])
        })
    }
}
