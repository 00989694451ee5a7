import Fluent
import LotseCore
import Vapor

/// A new referral: search the service directory, pick a service or an organisation, and say what
/// goes with it. The consent check happens on saving.
struct ReferralController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReferral(.key), use: new)
        routes.post(.caseReferral(.key), use: create)
    }

    struct ServiceChoice: Encodable {
        let value: String
        let label: String
        let provider: String
        let hasConsent: Bool
        let selected: Bool
    }

    struct Page: Encodable {
        let form: CaseFormPage
        let searchAction: String
        let query: String
        let services: [ServiceChoice]
        let hasServices: Bool
        let searchDomains: [FormOption]
    }

    func render(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let caseID = try file.requireID()
        _ = try await desk.openCaseForWork(caseID)
        var form = CaseFormPage(action: SiteURL.caseReferral(.value(caseID)).path, cancel: SiteURL.caseFile(.value(caseID)).path)
        form.keep(fields)
        form.intro = ["Eine Verweisung ohne Übergabe von Daten können Sie planen. Sobald etwas übergeben wird, braucht es eine gültige Schweigepflichtentbindung für die Stelle."]
        form.choose("providerId", try await desk.providerChoices(), from: fields)
        form.choose("lifeDomain", LifeDomain.self, from: fields)
        form.choose("handoverItems", HandoverItem.self, from: fields)
        form.choose("status", ReferralStatus.self, from: fields, only: [.planned, .handedOver])
        let query = req.queryText("q")
        let domain = LifeDomain(rawValue: req.queryText("bereich"))
        let scope = try req.authorize(.readDirectory).scope
        let found = try await DirectoryCatalog.search(.init(text: query, lifeDomain: domain), scope, on: desk.db)
        let consented = Set(try await desk.consents(of: file).filter {
            $0.kind == .disclosure && $0.status == .given
        }.compactMap(\.recipientProviderID))
        let chosen = fields.text("serviceId")
        let services = found.prefix(30).compactMap { service, provider -> ServiceChoice? in
            guard let id = service.id, provider?.isActive != false else { return nil }
            return ServiceChoice(value: id.uuidString, label: service.name, provider: provider?.name ?? "",
                                 hasConsent: consented.contains(service.$provider.id), selected: chosen == id.uuidString)
        }
        let page = Page(form: form, searchAction: SiteURL.caseReferral(.value(caseID)).path, query: query, services: services, hasServices: !services.isEmpty,
                        searchDomains: LifeDomain.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == domain) })
        return try await req.render("cases/referral-form", title: "Verweisung", content: page, breadcrumbs: CaseController.crumbs(file), failure: failure)
    }

    func new(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        return try await render(req, desk, file, .with(["status": ReferralStatus.planned.rawValue]))
    }

    func create(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        let file = try await desk.caseFile(caseID)
        let f = try await req.formFields()
        do {
            _ = try await desk.refer(Self.input(f), caseID: caseID)
            return req.seeOther(.caseFile(.value(caseID)), notice: .created)
        } catch let failure as ValidationFailure {
            return try await render(req, desk, file, f, failure: failure)
        }
    }

    static func input(_ f: FormFields) -> CaseDesk.ReferralInput {
        .init(providerID: f.uuid("providerId"), serviceID: f.uuid("serviceId"), lifeDomain: f.choice("lifeDomain", LifeDomain.self),
              reason: f.text("reason"), handoverItems: f.choices("handoverItems", HandoverItem.self),
              status: f.choice("status", ReferralStatus.self) ?? .planned)
    }
}
