import Fluent
import LotseCore
import Vapor

/// Recording a missing Schweigepflichtentbindung from the form that needs it, and coming back to
/// that form with everything typed (issue 18, part 2): the referral, and the case conference with
/// an organisation that has none. The form's fields ride along in hidden fields of the waiver's
/// page (in the request body, never in an address); after the waiver the form is rendered again
/// from them, not redirected, since nothing of it is stored before it is saved.
struct WaiverDetour: RouteCollection {
    /// The form the detour returns to.
    enum Origin: String, Sendable {
        case referral = "verweisung", conference = "fallkonferenz"
    }

    /// The carried fields' prefix.
    static let carried = "weiter-"

    func boot(routes: any RoutesBuilder) throws {
        routes.post(.caseWaiver(.key), use: record)
    }

    struct Page: Encodable {
        struct Carried: Encodable {
            let name: String
            let value: String
        }

        let form: CaseFormPage
        let recipient: String
        let recipientID: String
        let origin: String
        let carried: [Carried]
    }

    /// The waiver for `provider`, carrying the originating form's fields.
    static func form(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, provider: Provider, from origin: Origin, carrying fields: FormFields,
                     waiver: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let caseID = try file.requireID()
        let providerID = try provider.requireID()
        var form = CaseFormPage(action: SiteURL.caseWaiver(.value(caseID)).path, cancel: SiteURL.caseFile(.value(caseID)).path)
        form.keep(waiver)
        let what = origin == .referral ? "Die Verweisung" : "Die Fallkonferenz"
        form.intro = ["\(what) mit „\(provider.name)“ wartet. Halten Sie hier fest, wie die Person über die Schweigepflichtentbindung entschieden hat; "
                      + "danach kehren Sie mit allen Angaben dorthin zurück."]
        let blank = SiteURL.caseBlankDisclosureForm(.value(caseID), language: .value("de")).path + "?stelle=" + providerID.uuidString
        form.printLink = blank
        form.printLinkEnglish = blank.replacingOccurrences(of: "/disclosure-form/de?", with: "/disclosure-form/en?")
        form.choose("status", ConsentStatus.self, from: waiver, only: [.given, .refused])
        form.choose("method", ConsentMethod.self, from: waiver)
        let carried = fields.values.sorted { $0.key < $1.key }.filter { !["_csrf", "schritt", "entbindung-fuer"].contains($0.key) }
            .flatMap { name, values in values.map { Page.Carried(name: Self.carried + name, value: $0) } }
        let page = Page(form: form, recipient: provider.name, recipientID: providerID.uuidString, origin: origin.rawValue, carried: carried)
        return try await req.render("cases/waiver-detour-form", title: "Schweigepflichtentbindung erfassen", content: page,
                                    breadcrumbs: CaseController.crumbs(file), failure: failure)
    }

    /// The originating form again, filled in as it was.
    static func back(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, to origin: Origin, _ fields: FormFields, notice: String?) async throws -> Response {
        switch origin {
        case .referral:
            return try await ReferralController().render(req, desk, file, fields, notice: notice)
        case .conference:
            guard let step = CaseStep.all.first(where: { $0.address == .conference }) else { throw PublicError.notFound }
            return try await CaseController().renderStep(step, req, desk, file, fields, notice: notice)
        }
    }

    /// Records the waiver, then shows the form it came from. Sending the same page twice (a reload)
    /// records no second waiver while the first one holds.
    func record(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        let f = try await req.formFields()
        let origin = Origin(rawValue: f.text("herkunft")) ?? .referral
        let carried = FormFields(values: Dictionary(uniqueKeysWithValues: f.values.compactMap { name, values in
            name.hasPrefix(Self.carried) ? (String(name.dropFirst(Self.carried.count)), values) : nil
        }))
        if f.text("schritt") == "zurueck" { return try await Self.back(req, desk, file, to: origin, carried, notice: nil) }
        guard let providerID = f.uuid("recipientProviderId"),
              let provider = try await Provider.query(on: desk.db).filter(\.$id == providerID).filter(\.$districtID == desk.scope.districtID).first()
        else { throw PublicError.notFound }
        do {
            if try await !desk.disclosureAllowed(file, to: providerID) {
                _ = try await desk.recordConsent(.init(kind: .disclosure, status: f.choice("status", ConsentStatus.self),
                                                       method: f.choice("method", ConsentMethod.self), givenOn: f.text("givenOn"),
                                                       recipientProviderID: providerID, purpose: f.text("purpose"),
                                                       validFrom: f.text("validFrom"), validUntil: f.text("validUntil")), caseID: try file.requireID())
            }
        } catch let failure as ValidationFailure {
            return try await Self.form(req, desk, file, provider: provider, from: origin, carrying: carried, waiver: f, failure: failure)
        }
        let what = origin == .referral ? "die Verweisung" : "die Fallkonferenz"
        let allowed = try await desk.disclosureAllowed(file, to: providerID)
        return try await Self.back(req, desk, file, to: origin, carried, notice: allowed
            ? "Die Schweigepflichtentbindung für „\(provider.name)“ ist festgehalten. Prüfen Sie \(what) und speichern Sie sie."
            : "Die Erklärung für „\(provider.name)“ ist festgehalten; sie erlaubt keine Weitergabe an diese Stelle.")
    }
}
