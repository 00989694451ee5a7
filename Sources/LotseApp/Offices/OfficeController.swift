import Fluent
import Foundation
import LotseCore
import Vapor

/// The offices and their checklists in the browser (issue 16, parts 1 and 2): the list for everyone
/// who reads requirements (and the administration), the office form for the administration, the
/// checklist pages, and the checklist forms for the office's own staff.
struct OfficeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.offices, use: list)
        routes.get(.newOffice, use: newOffice)
        routes.post(.offices, use: createOffice)
        routes.get(.officeEdit(.key), use: editOffice)
        routes.post(.officeEdit(.key), use: updateOffice)
        routes.get(.checklist(.key), use: checklist)
        routes.get(.newChecklist(.key), use: newChecklist)
        routes.post(.newChecklist(.key), use: createChecklist)
        routes.get(.checklistVersion(.key), use: newVersion)
        routes.post(.checklistVersion(.key), use: createVersion)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)]
    static let officesCrumbs = crumbs + [LayoutContext.Crumb(label: "Behörden und Voraussetzungen", href: SiteURL.offices.path)]
    static let notLegalAdvice = "Die Checklisten sind Informationen der Behörden für die Beratung, keine Rechtsberatung und keine Entscheidung: "
        + "Ob die Voraussetzungen erfüllt sind, entscheidet die Behörde im Verfahren."

    // MARK: The list

    struct ListPage: Encodable {
        struct ChecklistRow: Encodable {
            let title: String
            let procedure: String
            let version: Int
            let validFrom: String
            let isExample: Bool
            let href: SiteURL
        }

        struct OfficeRow: Encodable {
            let name: String
            let kinds: String
            let municipalities: String
            let members: String
            let isActive: Bool
            let checklists: [ChecklistRow]
            let hasChecklists: Bool
            let edit: SiteURL?
            let newChecklist: SiteURL?
            let backlog: SiteURL?
        }

        let notice: String
        let offices: [OfficeRow]
        let hasOffices: Bool
        let newOffice: SiteURL?
    }

    func list(req: Request) async throws -> Response {
        let reader = try? req.authorize(.readRequirements)
        let access = try reader ?? req.authorize(.administerOrganisation)
        let isAdmin = AccessPolicy.permits(access.actor, .administerOrganisation)
        let districtID = access.scope.districtID
        let offices = try await OfficeService.offices(districtID: districtID, on: req.db).filter { isAdmin || $0.isActive }
        let towns = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let members = try await OfficeService.members(of: offices.compactMap(\.id), on: req.db)
        let userID = access.user.id
        let names = isAdmin ? try await StaffDirectory.names(members.map(\.userID), districtID: districtID, on: req.db) : [:]
        let checklists = reader == nil ? [] : try await req.checklistDesk(.readRequirements).current()
        let content = ListPage(
            notice: Self.notLegalAdvice,
            offices: offices.map { office in
                let own = members.filter { $0.officeID == office.id }
                let rows = checklists.filter { $0.officeID == office.id }.compactMap { list in
                    list.id.map { ListPage.ChecklistRow(title: list.title, procedure: list.procedure.germanName, version: list.version,
                                                        validFrom: GermanFormat.germanDay(list.validFrom), isExample: list.isExample, href: .checklist(.value($0))) }
                }
                let mayKeep = AccessPolicy.permits(access.actor, .maintainRequirements) && own.contains { $0.userID == userID }
                return ListPage.OfficeRow(
                    name: office.name, kinds: office.kinds.map(\.germanName).joined(separator: " und "),
                    municipalities: office.municipalityIDs.compactMap { towns[$0] }.sorted().joined(separator: ", "),
                    members: own.compactMap { names[$0.userID] }.sorted().joined(separator: ", "), isActive: office.isActive,
                    checklists: rows, hasChecklists: !rows.isEmpty, edit: isAdmin ? office.id.map { .officeEdit(.value($0)) } : nil,
                    newChecklist: mayKeep ? office.id.map { .newChecklist(.value($0)) } : nil,
                    backlog: mayKeep ? office.id.map { .officeBacklog(.value($0)) } : nil)
            },
            hasOffices: !offices.isEmpty, newOffice: isAdmin ? .newOffice : nil)
        return try await req.render("offices/list", title: "Behörden und Voraussetzungen", content: content, breadcrumbs: Self.crumbs)
    }

    // MARK: Offices (the administration)

    func officePage(_ req: Request, _ scope: AccessScope, id: UUID?, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: id.map { SiteURL.officeEdit(.value($0)).path } ?? SiteURL.offices.path, cancel: SiteURL.offices.path)
        page.intro = ["Jede Kommune hat je Aufgabe (Aufenthalt, Einbürgerung) genau eine zuständige Behörde: die des Kreises oder die einer Stadt mit eigener Behörde. "
                      + "Mitarbeitende sind Personen mit der Rolle Ausländer- und Einbürgerungsbehörde; jede gehört zu einer Behörde."]
        page.keep(fields)
        page.choose("kinds", OfficeKind.self, from: fields)
        page.choose("municipalities", try await OrganisationService.municipalities(scope, on: req.db).filter(\.isActive).compactMap { town in town.id.map { ($0, town.name) } },
                    from: fields)
        page.choose("members", try await OfficeService.officeStaff(districtID: scope.districtID, on: req.db).compactMap { user in user.id.map { ($0, user.displayName) } },
                    from: fields)
        page.choose("providerId", try await Provider.query(on: req.db).filter(\.$districtID == scope.districtID).sort(\.$name).all()
            .compactMap { provider in provider.id.map { ($0, provider.name) } }, from: fields)
        page.options["statuses"] = FormOption.statuses(isActive: fields.isActiveChoice)
        return try await req.render("offices/office-form", title: id == nil ? "Behörde anlegen" : "Behörde bearbeiten", content: page,
                                    breadcrumbs: Self.officesCrumbs, failure: failure)
    }

    func newOffice(req: Request) async throws -> Response {
        try await officePage(req, try req.authorize(.administerOrganisation).scope, id: nil, .with(["status": "active"]))
    }

    func editOffice(req: Request) async throws -> Response {
        let scope = try req.authorize(.administerOrganisation).scope
        let office = try await OfficeService.office(try req.id("officeID"), districtID: scope.districtID, on: req.db)
        let members = try await OfficeService.members(of: [try office.requireID()], on: req.db)
        let fields = FormFields(values: ["name": [office.name], "kinds": office.kinds.map(\.rawValue), "municipalities": office.municipalityIDs.map(\.uuidString),
                                         "members": members.map(\.userID.uuidString), "status": [office.isActive ? "active" : "inactive"],
                                         "providerId": office.providerID.map { [$0.uuidString] } ?? []])
        return try await officePage(req, scope, id: office.id, fields)
    }

    func createOffice(req: Request) async throws -> Response { try await saveOffice(req, id: nil) }
    func updateOffice(req: Request) async throws -> Response { try await saveOffice(req, id: try req.id("officeID")) }

    func saveOffice(_ req: Request, id: UUID?) async throws -> Response {
        let scope = try req.authorize(.administerOrganisation).scope
        let fields = try await req.formFields()
        do {
            try await OfficeService.save(fields.officeInput, id: id, scope, audit: req.audit, on: req.db)
            return req.seeOther(.offices, notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await officePage(req, scope, id: id, fields, failure: failure)
        }
    }

    // MARK: Checklists

    struct ChecklistPage: Encodable {
        struct Item: Encodable {
            let position: Int
            let title: String
            let legalSource: String
            let explanation: String
            let documents: String
        }

        struct Version: Encodable {
            let version: Int
            let validity: String
            let isThis: Bool
            let href: SiteURL
        }

        let notice: String
        let office: String
        let procedure: String
        let version: Int
        let validity: String
        let isExample: Bool
        let items: [Item]
        let versions: [Version]
        let newVersion: SiteURL?
    }

    static func validity(_ list: RequirementChecklist) -> String {
        "gilt ab \(GermanFormat.germanDay(list.validFrom))" + (list.validUntil.map { " bis \(GermanFormat.germanDay($0))" } ?? "")
    }

    func checklist(req: Request) async throws -> Response {
        let desk = try req.checklistDesk(.readRequirements)
        let shown = try await desk.shown(try req.id("checklistID"))
        let list = shown.checklist
        var mayKeep = false
        if AccessPolicy.permits(try req.authorize(.readRequirements).actor, .maintainRequirements) {
            mayKeep = (try? await desk.requireOwnOffice(try shown.office.requireID())) != nil
        }
        let content = ChecklistPage(
            notice: Self.notLegalAdvice, office: shown.office.name, procedure: list.procedure.germanName, version: list.version,
            validity: Self.validity(list), isExample: list.isExample,
            items: shown.items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource, explanation: $0.explanation, documents: $0.documents) },
            versions: shown.versions.compactMap { version in
                version.id.map { .init(version: version.version, validity: Self.validity(version), isThis: version.id == list.id, href: .checklist(.value($0))) }
            },
            newVersion: mayKeep ? list.id.map { .checklistVersion(.value($0)) } : nil)
        return try await req.render("offices/checklist", title: list.title, content: content, breadcrumbs: Self.officesCrumbs)
    }

    struct ChecklistFormPage: Encodable {
        struct Row: Encodable {
            let number: Int
            let prefix: String
            let title: String
            let legalSource: String
            let explanation: String
            let documents: String
        }

        let form: CaseFormPage
        let rows: [Row]
        let isVersion: Bool
    }

    func checklistForm(_ req: Request, action: SiteURL, cancel: SiteURL, title: String, _ fields: FormFields, isVersion: Bool,
                       failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: action.path, cancel: cancel.path)
        page.intro = [isVersion ? "Ändert sich die Rechtslage, legen Sie eine neue Fassung an: Sie gilt ab dem gewählten Tag, die bisherige endet am Tag davor. "
                        + "Vorprüfungen behalten die Fassung, mit der sie gemacht wurden." : "Eine Checkliste sagt Case Manager*innen, was ein Verfahren voraussetzt: "
                        + "je Voraussetzung die Rechtsgrundlage, eine verständliche Erläuterung und die üblichen Unterlagen. Leere Zeilen bleiben unbeachtet.",
                      Self.notLegalAdvice]
        page.keep(fields)
        page.choose("procedure", Procedure.self, from: fields)
        let input = fields.checklistInput
        let rows = (1...max(ChecklistDesk.formRows, input.items.count)).map { number -> ChecklistFormPage.Row in
            let item = number <= input.items.count ? input.items[number - 1] : ChecklistDesk.ItemInput()
            return .init(number: number, prefix: "item\(number)-", title: item.title, legalSource: item.legalSource, explanation: item.explanation, documents: item.documents)
        }
        return try await req.render("offices/checklist-form", title: title, content: ChecklistFormPage(form: page, rows: rows, isVersion: isVersion),
                                    breadcrumbs: Self.officesCrumbs, failure: failure)
    }

    func newChecklist(req: Request) async throws -> Response {
        let desk = try req.checklistDesk(.maintainRequirements)
        let officeID = try req.id("officeID")
        let office = try await desk.requireOwnOffice(officeID)
        return try await checklistForm(req, action: .newChecklist(.value(officeID)), cancel: .offices, title: "Checkliste für \(office.name) anlegen",
                                       .with(["validFrom": desk.today]), isVersion: false)
    }

    func createChecklist(req: Request) async throws -> Response {
        let desk = try req.checklistDesk(.maintainRequirements)
        let officeID = try req.id("officeID")
        let office = try await desk.requireOwnOffice(officeID)
        let fields = try await req.formFields()
        do {
            let created = try await desk.create(fields.checklistInput, officeID: officeID)
            return req.seeOther(.checklist(.value(try created.requireID())), notice: .created)
        } catch let failure as ValidationFailure {
            return try await checklistForm(req, action: .newChecklist(.value(officeID)), cancel: .offices, title: "Checkliste für \(office.name) anlegen",
                                           fields, isVersion: false, failure: failure)
        }
    }

    func newVersion(req: Request) async throws -> Response {
        let desk = try req.checklistDesk(.maintainRequirements)
        let shown = try await desk.shown(try req.id("checklistID"))
        _ = try await desk.requireOwnOffice(try shown.office.requireID())
        var values: [String: [String]] = ["procedure": [shown.checklist.procedure.rawValue], "title": [shown.checklist.title], "validFrom": [desk.today]]
        for item in shown.items {
            let prefix = "item\(item.position)-"
            values[prefix + "title"] = [item.title]
            values[prefix + "legalSource"] = [item.legalSource]
            values[prefix + "explanation"] = [item.explanation]
            values[prefix + "documents"] = [item.documents]
        }
        let id = try shown.checklist.requireID()
        return try await checklistForm(req, action: .checklistVersion(.value(id)), cancel: .checklist(.value(id)),
                                       title: "Neue Fassung: \(shown.checklist.title)", FormFields(values: values), isVersion: true)
    }

    func createVersion(req: Request) async throws -> Response {
        let desk = try req.checklistDesk(.maintainRequirements)
        let id = try req.id("checklistID")
        let shown = try await desk.shown(id)
        let fields = try await req.formFields()
        do {
            let created = try await desk.newVersion(fields.checklistInput, of: id)
            return req.seeOther(.checklist(.value(try created.requireID())), notice: .created)
        } catch let failure as ValidationFailure {
            return try await checklistForm(req, action: .checklistVersion(.value(id)), cancel: .checklist(.value(id)),
                                           title: "Neue Fassung: \(shown.checklist.title)", fields, isVersion: true, failure: failure)
        }
    }
}
