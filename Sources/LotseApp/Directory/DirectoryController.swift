import Fluent
import LotseCore
import Vapor

/// The service directory in the browser: search, read, and (coordinators, case managers for
/// their municipalities) create, change and confirm entries.
struct DirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.directory, use: search)
        routes.get(.newService, use: newService)
        routes.post(.services, use: createService)
        routes.get(.service(.key), use: showService)
        routes.get(.serviceEdit(.key), use: editService)
        routes.post(.service(.key), use: updateService)
        routes.post(.serviceChecked(.key), use: markChecked)
        routes.get(.providers, use: providers)
        routes.get(.newProvider, use: newProvider)
        routes.post(.providers, use: createProvider)
        routes.get(.provider(.key), use: showProvider)
        routes.get(.providerEdit(.key), use: editProvider)
        routes.post(.provider(.key), use: updateProvider)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Angebote", href: SiteURL.directory.path)]

    /// The directory's own addresses, for its pages' buttons.
    struct Links: Encodable {
        let search = SiteURL.directory
        let providers = SiteURL.providers
        let newService = SiteURL.newService
        let newProvider = SiteURL.newProvider
        let export = SiteURL.directoryExport
        let importFile = SiteURL.directoryImport
    }

    struct ServiceRow: Encodable {
        let href: SiteURL?
        let name: String
        let provider: String
        let lifeDomains: String
        let municipalities: String
        let access: String
        let overdue: Bool
    }

    static func rows(_ results: [(Service, Provider?)], names: [UUID: String], now: Date) -> [ServiceRow] {
        results.map { service, provider in
            ServiceRow(
                href: service.id.map { .service(.value($0)) }, name: service.name, provider: provider?.name ?? "–",
                lifeDomains: service.lifeDomains.map(\.germanName).joined(separator: ", "),
                municipalities: service.municipalityIDs.compactMap { names[$0] }.sorted().joined(separator: ", "),
                access: service.accessMode.germanName,
                overdue: Freshness.isOverdue(lastCheckedAt: service.lastCheckedAt, now: now))
        }
    }

    // MARK: Search

    struct SearchPage: Encodable {
        let text: String
        let language: String
        let lifeDomains: [FormOption]
        let municipalities: [FormOption]
        let targetGroups: [FormOption]
        let rows: [ServiceRow]
        let count: String
        let mayEdit: Bool
        let mayImport: Bool
        let links = Links()
    }

    func search(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        let filter = DirectoryCatalog.Filter(
            text: req.queryText("suche"), lifeDomain: LifeDomain(rawValue: req.queryText("handlungsfeld")), municipalityID: UUID(uuidString: req.queryText("kommune")),
            language: req.queryText("sprache"), targetGroup: TargetGroup(rawValue: req.queryText("zielgruppe")))
        let municipalities = try await OrganisationService.municipalities(access.scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: municipalities.compactMap { m in m.id.map { ($0, m.name) } })
        let results = try await DirectoryCatalog.search(filter, access.scope, on: req.db)
        let page = SearchPage(
            text: filter.text, language: filter.language,
            lifeDomains: DirectoryForms.options(LifeDomain.self, selected: Set([filter.lifeDomain].compactMap { $0 })),
            municipalities: DirectoryForms.municipalityOptions(municipalities, selected: Set([filter.municipalityID].compactMap { $0 })),
            targetGroups: DirectoryForms.options(TargetGroup.self, selected: Set([filter.targetGroup].compactMap { $0 })),
            rows: Self.rows(results, names: names, now: req.now), count: GermanFormat.number(results.count),
            mayEdit: AccessPolicy.permits(access.actor, .editDirectory), mayImport: AccessPolicy.permits(access.actor, .importDirectory))
        return try await req.render("directory/search", title: "Angebote", content: page, breadcrumbs: [Self.crumbs[0]])
    }

    // MARK: Services

    struct ServiceDetail: Encodable {
        let edit: SiteURL?
        let markChecked: SiteURL?
        let name: String
        let details: String
        let provider: String
        let providerHref: SiteURL?
        let lifeDomains: String
        let legalDomains: String
        let targetGroups: String
        let languages: String
        let municipalities: String
        let location: String
        let openingTimes: String
        let access: String
        let validity: String
        let lastChecked: String
        let overdue: Bool
        let mayEdit: Bool
    }

    func showService(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        let service = try await DirectoryCatalog.service(try req.id("serviceID"), access.scope, on: req.db)
        let provider = try await Provider.find(service.$provider.id, on: req.db)
        let names = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let editScope = AccessPolicy.scope(for: access.actor, .editDirectory)
        var checker: String?
        if let checkerID = service.lastCheckedBy {
            checker = try await User.query(on: req.db).filter(\.$id == checkerID).filter(\.$districtID == access.scope.districtID).first()?.displayName
        }
        func list<V: Vocabulary>(_ codes: [V]) -> String {
            let text = codes.map(\.germanName).joined(separator: ", ")
            return text.isEmpty ? "–" : text
        }
        let validity = [service.validFrom.flatMap(GermanFormat.day).map { "ab " + GermanFormat.date($0) },
                        service.validTo.flatMap(GermanFormat.day).map { "bis " + GermanFormat.date($0) }]
            .compactMap { $0 }.joined(separator: " ")
        let detail = ServiceDetail(
            edit: service.id.map { .serviceEdit(.value($0)) }, markChecked: service.id.map { .serviceChecked(.value($0)) },
            name: service.name, details: service.details.isEmpty ? "–" : service.details,
            provider: provider?.name ?? "–", providerHref: provider?.id.map { .provider(.value($0)) },
            lifeDomains: list(service.lifeDomains), legalDomains: list(service.legalDomains),
            targetGroups: list(service.targetGroups),
            languages: service.languages.isEmpty ? "–" : service.languages.joined(separator: ", "),
            municipalities: service.municipalityIDs.compactMap { names[$0] }.sorted().joined(separator: ", "),
            location: service.location.isEmpty ? "–" : service.location, openingTimes: service.openingTimes.isEmpty ? "–" : service.openingTimes,
            access: service.accessMode.germanName, validity: validity.isEmpty ? "unbefristet" : validity,
            lastChecked: service.lastCheckedAt.map { GermanFormat.date($0) + (checker.map { " von \($0)" } ?? "") } ?? "nie",
            overdue: Freshness.isOverdue(lastCheckedAt: service.lastCheckedAt, now: req.now),
            mayEdit: editScope?.reachesAny(districtID: service.districtID, municipalityIDs: Set(service.municipalityIDs)) ?? false)
        return try await req.render("directory/service", title: service.name, content: detail, breadcrumbs: Self.crumbs)
    }

    struct ServiceForm: Encodable {
        let isNew: Bool
        let action: String
        let cancel = SiteURL.directory
        let providers: [FormOption]
        let name: String
        let details: String
        let lifeDomains: [FormOption]
        let legalDomains: [FormOption]
        let targetGroups: [FormOption]
        let languages: String
        let municipalities: [FormOption]
        let location: String
        let openingTimes: String
        let accessModes: [FormOption]
        let validFrom: String
        let validTo: String
    }

    func renderServiceForm(_ req: Request, _ scope: AccessScope, id: UUID?, input: DirectoryCatalog.ServiceInput,
                           failure: ValidationFailure? = nil) async throws -> Response {
        let providers = try await DirectoryCatalog.providers(scope, on: req.db)
        let municipalities = try await OrganisationService.municipalities(scope, on: req.db)
        let form = ServiceForm(
            isNew: id == nil, action: id.map { SiteURL.service(.value($0)).path } ?? SiteURL.services.path,
            providers: providers.map { FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == input.providerID) },
            name: input.name, details: input.details,
            lifeDomains: DirectoryForms.options(LifeDomain.self, selected: input.lifeDomains),
            legalDomains: DirectoryForms.options(LegalDomain.self, selected: input.legalDomains),
            targetGroups: DirectoryForms.options(TargetGroup.self, selected: input.targetGroups),
            languages: input.languages.joined(separator: ", "),
            municipalities: DirectoryForms.municipalityOptions(municipalities, selected: input.municipalityIDs),
            location: input.location, openingTimes: input.openingTimes,
            accessModes: DirectoryForms.options(AccessMode.self, selected: Set([input.accessMode].compactMap { $0 })),
            validFrom: DirectoryForms.isoDay(input.validFrom), validTo: DirectoryForms.isoDay(input.validTo))
        return try await req.render("directory/service-form", title: id == nil ? "Angebot anlegen" : "Angebot bearbeiten",
                                    content: form, breadcrumbs: Self.crumbs, failure: failure)
    }

    func newService(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        var input = DirectoryCatalog.ServiceInput()
        input.providerID = try? req.query.get(UUID.self, at: "traeger")
        input.municipalityIDs = access.scope.municipalityIDs ?? []
        return try await renderServiceForm(req, access.scope, id: nil, input: input)
    }

    func editService(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        let service = try await DirectoryCatalog.service(try req.id("serviceID"), access.scope, on: req.db)
        return try await renderServiceForm(req, access.scope, id: service.id, input: .init(service))
    }

    func createService(req: Request) async throws -> Response { try await saveService(req, id: nil) }

    func updateService(req: Request) async throws -> Response { try await saveService(req, id: try req.id("serviceID")) }

    func saveService(_ req: Request, id: UUID?) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        if let id { _ = try await DirectoryCatalog.service(id, access.scope, on: req.db) }
        let fields = try await req.formFields()
        var failure = ValidationFailure()
        let input = DirectoryForms.service(from: fields, into: &failure)
        do {
            try failure.throwIfAny()
            let service = try await DirectoryCatalog.saveService(input, id: id, access.scope, checkedBy: access.user.id, now: req.now,
                                                                 audit: req.audit, on: req.db)
            return req.seeOther(.service(.value(try service.requireID())), notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await renderServiceForm(req, access.scope, id: id, input: input, failure: failure)
        }
    }

    func markChecked(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        let service = try await DirectoryCatalog.markChecked(try req.id("serviceID"), access.scope, by: try access.user.requireID(),
                                                             now: req.now, audit: req.audit, on: req.db)
        return req.seeOther(.service(.value(try service.requireID())), notice: .saved)
    }

    // MARK: Providers

    struct ProviderRow: Encodable {
        let href: SiteURL?
        let name: String
        let kind: String
        let municipalities: String
        let isActive: Bool
    }

    struct ProvidersPage: Encodable {
        let links = Links()
        let rows: [ProviderRow]
        let mayEdit: Bool
    }

    func providers(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        let names = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let rows = try await DirectoryCatalog.providers(access.scope, on: req.db).map {
            ProviderRow(href: $0.id.map { .provider(.value($0)) }, name: $0.name, kind: $0.kind.germanName,
                        municipalities: $0.municipalityIDs.compactMap { names[$0] }.sorted().joined(separator: ", "), isActive: $0.isActive)
        }
        return try await req.render("directory/providers", title: "Träger", content: ProvidersPage(rows: rows, mayEdit: AccessPolicy.permits(access.actor, .editDirectory)),
                                    breadcrumbs: Self.crumbs)
    }

    struct ProviderDetail: Encodable {
        let edit: SiteURL?
        let newService: String?
        let name: String
        let kind: String
        let phone: String
        let email: String
        let website: String
        let address: String
        let municipalities: String
        let isActive: Bool
        let services: [ServiceRow]
        let mayEdit: Bool
    }

    func showProvider(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        let provider = try await DirectoryCatalog.provider(try req.id("providerID"), access.scope, on: req.db)
        let names = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let services = try await Service.query(on: req.db).filter(\.$provider.$id == provider.requireID()).sort(\.$name).all()
        let editScope = AccessPolicy.scope(for: access.actor, .editDirectory)
        let detail = ProviderDetail(
            edit: provider.id.map { .providerEdit(.value($0)) },
            newService: provider.id.map { SiteURL.newService.with([("traeger", $0.uuidString)]) },
            name: provider.name, kind: provider.kind.germanName,
            phone: provider.phone, email: provider.email, website: provider.website, address: provider.address,
            municipalities: provider.municipalityIDs.compactMap { names[$0] }.sorted().joined(separator: ", "), isActive: provider.isActive,
            services: Self.rows(services.map { ($0, provider) }, names: names, now: req.now),
            mayEdit: editScope?.reachesAny(districtID: provider.districtID, municipalityIDs: Set(provider.municipalityIDs)) ?? false)
        return try await req.render("directory/provider", title: provider.name, content: detail,
                                    breadcrumbs: Self.crumbs + [LayoutContext.Crumb(label: "Träger", href: SiteURL.providers.path)])
    }

    struct ProviderForm: Encodable {
        let isNew: Bool
        let action: String
        let cancel = SiteURL.providers
        let name: String
        let kinds: [FormOption]
        let phone: String
        let email: String
        let website: String
        let address: String
        let municipalities: [FormOption]
        /// Active or deactivated, for the shared status field.
        let statuses: [FormOption]
    }

    func renderProviderForm(_ req: Request, _ scope: AccessScope, id: UUID?, input: DirectoryCatalog.ProviderInput,
                            failure: ValidationFailure? = nil) async throws -> Response {
        let municipalities = try await OrganisationService.municipalities(scope, on: req.db)
        let form = ProviderForm(
            isNew: id == nil, action: id.map { SiteURL.provider(.value($0)).path } ?? SiteURL.providers.path, name: input.name,
            kinds: DirectoryForms.options(ProviderKind.self, selected: Set([input.kind].compactMap { $0 })),
            phone: input.phone, email: input.email, website: input.website, address: input.address,
            municipalities: DirectoryForms.municipalityOptions(municipalities, selected: input.municipalityIDs), statuses: FormOption.statuses(isActive: input.isActive))
        return try await req.render("directory/provider-form", title: id == nil ? "Träger anlegen" : "Träger bearbeiten", content: form,
                                    breadcrumbs: Self.crumbs + [LayoutContext.Crumb(label: "Träger", href: SiteURL.providers.path)], failure: failure)
    }

    func newProvider(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        var input = DirectoryCatalog.ProviderInput()
        input.municipalityIDs = access.scope.municipalityIDs ?? []
        return try await renderProviderForm(req, access.scope, id: nil, input: input)
    }

    func editProvider(req: Request) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        let provider = try await DirectoryCatalog.provider(try req.id("providerID"), access.scope, on: req.db)
        return try await renderProviderForm(req, access.scope, id: provider.id, input: .init(provider))
    }

    func createProvider(req: Request) async throws -> Response { try await saveProvider(req, id: nil) }

    func updateProvider(req: Request) async throws -> Response { try await saveProvider(req, id: try req.id("providerID")) }

    func saveProvider(_ req: Request, id: UUID?) async throws -> Response {
        let access = try req.authorize(.editDirectory)
        if let id { _ = try await DirectoryCatalog.provider(id, access.scope, on: req.db) }
        let input = DirectoryForms.provider(from: try await req.formFields())
        do {
            let provider = try await DirectoryCatalog.saveProvider(input, id: id, access.scope, audit: req.audit, on: req.db)
            return req.seeOther(.provider(.value(try provider.requireID())), notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await renderProviderForm(req, access.scope, id: id, input: input, failure: failure)
        }
    }
}

