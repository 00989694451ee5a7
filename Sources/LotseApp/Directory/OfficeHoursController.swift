import Fluent
import LotseCore
import Vapor

/// Office hours per municipality, with links to each municipality's public page.
struct OfficeHoursController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.officeHours, use: list)
        routes.get(.newOfficeHours, use: new)
        routes.post(.officeHours, use: create)
        routes.get(.officeHoursEdit(.key), use: edit)
        routes.post(.officeHoursEntry(.key), use: update)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Sprechstunden", href: SiteURL.officeHours.path)]

    struct ListPage: Encodable {
        struct Town: Encodable {
            let publicPage: String?
            let name: String
            let entries: [Entry]
            let hasEntries: Bool
        }

        struct Entry: Encodable {
            let edit: SiteURL?
            let place: String
            let times: String
            let languages: String
            let contact: String
            let isActive: Bool
            let mayEdit: Bool
        }

        let towns: [Town]
        let new = SiteURL.newOfficeHours
        let mayEdit: Bool
    }

    func list(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        let editScope = AccessPolicy.scope(for: access.actor, .editDirectory)
        let entries = try await OfficeHoursCatalog.all(access.scope, on: req.db)
        let places = try await PublicPlaces.load(on: req.db)
        let towns = try await OrganisationService.municipalities(access.scope, on: req.db).filter(\.isActive).map { town in
            let own = entries.filter { $0.municipalityID == town.id }.map { entry in
                ListPage.Entry(edit: entry.id.map { .officeHoursEdit(.value($0)) }, place: entry.place, times: entry.times, languages: entry.languages.joined(separator: ", "),
                               contact: entry.contact, isActive: entry.isActive,
                               mayEdit: editScope?.reachesAny(districtID: entry.districtID, municipalityIDs: [entry.municipalityID]) ?? false)
            }
            return ListPage.Town(publicPage: town.id.flatMap { places.address(of: $0) }, name: town.name, entries: own, hasEntries: !own.isEmpty)
        }
        return try await req.render("directory/office-hours", title: "Sprechstunden", content: ListPage(towns: towns, mayEdit: editScope != nil),
                                    breadcrumbs: [Self.crumbs[0]])
    }

    struct Form: Encodable {
        let isNew: Bool
        let action: String
        let cancel = SiteURL.officeHours
        let municipalities: [FormOption]
        let place: String
        let times: String
        let languages: String
        let contact: String
        /// Active or deactivated, for the shared status field.
        let statuses: [FormOption]
    }

    func render(_ req: Request, _ scope: AccessScope, id: UUID?, input: OfficeHoursCatalog.Input, failure: ValidationFailure? = nil) async throws -> Response {
        let towns = try await OrganisationService.municipalities(scope, on: req.db).filter { town in
            town.isActive && (scope.municipalityIDs.map { $0.contains(town.id ?? UUID()) } ?? true)
        }
        let form = Form(
            isNew: id == nil, action: id.map { SiteURL.officeHoursEntry(.value($0)).path } ?? SiteURL.officeHours.path,
            municipalities: towns.map { FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == input.municipalityID) },
            place: input.place, times: input.times, languages: input.languages.joined(separator: ", "), contact: input.contact, statuses: FormOption.statuses(isActive: input.isActive))
        return try await req.render("directory/office-hours-form", title: id == nil ? "Sprechstunde anlegen" : "Sprechstunde bearbeiten",
                                    content: form, breadcrumbs: Self.crumbs, failure: failure)
    }

    static func input(from fields: FormFields, into failure: inout ValidationFailure) -> OfficeHoursCatalog.Input {
        OfficeHoursCatalog.Input(
            municipalityID: fields.optionalID("municipalityId", into: &failure, message: "Bitte wählen Sie eine Kommune aus der Liste."),
            place: fields.text("place"), times: fields.text("times"), languages: DirectoryForms.languages(fields.text("languages")),
            contact: fields.text("contact"), isActive: fields.isActiveChoice)
    }

    func new(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        return try await render(req, access.scope, id: nil, input: .init())
    }

    func edit(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        let entry = try await OfficeHoursCatalog.entry(try req.id("officeHoursID"), access.scope, on: req.db)
        return try await render(req, access.scope, id: entry.id, input: .init(
            municipalityID: entry.municipalityID, place: entry.place, times: entry.times, languages: entry.languages,
            contact: entry.contact, isActive: entry.isActive))
    }

    func create(req: Request) async throws -> Response { try await save(req, id: nil) }

    func update(req: Request) async throws -> Response { try await save(req, id: try req.id("officeHoursID")) }

    func save(_ req: Request, id: UUID?) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        if let id { _ = try await OfficeHoursCatalog.entry(id, access.scope, on: req.db) }
        var failure = ValidationFailure()
        let input = Self.input(from: try await req.formFields(), into: &failure)
        do {
            try failure.throwIfAny()
            _ = try await OfficeHoursCatalog.save(input, id: id, access.scope, audit: req.audit, on: req.db)
            return req.seeOther(.officeHours, notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await render(req, access.scope, id: id, input: input, failure: failure)
        }
    }
}
