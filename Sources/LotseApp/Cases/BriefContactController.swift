import Fluent
import LotseCore
import Vapor

/// Kurzkontakte: counted, anonymous, and the door to a case.
struct BriefContactController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.briefContacts, use: list)
        routes.get(.newBriefContact, use: new)
        routes.post(.newBriefContact, use: create)
        routes.get(.briefContactToCase(.key), use: convertConfirm)
        routes.post(.briefContactToCase(.key), use: convert)
    }

    struct Row: Encodable {
        let toCase: SiteURL?
        let contactOn: String
        let municipality: String
        let accessChannel: String
        let level: String
        let lifeDomains: String
        let outcome: String
        let caseLink: String?
    }

    struct ListPage: Encodable {
        let new = SiteURL.newBriefContact
        let rows: [Row]
        let hasRows: Bool
    }

    func list(req: Request) async throws -> Response {
        let desk = try req.caseDesk(.recordBriefContact)
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: desk.db)
        let rows = try await desk.briefContacts().map { contact in
            let channel: AccessChannel? = contact.accessChannel
            return Row(toCase: contact.id.map { .briefContactToCase(.value($0)) }, contactOn: contact.contactOn, municipality: towns[contact.municipalityID] ?? "",
                       accessChannel: channel?.germanName ?? "", level: channel?.levelName ?? "",
                       lifeDomains: contact.lifeDomains.map(\.germanName).joined(separator: ", "),
                       outcome: contact.outcome.germanName,
                       caseLink: contact.caseFileID.map { SiteURL.caseFile(.value($0)).path })
        }
        return try await req.render("cases/brief-contacts", title: "Kurzkontakte", content: ListPage(rows: rows, hasRows: !rows.isEmpty),
                                    breadcrumbs: [CaseController.crumbs[0]])
    }

    func form(_ req: Request, _ desk: CaseDesk, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.newBriefContact.path, cancel: SiteURL.briefContacts.path)
        page.intro = ["Ein Kurzkontakt ist eine kurze Beratung ohne Angaben zur Person. Er zählt in der Statistik und kann später zu einem Fall werden."]
        page.keep(fields)
        page.choose("municipalityId", try await desk.municipalityChoices(), from: fields)
        page.choose("accessChannel", AccessChannel.self, from: fields)
        page.choose("lifeDomains", LifeDomain.self, from: fields)
        page.choose("outcome", BriefContactOutcome.self, from: fields, only: [.informationGiven, .referredOn, .appointmentMade])
        return try await req.render("cases/brief-contact-form", title: "Kurzkontakt erfassen", content: page,
                                    breadcrumbs: [CaseController.crumbs[0], .init(label: "Kurzkontakte", href: SiteURL.briefContacts.path)], failure: failure)
    }

    func new(req: Request) async throws -> Response {
        let desk = try req.caseDesk(.recordBriefContact)
        return try await form(req, desk, try await desk.openingDefaults(dateField: "contactOn"))
    }

    func create(req: Request) async throws -> Response {
        let desk = try req.caseDesk(.recordBriefContact)
        let f = try await req.formFields()
        do {
            _ = try await desk.recordBriefContact(.init(municipalityID: f.uuid("municipalityId"), contactOn: f.text("contactOn"),
                                                        accessChannel: f.choice("accessChannel", AccessChannel.self),
                                                        lifeDomains: f.choices("lifeDomains", LifeDomain.self), outcome: f.choice("outcome", BriefContactOutcome.self)))
            return req.seeOther(.briefContacts, notice: .briefContactRecorded)
        } catch let failure as ValidationFailure {
            return try await form(req, desk, f, failure: failure)
        }
    }

    /// What becoming a case means, before a case is opened (it cannot be taken back).
    func convertConfirm(req: Request) async throws -> Response {
        let desk = try req.caseDesk(.workOnCases)
        let id = try req.id("briefContactID")
        let contact = try await desk.briefContact(id)
        if let existing = contact.caseFileID { return req.seeOther(.caseFile(.value(existing))) }
        let towns = try await OrganisationService.municipalityNames(desk.scope, on: desk.db)
        let channel: AccessChannel? = contact.accessChannel
        var page = ConfirmPage(action: SiteURL.briefContactToCase(.value(id)).path, submit: "Fall eröffnen", cancel: SiteURL.briefContacts.path)
        page.intro = ["Aus diesem Kurzkontakt wird ein Fall, wenn die Person mehr als eine kurze Beratung braucht."]
        page.facts = [.init(label: "Kurzkontakt vom", value: GermanFormat.germanDay(contact.contactOn)),
                      .init(label: "Kommune", value: towns[contact.municipalityID] ?? "–"),
                      .init(label: "Zugang", value: channel?.germanName ?? "–"),
                      .init(label: "Handlungsfelder", value: contact.lifeDomains.map(\.germanName).joined(separator: ", "))]
        page.consequences = ["Ein neuer Fall im Erstgespräch wird eröffnet, mit Ihnen als zuständiger Case Manager*in und dem heutigen Tag als Erstkontakt.",
                             "Kommune, Zugang und Handlungsfelder werden übernommen; der Kurzkontakt verweist danach auf den Fall.",
                             "Ein eröffneter Fall lässt sich nicht zurück in einen Kurzkontakt verwandeln; endet er im Erstgespräch, schließen Sie ihn ab.",
                             "Angaben zur Person erfassen Sie erst nach der Einwilligung."]
        return try await req.confirm(page, title: "Fall aus dem Kurzkontakt eröffnen?",
                                     breadcrumbs: [CaseController.crumbs[0], .init(label: "Kurzkontakte", href: SiteURL.briefContacts.path)])
    }

    /// Opening a case is case work, so it needs the case-work right as well.
    func convert(req: Request) async throws -> Response {
        let desk = try req.caseDesk(.workOnCases)
        let file = try await desk.convert(briefContactID: try req.id("briefContactID"))
        return req.seeOther(.caseFile(.value(try file.requireID())), notice: .caseOpened)
    }
}
