import Fluent
import LotseCore
import Vapor

/// Editing an agenda before its meeting (issue 18, part 4): an item's title and proposed
/// resolution, its place, its removal. Each answer leads back to the meeting.
struct AgendaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.agendaItem(.key), use: editForm)
        routes.post(.agendaItem(.key), use: edit)
        routes.post(.agendaItemMove(.key), use: move)
        routes.post(.agendaItemRemove(.key), use: remove)
    }

    struct EditPage: Encodable {
        let form: CaseFormPage
        let remove: SiteURL
    }

    func page(_ req: Request, _ desk: SteeringDesk, _ item: AgendaItem, _ meeting: Meeting, _ fields: FormFields,
              _ failure: ValidationFailure? = nil) async throws -> Response {
        let id = try item.requireID()
        var form = CaseFormPage(action: SiteURL.agendaItem(.value(id)).path, cancel: SiteURL.meeting(.value(try meeting.requireID())).path)
        form.intro = ["Der Beschlussvorschlag steht in der Entscheidungsvorlage der Einladung. Nach der Sitzung bleibt die Tagesordnung, wie sie war."]
        form.keep(fields)
        return try await req.render("steering/agenda-item-form", title: "Tagesordnungspunkt \(item.position) bearbeiten",
                                    content: EditPage(form: form, remove: .agendaItemRemove(.value(id))),
                                    breadcrumbs: try await SteeringController().meetingCrumbs(desk, meeting), failure: failure)
    }

    func editForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        return try await page(req, desk, item, meeting, .with(["title": item.title, "proposedResolution": item.proposedResolution ?? ""]))
    }

    func edit(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        let f = try await req.formFields()
        do {
            try await desk.editAgendaItem(try item.requireID(), title: f.text("title"), proposedResolution: f.text("proposedResolution"))
        } catch let failure as ValidationFailure {
            return try await page(req, desk, item, meeting, f, failure)
        }
        return req.seeOther(SiteURL.meeting(.value(try meeting.requireID())).path + "#tagesordnung", notice: .agendaChanged)
    }

    func move(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        try await desk.moveAgendaItem(try item.requireID(), up: try await req.formFields().text("richtung") == "hoch")
        return req.seeOther(SiteURL.meeting(.value(try meeting.requireID())).path + "#tagesordnung", notice: .agendaChanged)
    }

    func remove(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let (item, meeting) = try await desk.changeableAgendaItem(try req.id("agendaItemID"))
        try await desk.removeAgendaItem(try item.requireID())
        return req.seeOther(SiteURL.meeting(.value(try meeting.requireID())).path + "#tagesordnung", notice: .agendaChanged)
    }
}
