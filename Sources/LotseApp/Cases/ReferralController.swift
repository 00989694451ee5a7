import Fluent
import LotseCore
import Vapor

/// A new referral: search the service directory, pick a service or an organisation, and say what
/// goes with it. The consent check happens on saving. Nothing typed is lost on the way (issue 18,
/// part 2): the search is a button of the same form, and a missing waiver is recorded from here
/// (`WaiverDetour`), the referral shown again, filled in, afterwards.
struct ReferralController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseReferral(.key), use: new)
        routes.post(.caseReferral(.key), use: submit)
    }

    /// The buttons of the referral form, by the value of its field `schritt`.
    enum Step: String {
        case search = "suchen", waiver = "entbindung"
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
        let query: String
        let services: [ServiceChoice]
        let hasServices: Bool
        let searchDomains: [FormOption]
        /// The chosen organisation has no valid waiver: the way to record one is shown first.
        let needsWaiver: Bool
        let chosenProvider: String
    }

    func render(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, _ fields: FormFields, failure: ValidationFailure? = nil,
                notice: String? = nil) async throws -> Response {
        let caseID = try file.requireID()
        _ = try await desk.openCaseForWork(caseID)
        var form = CaseFormPage(action: SiteURL.caseReferral(.value(caseID)).path, cancel: SiteURL.caseFile(.value(caseID)).path)
        form.keep(fields)
        form.intro = ["Eine Verweisung ohne Übergabe von Daten können Sie planen. Sobald etwas übergeben wird, braucht es eine gültige Schweigepflichtentbindung für die Stelle."]
        form.choose("providerId", try await desk.providerChoices(), from: fields)
        form.choose("lifeDomain", LifeDomain.self, from: fields)
        form.choose("handoverItems", HandoverItem.self, from: fields)
        form.choose("status", ReferralStatus.self, from: fields, only: [.planned, .handedOver])
        // The search comes from the form's own fields once it has been sent, from the address before.
        let query = fields.has("q") ? fields.text("q") : req.queryText("q")
        let domain = LifeDomain(rawValue: fields.has("bereich") ? fields.text("bereich") : req.queryText("bereich"))
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
        let provider = try await chosenProvider(desk, fields)
        let needsWaiver = try await provider.asyncMap { try await !desk.disclosureAllowed(file, to: try $0.requireID()) } ?? false
        let page = Page(form: form, query: query, services: services, hasServices: !services.isEmpty,
                        searchDomains: LifeDomain.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == domain) },
                        needsWaiver: needsWaiver && failure != nil, chosenProvider: provider?.name ?? "")
        return try await req.render("cases/referral-form", title: "Verweisung", content: page, breadcrumbs: CaseController.crumbs(file), failure: failure,
                                    notice: notice)
    }

    /// The organisation the form names: the chosen service's, or the one chosen directly (this district's only).
    func chosenProvider(_ desk: CaseDesk, _ fields: FormFields) async throws -> Provider? {
        var providerID = fields.uuid("providerId")
        if let serviceID = fields.uuid("serviceId") {
            providerID = try await Service.query(on: desk.db).filter(\.$id == serviceID).filter(\.$districtID == desk.scope.districtID).first()?.$provider.id
        }
        guard let providerID else { return nil }
        return try await Provider.query(on: desk.db).filter(\.$id == providerID).filter(\.$districtID == desk.scope.districtID).first()
    }

    func new(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        return try await render(req, desk, file, .with(["status": ReferralStatus.planned.rawValue]))
    }

    func submit(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        let file = try await desk.caseFile(caseID)
        let f = try await req.formFields()
        switch Step(rawValue: f.text("schritt")) {
        case .search:
            return try await render(req, desk, file, f)
        case .waiver:
            guard let provider = try await chosenProvider(desk, f) else {
                var failure = ValidationFailure()
                failure.add("providerId", "Bitte wählen Sie zuerst das Angebot oder die Stelle, für die die Schweigepflichtentbindung gelten soll.")
                return try await render(req, desk, file, f, failure: failure)
            }
            return try await WaiverDetour.form(req, desk, file, provider: provider, from: .referral, carrying: f, waiver: .with(["givenOn": desk.today]))
        case nil:
            break
        }
        do {
            _ = try await desk.refer(Self.input(f), caseID: caseID)
            return req.seeOther(SiteURL.casePart(caseID, .referrals), notice: .referralMade)
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
