import Fluent
import LotseCore
import Vapor

/// The coordination's inbox of findings and its topics.
struct TopicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.findings, use: inbox)
        routes.post(.findings, use: triage)
        routes.post(.findingTopic(.key), use: assign)
        routes.get(.topics, use: list)
        routes.get(.newTopic, use: new)
        routes.post(.newTopic, use: create)
        routes.get(.topic(.key), use: show)
        routes.get(.topicEdit(.key), use: edit)
        routes.post(.topicEdit(.key), use: update)
        routes.get(.topicStatus(.key), use: statusForm)
        routes.post(.topicStatus(.key), use: move)
        routes.get(.topicMerge(.key), use: mergeForm)
        routes.post(.topicMerge(.key), use: merge)
        routes.get(.topicRequest(.key), use: requestForm)
        routes.post(.topicRequest(.key), use: ask)
        routes.get(.topicForwarding(.key), use: forwardingForm)
        routes.post(.topicForwarding(.key), use: recordForwarding)
        routes.get(.topicLetter(.key), use: letter)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Themen", href: SiteURL.topics.path)]

    static func crumbs(_ topic: Topic) -> [LayoutContext.Crumb] {
        crumbs + [LayoutContext.Crumb(label: topic.title, href: topic.id.map { SiteURL.topic(.value($0)).path })]
    }

    // MARK: Inbox

    struct InboxPage: Encodable {
        struct Row: Encodable {
            let finding: TopicDesk.FindingRow
            let topic: String?
            let topicHref: SiteURL?
            let chosen: Bool
            let newTopic: String
        }

        let filter = SiteURL.findings
        let back: String
        let rows: [Row]
        let hasRows: Bool
        let topics: [FormOption]
        let lifeDomains: [FormOption]
        let municipalities: [FormOption]
        let unassignedOnly: Bool
    }

    /// The inbox: every finding with its topic (whatever the topic's state), a box to choose it, and
    /// below the list one choice of topic for all chosen findings (issue 18, part 4).
    func inbox(req: Request) async throws -> Response {
        try await inboxPage(req, chosen: [], failure: nil)
    }

    /// After a refused triage (a POST) the list comes back unfiltered, the choice kept, and `back`
    /// still leads to the filtered list it came from.
    func inboxPage(_ req: Request, chosen: Set<UUID>, topic: UUID? = nil, back: String? = nil, failure: ValidationFailure?) async throws -> Response {
        let desk = try req.topicDesk()
        let filter = TopicDesk.FindingFilter(lifeDomain: LifeDomain(rawValue: req.queryText("lifeDomain")),
                                             municipalityID: UUID(uuidString: req.queryText("municipalityId")),
                                             unassignedOnly: req.queryText("unassigned") == "1")
        let statuses = try await desk.topicStatuses()
        let rows = try await desk.findings(filter).map { finding in
            let state = finding.topicId.flatMap { statuses[$0] }
            return InboxPage.Row(finding: finding, topic: finding.topicTitle.map { title in state.map { $0.isFinal ? "\(title) (\($0.germanName))" : title } ?? title },
                                 topicHref: finding.topicId.map { .topic(.value($0)) }, chosen: chosen.contains(finding.id),
                                 newTopic: SiteURL.newTopic.with([("erkenntnis", finding.id.uuidString)]))
        }
        let towns = try await Municipality.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).sort(\.$name).all()
        let page = InboxPage(
            back: back ?? SiteURL.findings.with(req.url.query.map { URLComponents(string: "?" + $0)?.queryItems?.map { ($0.name, $0.value ?? "") } ?? [] } ?? []),
            rows: rows, hasRows: !rows.isEmpty,
            topics: try await desk.openTopics().map { FormOption(value: $0.id.uuidString, label: $0.title, selected: $0.id == topic) },
            lifeDomains: LifeDomain.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == filter.lifeDomain) },
            municipalities: towns.compactMap { town in town.id.map { FormOption(value: $0.uuidString, label: town.name, selected: $0 == filter.municipalityID) } },
            unassignedOnly: filter.unassignedOnly)
        return try await req.render("topics/findings", title: "Erkenntnisse aus der Fallarbeit", content: page, breadcrumbs: [Self.crumbs[0]], failure: failure)
    }

    /// The inbox's form: the chosen findings into the chosen topic, out of theirs, or into a new
    /// topic (its form, filled from them). A refusal shows the inbox again with the choice kept.
    func triage(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let fields = try await req.formFields()
        let chosen = fields.uuids("findingId")
        if fields.text("schritt") == "neu" {
            guard !chosen.isEmpty else {
                var failure = ValidationFailure()
                failure.add("findingId", "Bitte wählen Sie mindestens eine Erkenntnis für das neue Thema.")
                return try await inboxPage(req, chosen: [], back: Self.returnAddress(fields.text("back")), failure: failure)
            }
            return try await topicForm(req, desk, action: SiteURL.newTopic.path, cancel: SiteURL.findings.path, title: "Thema anlegen",
                                       fields: try await desk.topicDraft(from: chosen), crumbs: Self.crumbs)
        }
        let target = fields.text("schritt") == "herausnehmen" ? nil : fields.uuid("topicId")
        do {
            if target == nil && fields.text("schritt") != "herausnehmen" {
                var failure = ValidationFailure()
                failure.add("topicId", "Bitte wählen Sie das Thema, dem die Erkenntnisse zugeordnet werden.")
                throw failure
            }
            try await desk.assign(chosen, to: target)
        } catch let failure as ValidationFailure {
            return try await inboxPage(req, chosen: Set(chosen), topic: target, back: Self.returnAddress(fields.text("back")), failure: failure)
        }
        return req.seeOther(Self.returnAddress(fields.text("back")), notice: .findingsAssigned)
    }

    func assign(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let fields = try await req.formFields()
        do {
            try await desk.assign(try req.id("findingID"), to: fields.uuid("topicId"))
        } catch let failure as ValidationFailure {
            throw PublicError(status: .unprocessableEntity, reason: failure.summary)
        }
        return req.seeOther(Self.returnAddress(fields.text("back")), notice: .saved)
    }

    /// Back to the page the finding was assigned from, rebuilt from the address table: a topic, or
    /// the findings inbox with its filter. Anything else in `back` leads to the inbox.
    static func returnAddress(_ back: String) -> String {
        guard let components = URLComponents(string: back) else { return SiteURL.findings.path }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, "/" + parts[1] == SiteURL.topics.path, let id = UUID(uuidString: String(parts[2])) {
            return SiteURL.topic(.value(id)).path
        }
        guard components.path == SiteURL.findings.path else { return SiteURL.findings.path }
        return SiteURL.findings.with((components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
    }

    // MARK: Topics

    struct ListPage: Encodable {
        let topics: [Linked<TopicRow>]
        let hasTopics: Bool
        let newTopic = SiteURL.newTopic
        let findings = SiteURL.findings
    }

    func list(req: Request) async throws -> Response {
        let topics = try await req.topicDesk().topics()
        return try await req.render("topics/list", title: "Themen", content: ListPage(topics: topics.map { Linked($0, .topic(.value($0.id))) }, hasTopics: !topics.isEmpty),
                                    breadcrumbs: [Self.crumbs[0]])
    }

    static func input(_ f: FormFields) -> TopicDesk.TopicInput {
        .init(title: f.text("title"), statement: f.text("statement"), priority: f.choice("priority", Priority.self),
              responsibleID: f.uuid("responsibleId"), confirmedNoPersonalData: f.flag("confirmedNoPersonalData"), raisedOn: f.text("raisedOn"))
    }

    func topicForm(_ req: Request, _ desk: TopicDesk, action: String, cancel: String, title: String, fields: FormFields,
                   crumbs: [LayoutContext.Crumb], failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: action, cancel: cancel)
        page.intro = ["Ein Thema bündelt Erkenntnisse aus der Fallarbeit. Titel und Problembeschreibung gehen später in Entscheidungsvorlagen: keine personenbezogenen Daten."]
        page.keep(fields)
        page.choose("priority", Priority.self, from: fields)
        page.choose("responsibleId", try await desk.coordinators(), from: fields)
        page.findingIds = fields.all("findingId")
        if !PersonalDataWarning.check(fields.text("title") + " " + fields.text("statement")).isEmpty { page.values["showConfirm"] = "on" }
        return try await req.render("topics/topic-form", title: title, content: page, breadcrumbs: crumbs, failure: failure)
    }

    func new(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let fields = try await UUID(uuidString: req.queryText("erkenntnis")).asyncMap { try await desk.topicDraft(from: [$0]) }
            ?? FormFields(values: ["priority": [Priority.medium.rawValue], "responsibleId": [desk.actorID.uuidString]])
        return try await topicForm(req, desk, action: SiteURL.newTopic.path, cancel: SiteURL.topics.path, title: "Thema anlegen", fields: fields,
                                   crumbs: Self.crumbs)
    }

    func create(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let f = try await req.formFields()
        do {
            let topic = try await desk.createTopic(Self.input(f), findingIDs: f.uuids("findingId"))
            return req.seeOther(.topic(.value(try topic.requireID())), notice: .created)
        } catch let failure as ValidationFailure {
            return try await topicForm(req, desk, action: SiteURL.newTopic.path, cancel: SiteURL.topics.path, title: "Thema anlegen", fields: f, crumbs: Self.crumbs, failure: failure)
        }
    }

    struct TopicPage: Encodable {
        /// The topic's steps, and the inbox its findings come from.
        struct Links: Encodable {
            let topic, edit, status, merge, request, letter, forwarding: SiteURL
            let findings = SiteURL.findings

            init(_ id: UUID) {
                (topic, edit, status, merge) = (.topic(.value(id)), .topicEdit(.value(id)), .topicStatus(.value(id)), .topicMerge(.value(id)))
                (request, letter, forwarding) = (.topicRequest(.value(id)), .topicLetter(.value(id)), .topicForwarding(.value(id)))
            }
        }

        let topic: TopicDetail
        let links: Links
        /// Each finding with the address that takes it out of the topic.
        let findings: [Linked<TopicDesk.FindingRow>]
        let hearings: [Linked<TopicDetail.Hearing>]
        let hasFindings: Bool
        let mayMove: Bool
        let hasAnswers: Bool
        let hasRequests: Bool
        let hasHearings: Bool
        let hasDecisions: Bool
        let isForwarded: Bool
    }

    func show(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let detail = try await desk.detail(try req.id("topicID"))
        return try await req.render("topics/topic", title: detail.title,
                                    content: TopicPage(topic: detail, links: .init(detail.id),
                                                       findings: detail.findings.map { Linked($0, .findingTopic(.value($0.id))) },
                                                       hearings: detail.hearings.map { Linked($0, .meeting(.value($0.meetingId))) }, hasFindings: !detail.findings.isEmpty,
                                                       mayMove: !detail.isFinal, hasAnswers: !detail.answers.isEmpty, hasRequests: !detail.requests.isEmpty,
                                                       hasHearings: !detail.hearings.isEmpty, hasDecisions: !detail.decisions.isEmpty,
                                                       isForwarded: detail.status.code == TopicStatus.forwardedToState.rawValue),
                                    breadcrumbs: Self.crumbs)
    }

    func edit(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let fields = FormFields.with(["title": topic.title, "statement": topic.statement, "priority": topic.priority.rawValue,
                                      "responsibleId": topic.responsibleID?.uuidString ?? "", "raisedOn": topic.dayRaised])
        return try await topicForm(req, desk, action: SiteURL.topicEdit(.value(try topic.requireID())).path, cancel: SiteURL.topic(.value(try topic.requireID())).path,
                                   title: "Thema bearbeiten", fields: fields, crumbs: Self.crumbs(topic))
    }

    func update(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let id = try topic.requireID()
        let f = try await req.formFields()
        do {
            try await desk.updateTopic(Self.input(f), id: id)
            return req.seeOther(.topic(.value(id)), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await topicForm(req, desk, action: SiteURL.topicEdit(.value(id)).path, cancel: SiteURL.topic(.value(id)).path, title: "Thema bearbeiten", fields: f,
                                       crumbs: Self.crumbs(topic), failure: failure)
        }
    }

    func statusPage(_ req: Request, _ topic: Topic, _ fields: FormFields, failure: ValidationFailure? = nil, proposal: String? = nil) async throws -> Response {
        let id = try topic.requireID()
        let current = topic.status
        var page = CaseFormPage(action: SiteURL.topicStatus(.value(id)).path, cancel: SiteURL.topic(.value(id)).path)
        let words = try await DistrictWords.load(topic.districtID, on: req.db)
        page.intro = ["Das Thema steht bei „\(words.name(current))“. Jeder Schritt wird mit Datum, Person und Begründung festgehalten."] + [proposal].compactMap { $0 }
        page.keep(fields)
        page.choose("status", TopicStatus.self, from: fields, only: TopicLadder.next(from: current), named: words.name)
        return try await req.render("topics/status-form", title: "Thema weiterführen", content: page, breadcrumbs: Self.crumbs(topic), failure: failure)
    }

    /// With `?vorschlag=…&beschluss=…` (after a body's decision) the step and the decision as its
    /// reason come filled in, so confirming takes one click.
    func statusForm(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        guard let step = TopicStatus(rawValue: req.queryText("vorschlag")), TopicLadder.mayMove(from: topic.status, to: step),
              let decisionID = UUID(uuidString: req.queryText("beschluss")),
              let decision = try await Decision.query(on: desk.db).filter(\.$id == decisionID).filter(\.$districtID == desk.scope.districtID).first()
        else { return try await statusPage(req, topic, FormFields()) }
        let meeting = try await Meeting.find(decision.meetingID, on: desk.db)
        let body = try await meeting.asyncMap { try await Body.find($0.bodyID, on: desk.db)?.name } ?? nil
        let when = meeting.map { " vom \(GermanFormat.germanDay($0.heldOn))" } ?? ""
        let reason = "Beschluss\(decision.byCirculation == true ? " im Umlaufverfahren" : "")\(when)\(body.map { " (\($0))" } ?? ""): \(decision.text)"
        return try await statusPage(req, topic, .with(["status": step.rawValue, "reason": reason]),
                                    proposal: "Der Beschluss legt den Schritt „\(step.germanName)“ nahe. Prüfen Sie ihn und halten Sie ihn fest, oder wählen Sie einen anderen.")
    }

    func move(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let f = try await req.formFields()
        do {
            try await desk.move(try topic.requireID(), to: f.choice("status", TopicStatus.self), reason: f.text("reason"), on: f.text("happenedOn"))
            return req.seeOther(.topic(.value(try topic.requireID())), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await statusPage(req, topic, f, failure: failure)
        }
    }

    func mergePage(_ req: Request, _ desk: TopicDesk, _ topic: Topic, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let id = try topic.requireID()
        var page = CaseFormPage(action: SiteURL.topicMerge(.value(id)).path, cancel: SiteURL.topic(.value(id)).path)
        page.intro = ["Alle Erkenntnisse dieses Themas gehen in das gewählte Thema über. Dieses Thema wird danach geschlossen, mit Verweis auf das andere."]
        page.keep(fields)
        page.choose("targetId", try await desk.openTopics().filter { $0.id != id }.map { ($0.id, $0.title) }, from: fields)
        return try await req.render("topics/merge-form", title: "Themen zusammenführen", content: page, breadcrumbs: Self.crumbs(topic), failure: failure)
    }

    func mergeForm(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        return try await mergePage(req, desk, try await desk.topic(try req.id("topicID")), FormFields())
    }

    func merge(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let f = try await req.formFields()
        do {
            let target = f.uuid("targetId")
            try await desk.merge(try topic.requireID(), into: target)
            return req.seeOther(target.map { SiteURL.topic(.value($0)) } ?? .topics, notice: .saved)
        } catch let failure as ValidationFailure {
            return try await mergePage(req, desk, topic, f, failure: failure)
        }
    }

    // MARK: Asking the other municipalities

    func requestPage(_ req: Request, _ desk: TopicDesk, _ topic: Topic, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let id = try topic.requireID()
        var page = CaseFormPage(action: SiteURL.topicRequest(.value(id)).path, cancel: SiteURL.topic(.value(id)).path)
        page.intro = ["Das Case Management der gewählten Kommunen sieht die Frage unter „Rückfragen“ und antwortet mit einer Einschätzung und einer Zahl von Fällen, ohne Angaben zu Personen. Die Antworten gehen in die Belege ein."]
        page.keep(fields)
        let towns = try await Municipality.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$isActive == true).sort(\.$name).all()
        page.choose("municipalities", towns.compactMap { town in town.id.map { ($0, town.name) } }, from: fields)
        return try await req.render("topics/request-form", title: "Rückfrage an die Kommunen", content: page, breadcrumbs: Self.crumbs(topic), failure: failure)
    }

    func requestForm(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        return try await requestPage(req, desk, topic, .with(["question": "Sehen Sie in Ihrer Kommune dasselbe? In wie vielen Fällen ungefähr?"]))
    }

    func ask(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let f = try await req.formFields()
        do {
            _ = try await desk.ask(f.text("question"), municipalityIDs: f.uuids("municipalities"), topicID: try topic.requireID(), askedOn: f.text("askedOn"))
            return req.seeOther(.topic(.value(try topic.requireID())), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await requestPage(req, desk, topic, f, failure: failure)
        }
    }

    // MARK: Forwarding to the state

    func forwardingPage(_ req: Request, _ topic: Topic, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let id = try topic.requireID()
        var page = CaseFormPage(action: SiteURL.topicForwarding(.value(id)).path, cancel: SiteURL.topic(.value(id)).path)
        page.intro = ["Halten Sie fest, wann das Schreiben an welche Stelle des Landes ging, und später die Antwort."]
        page.keep(fields)
        return try await req.render("topics/forwarding-form", title: "Weiterleitung an das Land", content: page, breadcrumbs: Self.crumbs(topic), failure: failure)
    }

    func forwardingForm(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let existing = try await StateForwarding.query(on: desk.db).filter(\.$topicID == (try topic.requireID())).first()
        return try await forwardingPage(req, topic, .with(["recipient": existing?.recipient ?? "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
                                                           "sentOn": existing?.sentOn ?? desk.today, "answer": existing?.answer ?? "",
                                                           "answeredOn": existing?.answeredOn ?? ""]))
    }

    func recordForwarding(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let topic = try await desk.topic(try req.id("topicID"))
        let f = try await req.formFields()
        do {
            try await desk.recordForwarding(.init(recipient: f.text("recipient"), sentOn: f.text("sentOn"), answer: f.text("answer"), answeredOn: f.text("answeredOn")),
                                            topicID: try topic.requireID())
            return req.seeOther(.topic(.value(try topic.requireID())), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await forwardingPage(req, topic, f, failure: failure)
        }
    }

    struct Letter: Encodable {
        let district: String
        let topic: TopicDetail
        let findings: String
        let cases: String
        let threshold: Int
        let today: String
    }

    /// The letter to the state: statement, evidence (counts published by `FigurePublisher`) and the decisions.
    func letter(req: Request) async throws -> Response {
        let desk = try req.topicDesk()
        let detail = try await desk.detail(try req.id("topicID"))
        let publisher = try await FigurePublisher.load(district: desk.scope.districtID, keys: req.lotse.recordKeys, on: desk.db)
        let district = try await District.find(desk.scope.districtID, on: desk.db)?.name ?? ""
        return try await req.render("topics/letter", title: "Schreiben an das Land: \(detail.title)",
                                    content: Letter(district: district, topic: detail,
                                                    findings: publisher.text(detail.evidence.findingIDs, name: "Thema \(detail.title) | Erkenntnisse"),
                                                    cases: publisher.text(detail.evidence.caseIDs, name: "Thema \(detail.title) | Fälle"),
                                                    threshold: publisher.threshold, today: desk.today),
                                    breadcrumbs: Self.crumbs + [.init(label: detail.title, href: SiteURL.topic(.value(detail.id)).path)])
    }
}
