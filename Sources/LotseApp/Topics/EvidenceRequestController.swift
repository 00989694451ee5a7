import Fluent
import LotseCore
import Vapor

/// The case management answers the coordination's "do you see the same?".
struct EvidenceRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.requests, use: list)
        routes.get(.request(.key), use: form)
        routes.post(.request(.key), use: answer)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Rückfragen", href: SiteURL.requests.path)]

    struct ListPage: Encodable {
        let requests: [Linked<EvidenceDesk.OpenRequest>]
        let hasRequests: Bool
    }

    func list(req: Request) async throws -> Response {
        let requests = try await req.evidenceDesk().openRequests()
        return try await req.render("topics/requests", title: "Rückfragen der Koordinierenden Stelle", content: ListPage(requests: requests.map { Linked($0, .request(.value($0.id))) }, hasRequests: !requests.isEmpty),
                                    breadcrumbs: [Self.crumbs[0]])
    }

    func page(_ req: Request, _ desk: EvidenceDesk, _ id: UUID, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let request = try await desk.request(id)
        let topic = try await Topic.find(request.topicID, on: desk.db)
        var page = CaseFormPage(action: SiteURL.request(.value(id)).path, cancel: SiteURL.requests.path)
        page.intro = ["Thema: \(topic?.title ?? "")", topic?.statement ?? "", "Frage: \(request.question)"]
        page.keep(fields)
        let towns = try await Municipality.query(on: desk.db).filter(\.$id ~~ desk.own(request)).sort(\.$name).all()
        page.choose("municipalityId", towns.compactMap { town in town.id.map { ($0, town.name) } }, from: fields)
        page.choose("seesSame", SeesSame.self, from: fields)
        if !PersonalDataWarning.check(fields.text("comment")).isEmpty { page.values["showConfirm"] = "on" }
        return try await req.render("topics/answer-form", title: "Rückfrage beantworten", content: page, breadcrumbs: Self.crumbs, failure: failure)
    }

    func form(req: Request) async throws -> Response {
        let desk = try req.evidenceDesk()
        let id = try req.id("requestID")
        let own = desk.own(try await desk.request(id))
        return try await page(req, desk, id, own.count == 1 ? .with(["municipalityId": own[0].uuidString]) : FormFields())
    }

    static func input(_ f: FormFields) -> EvidenceDesk.AnswerInput {
        .init(municipalityID: f.uuid("municipalityId"), seesSame: f.choice("seesSame", SeesSame.self), cases: f.text("cases"), comment: f.text("comment"),
              confirmedNoPersonalData: f.flag("confirmedNoPersonalData"), answeredOn: f.text("answeredOn"))
    }

    func answer(req: Request) async throws -> Response {
        let desk = try req.evidenceDesk()
        let id = try req.id("requestID")
        _ = try await desk.request(id)
        let f = try await req.formFields()
        do {
            try await desk.answer(Self.input(f), requestID: id)
            return req.seeOther(.requests, notice: .answerSent)
        } catch let failure as ValidationFailure {
            return try await page(req, desk, id, f, failure: failure)
        }
    }
}