/// CSV export and import of the directory in the browser.
struct DirectoryTransferController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.directoryExport, use: export)
        routes.get(.directoryImport, use: form)
        routes.on(.POST, SiteURL.directoryImport.pattern, body: .collect(maxSize: "4mb"), use: importFile)
    }

    func export(req: Request) async throws -> Response {
        let access = try req.authorize(.readDirectory)
        return Download.csv(try await DirectoryTransfer.export(access.scope, on: req.db), name: "lotse-angebote")
    }

    struct ImportPage: Encodable {
        let links = DirectoryController.Links()
        let rejected: [DirectoryTransfer.RejectedRow]
        let hasRejected: Bool
        let summary: DirectoryTransfer.Summary?
        let columns: String
    }

    func form(req: Request) async throws -> Response {
        try req.authorize(.importDirectory)
        return try await render(req, rejected: [], summary: nil)
    }

    func render(_ req: Request, rejected: [DirectoryTransfer.RejectedRow], summary: DirectoryTransfer.Summary?, failure: ValidationFailure? = nil) async throws -> Response {
        try await req.render("directory/import", title: "Angebote importieren",
                             content: ImportPage(rejected: rejected, hasRejected: !rejected.isEmpty, summary: summary,
                                                 columns: DirectoryTransfer.header.joined(separator: "; ")),
                             breadcrumbs: DirectoryController.crumbs, failure: failure)
    }

    func importFile(req: Request) async throws -> Response {
        let access = try req.authorize(.importDirectory)
        let text = try await req.formFields().first("file") ?? ""
        var failure = ValidationFailure()
        guard !text.isEmpty else {
            failure.add("file", "Bitte wählen Sie eine CSV-Datei aus.")
            return try await render(req, rejected: [], summary: nil, failure: failure)
        }
        do {
            let summary = try await DirectoryTransfer.importCSV(text, access.scope, by: access.user.id, now: req.now, audit: req.audit, on: req.db)
            return try await render(req, rejected: [], summary: summary)
        } catch let rejected as DirectoryTransfer.Rejected {
            failure.add("file", "Die Datei wurde nicht importiert: \(rejected.rows.count) Zeilen sind fehlerhaft. Bitte korrigieren Sie sie und laden Sie die Datei erneut hoch.")
            return try await render(req, rejected: rejected.rows, summary: nil, failure: failure)
        }
    }
}

