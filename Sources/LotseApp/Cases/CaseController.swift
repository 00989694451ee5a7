import Fluent
import LotseCore
import Vapor

/// "Meine Fälle", "Heute fällig", opening cases, the case page and every form step of a case.
struct CaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.cases, use: list)
        routes.post(.caseSearch, use: search)
        routes.get(.dueCases, use: due)
        routes.get(.newCase, use: newCase)
        routes.post(.newCase, use: createCase)
        routes.get(.caseFile(.key), use: show)
        routes.get(.caseClient(.key), use: newClient)
        routes.post(.caseClient(.key), use: createClient)
        routes.post(.caseClientLink(.key), use: linkClient)
        routes.get(.caseConsentWithdrawal(.key, consent: .key), use: confirmWithdrawal)
        routes.post(.caseConsentWithdrawal(.key, consent: .key), use: withdraw)
        for step in CaseStep.all {
            routes.get(.caseStep(.key, step.address), use: { req in try await showStep(step, req) })
            routes.post(.caseStep(.key, step.address), use: { req in try await saveStep(step, req) })
        }
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Fälle", href: SiteURL.cases.path)]

    static func crumbs(_ file: CaseFile) -> [LayoutContext.Crumb] {
        crumbs + [LayoutContext.Crumb(label: "Fall " + file.number, href: file.id.map { SiteURL.caseFile(.value($0)).path })]
    }

    // MARK: Lists

    /// The case list's own addresses.
    struct ListLinks: Encodable {
        let list = SiteURL.cases
        let search = SiteURL.caseSearch
        let due = SiteURL.dueCases
        let newCase = SiteURL.newCase
        let newBriefContact = SiteURL.newBriefContact
        let historyImport = SiteURL.historyImport
    }

    /// A row of the list as the page shows it, every text ready to place. Leaf's look-ups, tags and
    /// loops for each cell were 38 % of `/cases` at a Kreis's size (issue 17); the template now only
    /// places these texts. `contact` leads (open with a client) straight to recording a contact, the
    /// most frequent step, without opening the case first (issue 18, part 8).
    struct ListRow: Encodable {
        let href: SiteURL
        let number: String
        let clientName: String
        let municipality: String
        let phase: String
        let lifeDomains: String
        let openedOn: String
        let nextReview: String
        /// "2 überfällig"; nil when no action is overdue.
        let overdue: String?
        let contact: SiteURL?

        init(_ row: CaseRow) {
            href = .caseFile(.value(row.id))
            number = row.number
            clientName = row.clientName ?? ""
            municipality = row.municipality
            phase = row.phase.name
            lifeDomains = row.lifeDomains.map(\.name).joined(separator: ", ")
            openedOn = GermanFormat.germanDay(row.openedOn)
            nextReview = row.nextReview.map(GermanFormat.germanDay) ?? ""
            overdue = (row.overdueActions ?? 0) > 0 ? "\(row.overdueActions ?? 0) überfällig" : nil
            contact = row.closedOn == nil && !row.isRestricted && !(row.clientName ?? "").isEmpty ? .caseStep(.value(row.id), .contact) : nil
        }
    }

    struct ListPage: Encodable {
        let links = ListLinks()
        let rows: [ListRow]
        let hasRows: Bool
        let isPseudonymised: Bool
        let mayWork: Bool
        let isSearch: Bool
        let name: String
        let phases: [FormOption]
        let lifeDomains: [FormOption]
        let municipalities: [FormOption]
        let includeClosed: Bool
        let paging: Paging?
    }

    /// Where the list stands ("Die neuesten 50 von 1.234 Fällen") and the link to the next page.
    struct Paging: Encodable {
        let summary: String
        let next: String?
        /// The first page with the same filters; nil on the first page itself.
        let first: String?

        init(total: Int, shown: Int, first: String?, next: String?) {
            let count = GermanFormat.number(total)
            summary = switch (first == nil, next == nil) {
            case (true, true): total == 1 ? "1 Fall" : "\(count) Fälle"
            case (true, false): "Die neuesten \(shown) von \(count) Fällen"
            case (false, _): "\(shown) weitere von \(count) Fällen"
            }
            self.next = next
            self.first = first
        }
    }

    func list(req: Request) async throws -> Response {
        let reader = try req.caseDesk(.readCases)
        let work = try? req.caseDesk(.workOnCases)
        var filter = CaseFilter(phase: Phase(rawValue: req.queryText("phase")), lifeDomain: LifeDomain(rawValue: req.queryText("lifeDomain")),
                                municipalityID: UUID(uuidString: req.queryText("municipalityId")), includeClosed: req.queryText("closed") == "1")
        // A cursor that is not a case number (an edited address) starts at the first page again.
        let after = req.queryText("after")
        if CaseFilter.isCaseNumber(after) { filter.after = after }
        // Case managers read their own cases with names; a coordinator reads the district pseudonymised.
        let page = try await (work ?? reader).cases(filter)
        let towns = try await reader.municipalities()
        let rows = try await (work ?? reader).rows(page.files, withNames: work != nil, municipalities: towns)
        return try await renderList(req, reader, rows: rows, towns: towns, filter: filter, isPseudonymised: work == nil, name: "", isSearch: false,
                                    paging: Paging(total: page.total, shown: rows.count,
                                                   first: filter.after == nil ? nil : req.caseListAddress(SiteURL.cases.path, after: nil),
                                                   next: page.next.map { req.caseListAddress(SiteURL.cases.path, after: $0) }))
    }

    /// `towns` are the district's municipalities, read once for the rows and the filter.
    func renderList(_ req: Request, _ desk: CaseDesk, rows: [CaseRow], towns all: [Municipality], filter: CaseFilter, isPseudonymised: Bool, name: String,
                    isSearch: Bool, paging: Paging? = nil, failure: ValidationFailure? = nil) async throws -> Response {
        let towns = desk.municipalityChoices(among: all)
        let page = ListPage(
            rows: rows.map(ListRow.init), hasRows: !rows.isEmpty, isPseudonymised: isPseudonymised, mayWork: !isPseudonymised, isSearch: isSearch, name: name,
            phases: Phase.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == filter.phase) },
            lifeDomains: LifeDomain.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == filter.lifeDomain) },
            municipalities: towns.map { FormOption(value: $0.id.uuidString, label: $0.label, selected: $0.id == filter.municipalityID) },
            includeClosed: filter.includeClosed, paging: paging)
        return try await req.render("cases/list", title: isPseudonymised ? "Fälle (pseudonymisiert)" : (isSearch ? "Suche nach Klient*innen" : "Meine Fälle"),
                                    content: page, breadcrumbs: [Self.crumbs[0]], failure: failure)
    }

    /// The name goes in the body of a POST, never into an address (DESIGN.md §4.7).
    func search(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let name = try await req.formFields().text("name")
        var failure = ValidationFailure()
        if NameMatching.words(name).isEmpty { failure.add("name", "Bitte geben Sie einen Namen mit mindestens zwei Buchstaben ein.") }
        let towns = try await desk.municipalities()
        let rows = failure.isEmpty ? try await desk.rows(try await desk.searchCases(name: name).map(CaseListing.init), withNames: true, municipalities: towns) : []
        return try await renderList(req, desk, rows: rows, towns: towns, filter: CaseFilter(), isPseudonymised: false, name: name, isSearch: true,
                                    failure: failure.isEmpty ? nil : failure)
    }

    struct DuePage: Encodable {
        let items: [Linked<CaseDesk.DueItem>]
        let hasItems: Bool
        /// Set when more is due than the page shows.
        let shownOfTotal: String?
    }

    /// The page shows the longest overdue entries; the rest follow as these are done.
    static let dueOnOnePage = 100

    func due(req: Request) async throws -> Response {
        let (items, total) = try await req.caseDesk().dueItems(limit: Self.dueOnOnePage)
        let note = total > items.count
            ? "Die \(items.count) am längsten fälligen von \(GermanFormat.number(total)) Einträgen; die übrigen erscheinen hier, sobald diese erledigt sind."
            : nil
        return try await req.render("cases/due", title: "Heute fällig",
                                    content: DuePage(items: items.map { Linked($0, SiteURL.caseFile(.value($0.caseId)).path + "#" + $0.anchor) }, hasItems: !items.isEmpty,
                                                    shownOfTotal: note),
                                    breadcrumbs: Self.crumbs)
    }

    // MARK: Opening a case

    func caseForm(_ req: Request, _ desk: CaseDesk, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.newCase.path, cancel: SiteURL.cases.path)
        page.intro = ["Ein Fall beginnt mit dem Zugangsweg. Angaben zur Person folgen erst nach der Einverständniserklärung."]
        page.keep(fields)
        page.choose("municipalityId", try await desk.municipalityChoices(), from: fields)
        page.choose("accessChannel", AccessChannel.self, from: fields)
        page.choose("lifeDomains", LifeDomain.self, from: fields)
        return try await req.render("cases/case-form", title: "Fall eröffnen", content: page, breadcrumbs: Self.crumbs, failure: failure)
    }

    func newCase(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        return try await caseForm(req, desk, try await desk.openingDefaults(dateField: "openedOn"))
    }

    func createCase(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let f = try await req.formFields()
        do {
            let file = try await desk.openCase(.init(municipalityID: f.uuid("municipalityId"), openedOn: f.text("openedOn"),
                                                     accessChannel: f.choice("accessChannel", AccessChannel.self),
                                                     referringParty: f.text("referringParty"), lifeDomains: f.choices("lifeDomains", LifeDomain.self)))
            return req.seeOther(.caseFile(.value(try file.requireID())), notice: .created)
        } catch let failure as ValidationFailure {
            return try await caseForm(req, desk, f, failure: failure)
        }
    }

    // MARK: The case page

    func show(req: Request) async throws -> Response {
        let caseID = try req.id("caseID")
        if let work = try? req.caseDesk(.workOnCases), let file = try? await work.caseFile(caseID) {
            let detail = try await work.detail(file)
            let title = "Fall " + detail.number
            // After a save the message stands in the part saved, where the browser has scrolled to.
            let saved = CaseSection(rawValue: req.queryText("teil"))
            let notice = (try? req.query.get(String.self, at: "hinweis")).flatMap(Notice.init(rawValue:))?.text(about: title)
            let partNotice = saved.flatMap { part in notice.map { (part, $0) } }
            return try await req.render("cases/case", title: title,
                                        content: CasePageView(detail, languages: ConsentForms.languages(req.application), today: work.today, partNotice: partNotice),
                                        breadcrumbs: Self.crumbs, noticeInContent: partNotice != nil)
        }
        let reader = try req.caseDesk(.readCases)
        let pseudonym = try await reader.pseudonym(caseID)
        let mayCall = (try? req.caseDesk(.callDistrictConference)) != nil && pseudonym.phase.code != Phase.closed.rawValue
        return try await req.render("cases/pseudonym", title: "Fall " + pseudonym.number + " (pseudonymisiert)",
                                    content: PseudonymPage(pseudonym: pseudonym, mayCallConference: mayCall), breadcrumbs: Self.crumbs)
    }

    struct PseudonymPage: Encodable {
        let pseudonym: CasePseudonym
        let mayCallConference: Bool
        var hasConferences: Bool { !pseudonym.conferences.isEmpty }
        var callConference: SiteURL { .caseStep(.value(pseudonym.id), .districtConference) }

        enum CodingKeys: String, CodingKey { case pseudonym, mayCallConference, hasConferences, callConference }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(pseudonym, forKey: .pseudonym)
            try c.encode(mayCallConference, forKey: .mayCallConference)
            try c.encode(hasConferences, forKey: .hasConferences)
            try c.encode(callConference, forKey: .callConference)
        }
    }

    // MARK: The client

    func clientForm(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, _ fields: FormFields, duplicates: [DuplicateCandidates.Candidate] = [],
                    failure: ValidationFailure? = nil) async throws -> Response {
        let id = try file.requireID()
        var page = CaseFormPage(action: SiteURL.caseClient(.value(id)).path, cancel: SiteURL.caseFile(.value(id)).path)
        page.intro = ["Alle Angaben zur Person werden mit einem eigenen Schlüssel für diese Person verschlüsselt gespeichert."]
        page.keep(fields)
        page.choose("gender", Gender.self, from: fields)
        page.linkAction = SiteURL.caseClientLink(.value(id)).path
        page.duplicates = duplicates.map {
            .init(clientId: $0.clientId.uuidString, name: $0.name, birthDate: $0.birthDate, municipality: $0.municipality,
                  caseNumbers: $0.caseNumbers.joined(separator: ", "))
        }
        return try await req.render("cases/client-form", title: "Klient*in erfassen", content: page, breadcrumbs: Self.crumbs(file),
                                    failure: failure, status: duplicates.isEmpty ? nil : .conflict)
    }

    func newClient(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        guard try await desk.hasCaseManagementConsent(file) else {
            throw CaseDesk.consentMissing(file)
        }
        return try await clientForm(req, desk, file, .with(["gender": Gender.unspecified.rawValue]))
    }

    func createClient(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        let file = try await desk.caseFile(caseID)
        let f = try await req.formFields()
        do {
            _ = try await desk.createClient(clientIdentity(f), caseID: caseID, confirmedNew: f.flag("confirmNew"))
            return req.seeOther(SiteURL.casePart(caseID, .client), notice: .clientRecorded)
        } catch let failure as ValidationFailure {
            return try await clientForm(req, desk, file, f, failure: failure)
        } catch let duplicates as DuplicateCandidates {
            return try await clientForm(req, desk, file, f, duplicates: duplicates.candidates)
        }
    }

    func linkClient(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        do {
            try await desk.linkClient(try await req.formFields().uuid("clientId"), caseID: caseID)
            return req.seeOther(SiteURL.casePart(caseID, .client), notice: .saved)
        } catch let failure as ValidationFailure {
            throw PublicError(status: .unprocessableEntity, reason: failure.summary)
        }
    }

    // MARK: Withdrawing a consent (check and confirm)

    struct WithdrawPage: Encodable {
        let action: String
        let cancel: String
        let kind: String
        let recipient: String?
        let consequences: [String]
    }

    func confirmWithdrawal(req: Request) async throws -> Response {
        let desk = try req.caseDesk()
        let (file, consent) = try await desk.consent(try req.id("consentID"), caseID: try req.id("caseID"))
        let isDisclosure = consent.kind == .disclosure
        let recipient = try await consent.recipientProviderID.asyncMap { try await Provider.find($0, on: desk.db)?.name }
        let page = WithdrawPage(
            action: SiteURL.caseConsentWithdrawal(.value(try file.requireID()), consent: .value(try consent.requireID())).path, cancel: SiteURL.caseFile(.value(try file.requireID())).path,
            kind: (consent.kind).germanName, recipient: recipient ?? nil,
            consequences: isDisclosure
                ? ["Ab sofort gehen keine Daten mehr an diese Stelle: keine Übergabe, keine Teilnahme an Fallkonferenzen.",
                   "Bereits übergebene Daten bleiben bei der Stelle; bitten Sie sie gegebenenfalls um Löschung."]
                : ["Ab sofort ist keine weitere Verarbeitung im Case Management erlaubt; der Fall kann nicht weitergeführt werden.",
                   "Auch jede Weitergabe an andere Stellen ist damit gesperrt.",
                   "Die bisherigen Angaben bleiben gespeichert, bis der Fall abgeschlossen und gelöscht wird."])
        return try await req.render("cases/withdraw", title: "Widerruf erfassen", content: page, breadcrumbs: Self.crumbs(file))
    }

    func withdraw(req: Request) async throws -> Response {
        let caseID = try req.id("caseID")
        try await req.caseDesk().withdraw(consentID: try req.id("consentID"), caseID: caseID)
        return req.seeOther(SiteURL.casePart(caseID, .consents), notice: .saved)
    }

    // MARK: Form steps

    func renderStep(_ step: CaseStep, _ req: Request, _ desk: CaseDesk, _ file: CaseFile, _ fields: FormFields,
                    failure: ValidationFailure? = nil, notice: String? = nil) async throws -> Response {
        let caseID = try file.requireID()
        let address = SiteURL.caseStep(.value(caseID), try step.address.resolved(req.id))
        var page = CaseFormPage(action: address.path, cancel: SiteURL.caseFile(.value(caseID)).path)
        page.keep(fields)
        try await step.prepare(desk, req, file, fields, &page)
        page.actionRows = actionRows(fields, goals: try await desk.goalChoices(file))
        return try await req.render(step.template, title: step.title, content: page, breadcrumbs: Self.crumbs(file), failure: failure, notice: notice)
    }

    func showStep(_ step: CaseStep, _ req: Request) async throws -> Response {
        let desk = try req.caseDesk(step.action)
        let file = try await desk.caseFile(try req.id("caseID"))
        for component in step.path {
            if case .parameter(let name) = component { try await desk.requirePart(name, try req.id(name), of: file) }
        }
        // The form pages of case work show personal data (the client, the goals): a read to record.
        if step.action == .workOnCases { try await desk.record(.caseRead, "case", file.id) }
        return try await renderStep(step, req, desk, file, try await step.defaults(desk, req, file))
    }

    func saveStep(_ step: CaseStep, _ req: Request) async throws -> Response {
        let desk = try req.caseDesk(step.action)
        let caseID = try req.id("caseID")
        let file = try await desk.caseFile(caseID)
        let fields = try await req.formFields()
        if let origin = step.waiverDetour, let organisation = fields.uuid("entbindung-fuer") {
            guard let provider = try await Provider.query(on: desk.db).filter(\.$id == organisation).filter(\.$districtID == desk.scope.districtID).first()
            else { throw PublicError.notFound }
            return try await WaiverDetour.form(req, desk, file, provider: provider, from: origin, carrying: fields, waiver: .with(["givenOn": desk.today]))
        }
        do {
            try await step.save(desk, req, caseID, fields)
            return req.seeOther(SiteURL.casePart(caseID, step.address.section), notice: step.notice)
        } catch let failure as ValidationFailure {
            return try await renderStep(step, req, desk, file, fields, failure: failure)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension Request {
    /// The case list at `path` with this request's filters, starting after `cursor` (nil: the first page).
    func caseListAddress(_ path: String, after cursor: String?) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = ["phase", "lifeDomain", "municipalityId", "closed", "limit"].compactMap { name in
            let value = queryText(name)
            return value.isEmpty ? nil : URLQueryItem(name: name, value: value)
        } + (cursor.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
        return components.string ?? path
    }
}
