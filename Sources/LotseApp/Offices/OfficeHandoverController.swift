import Fluent
import Foundation
import LotseCore
import Vapor

/// The office's pages for handovers (issue 16, part 4): the list without personal data, one
/// handover (each opening audited) with the form for the office's feedback.
struct OfficeHandoverController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.officeHandovers, use: list)
        routes.get(.officeHandover(.key), use: show)
        routes.post(.officeHandoverFeedback(.key), use: feedback)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path),
                         LayoutContext.Crumb(label: "Übergaben aus dem Case Management", href: SiteURL.officeHandovers.path)]

    struct ListPage: Encodable {
        struct Row: Encodable {
            let procedure: String
            let municipality: String
            let handedOverOn: String
            let status: String
            let statusOn: String
            let readable: Bool
            let href: SiteURL
        }

        let office: String
        let rows: [Row]
        let hasRows: Bool
    }

    func list(req: Request) async throws -> Response {
        let (office, rows) = try await req.handoverDesk().list()
        let content = ListPage(office: office.name, rows: rows.compactMap { row in
            row.handover.id.map {
                .init(procedure: row.handover.procedure.germanName, municipality: row.municipality, handedOverOn: row.handover.handedOverOn,
                      status: row.handover.status.germanName, statusOn: row.handover.statusOn, readable: row.readable, href: .officeHandover(.value($0)))
            }
        }, hasRows: !rows.isEmpty)
        return try await req.render("offices/handovers", title: "Übergaben aus dem Case Management", content: content, breadcrumbs: [Self.crumbs[0]])
    }

    struct DetailPage: Encodable {
        let procedure: String
        let municipality: String
        let handedOverOn: String
        let status: String
        let blockedReason: String?
        let person: String
        let birthDate: String
        let checklist: String
        let items: [CaseDetail.PreCheckView.Item]
        let hasContent: Bool
        let events: [CaseDetail.HandoverView.Event]
        let mayReport: Bool
        let form: CaseFormPage
    }

    func page(_ req: Request, _ shown: HandoverDesk.Shown, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let handover = shown.handover
        let id = try handover.requireID()
        var form = CaseFormPage(action: SiteURL.officeHandoverFeedback(.value(id)).path, cancel: SiteURL.officeHandovers.path)
        form.keep(fields)
        form.choose("status", HandoverStatus.self, from: fields, only: HandoverStatus.feedback)
        let content = shown.content
        let page = DetailPage(
            procedure: handover.procedure.germanName, municipality: shown.municipality, handedOverOn: handover.handedOverOn,
            status: handover.status.germanName, blockedReason: shown.blockedReason,
            person: content.map { "\($0.givenNames) \($0.familyName)" } ?? "", birthDate: content?.birthDate ?? "",
            checklist: content.map { "\($0.checklist), Fassung \($0.version)" } ?? "",
            items: content?.itemViews ?? [],
            hasContent: content != nil, events: shown.events, mayReport: content != nil && !handover.status.isFinal, form: form)
        return try await req.render("offices/handover", title: "Übergabe vom \(GermanFormat.germanDay(handover.handedOverOn))", content: page,
                                    breadcrumbs: Self.crumbs, failure: failure)
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.handoverDesk()
        return try await page(req, try await desk.shown(try req.id("handoverID")), .with(["happenedOn": desk.today]))
    }

    func feedback(req: Request) async throws -> Response {
        let desk = try req.handoverDesk()
        let id = try req.id("handoverID")
        let fields = try await req.formFields()
        do {
            try await desk.recordFeedback(fields.handoverFeedback, handoverID: id)
            return req.seeOther(.officeHandover(.value(id)), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await page(req, try await desk.shown(id), fields, failure: failure)
        }
    }
}
