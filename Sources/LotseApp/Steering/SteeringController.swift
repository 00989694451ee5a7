import Fluent
import LotseCore
import Vapor

/// Bodies, meetings, decisions and the steering group's overview.
struct SteeringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.steering, use: overview)
        routes.get(.decisions, use: decisions)
        routes.get(.decision(.key), use: decisionForm)
        routes.post(.decision(.key), use: updateDecision)
        routes.get(.bodies, use: bodyList)
        routes.get(.newBody, use: newBody)
        routes.post(.newBody, use: createBody)
        routes.get(.body(.key), use: body)
        routes.get(.bodyMembers(.key), use: memberForm)
        routes.post(.bodyMembers(.key), use: addMember)
        routes.get(.bodyMeetings(.key), use: meetingForm)
        routes.post(.bodyMeetings(.key), use: createMeeting)
        routes.get(.meeting(.key), use: meeting)
        routes.get(.meetingInvitation(.key), use: invitation)
        routes.get(.meetingAgenda(.key), use: agendaForm)
        routes.post(.meetingAgenda(.key), use: addAgendaItem)
        routes.get(.meetingMinutes(.key), use: minutesForm)
        routes.post(.meetingMinutes(.key), use: recordMinutes)
        routes.get(.meetingDecisions(.key), use: newDecision)
        routes.post(.meetingDecisions(.key), use: decide)
    }

    static let start = LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)
    static let bodiesCrumb = LayoutContext.Crumb(label: "Gremien", href: SiteURL.bodies.path)

    func form(_ req: Request, _ template: String, _ title: String, _ page: CaseFormPage, _ crumbs: [LayoutContext.Crumb],
              _ failure: ValidationFailure?) async throws -> Response {
        try await req.render(template, title: title, content: page, breadcrumbs: crumbs, failure: failure)
    }

    /// Saves, or shows the form again with what was entered and the messages.
    func submit(_ req: Request, done: String, _ save: (FormFields) async throws -> String?,
                again: (FormFields, ValidationFailure) async throws -> Response) async throws -> Response {
        let fields = try await req.formFields()
        do {
            let target = try await save(fields)
            return req.seeOther(target ?? done, notice: .saved)
        } catch let failure as ValidationFailure {
            return try await again(fields, failure)
        }
    }

    // MARK: Overview

    struct OverviewPage: Encodable {
        struct StatusCount: Encodable {
            let status: String
            let count: Int
            /// The open topics on this rung by name: members decide on topics, not on counts.
            let names: String
        }

        let meetings: [UpcomingMeeting]
        let hasMeetings: Bool
        /// The summary at the top (issue 18, part 5): what a member needs before scrolling.
        var next: UpcomingMeeting?
        let openCount: Int
        let openTopics: String
        let hasOpenTopics: Bool
        let decisions: [Merged<DecisionRow, SteeringLinks.Decision>]
        let hasDecisions: Bool
        let overdue: Int
        let topics: [StatusCount]
        let figures: [FigureTable]
        let baustein3: SteeringBaustein3
        let threshold: Int
        let mayManage: Bool
        let bodies = SiteURL.bodies
        let allDecisions = SiteURL.decisions
    }

    struct UpcomingMeeting: Encodable {
        let links: SteeringLinks.Meeting
        let body: String
        let heldOn: String
        let startsAt: String
        let place: String
    }

    func overview(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let bodies = Dictionary(uniqueKeysWithValues: try await Body.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
            .compactMap { body in body.id.map { ($0, body.name) } })
        let upcoming = try await Meeting.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$heldOn >= desk.today)
            .sort(\.$heldOn).limit(10).all()
        let open = try await desk.decisions(openOnly: true)
        let topics = try await Topic.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).all()
        // The furthest along first; the rest by number, with all of them in the table below.
        let inWork = topics.filter { !$0.status.isFinal }.sorted { ($0.status, $0.title) > ($1.status, $1.title) }
        let openTopics = inWork.prefix(4).map { "\($0.title) (\($0.status.germanName))" }.joined(separator: "; ")
            + (inWork.count > 4 ? " und \(inWork.count - 4) weitere" : "")
        var page = OverviewPage(
            meetings: try upcoming.map { .init(links: .init(try $0.requireID()), body: bodies[$0.bodyID] ?? "", heldOn: $0.heldOn, startsAt: $0.startsAt ?? "",
                                              place: $0.place) },
            hasMeetings: !upcoming.isEmpty, next: nil, openCount: open.count,
            openTopics: openTopics, hasOpenTopics: !openTopics.isEmpty,
            decisions: SteeringLinks.decisions(open), hasDecisions: !open.isEmpty, overdue: open.filter(\.isOverdue).count,
            topics: TopicStatus.allCases.map { status in
                let here = topics.filter { $0.status == status }
                return .init(status: status.germanName, count: here.count, names: status.isFinal ? "" : here.map(\.title).sorted().joined(separator: "; "))
            },
            figures: try await desk.figures(), baustein3: try await desk.baustein3(), threshold: try await desk.threshold(),
            mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageBodies))
        page.next = page.meetings.first
        return try await req.render("steering/overview", title: "Steuerung im Überblick", content: page, breadcrumbs: [Self.start])
    }

    struct DecisionsPage: Encodable {
        let decisions: [Merged<DecisionRow, SteeringLinks.Decision>]
        let hasDecisions: Bool
        let mayManage: Bool
    }

    func decisions(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let all = try await desk.decisions()
        let page = DecisionsPage(decisions: SteeringLinks.decisions(all), hasDecisions: !all.isEmpty, mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageBodies))
        return try await req.render("steering/decisions", title: "Beschlüsse", content: page, breadcrumbs: [Self.start])
    }

    func decisionPage(_ req: Request, _ desk: SteeringDesk, _ id: UUID, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        let decision = try await desk.decision(id)
        var page = CaseFormPage(action: SiteURL.decision(.value(id)).path, cancel: SiteURL.meeting(.value(decision.meetingID)).path)
        page.intro = ["Beschluss: \(decision.text)"]
        page.keep(fields)
        page.choose("status", DecisionStatus.self, from: fields)
        return try await form(req, "steering/status-form", "Stand des Beschlusses", page,
                              [Self.start, .init(label: "Beschlüsse", href: SiteURL.decisions.path)], failure)
    }

    func decisionForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("decisionID")
        return try await decisionPage(req, desk, id, FormFields(values: ["status": [try await desk.decision(id).status.rawValue]]))
    }

    func updateDecision(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let id = try req.id("decisionID")
        let decision = try await desk.decision(id)
        return try await submit(req, done: SiteURL.meeting(.value(decision.meetingID)).path, { f in
            try await desk.setStatus(f.choice("status", DecisionStatus.self), decisionID: id)
            return nil
        }, again: { f, failure in try await decisionPage(req, desk, id, f, failure) })
    }

    // MARK: Bodies

    struct BodiesPage: Encodable {
        let bodies: [Linked<BodyRow>]
        let newBody = SiteURL.newBody
        let hasBodies: Bool
        let mayManage: Bool
    }

    func bodyList(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let bodies = try await desk.bodies()
        return try await req.render("steering/bodies", title: "Gremien", content: BodiesPage(
            bodies: bodies.map { Linked($0, .body(.value($0.id))) }, hasBodies: !bodies.isEmpty, mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageBodies)),
                                    breadcrumbs: [Self.start])
    }

    func bodyPage(_ req: Request, _ desk: SteeringDesk, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.newBody.path, cancel: SiteURL.bodies.path)
        page.keep(fields)
        page.choose("kind", BodyKind.self, from: fields, named: try await desk.words().name)
        let chosenBands = Set(fields.all("ageBands"))
        page.options["ageBands"] = try await DistrictSetting.ageBands(of: desk.scope.districtID, on: desk.db).bands.map {
            FormOption(value: $0.code, label: $0.label, selected: chosenBands.contains($0.code))
        }
        page.choose("municipalityId", try await OrganisationService.municipalityNames(desk.scope, on: desk.db).sorted { $0.value < $1.value }.map { ($0.key, $0.value) }, from: fields)
        return try await form(req, "steering/body-form", "Gremium anlegen", page, [Self.start, Self.bodiesCrumb], failure)
    }

    func newBody(req: Request) async throws -> Response { try await bodyPage(req, try req.steeringDesk(.manageBodies), FormFields()) }

    func createBody(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        return try await submit(req, done: SiteURL.bodies.path, { f in
            let body = try await desk.createBody(.init(name: f.text("name"), kind: f.choice("kind", BodyKind.self), municipalityID: f.uuid("municipalityId"),
                                                       mandate: f.text("mandate"), ageBands: f.all("ageBands")))
            return SiteURL.body(.value(try body.requireID())).path
        }, again: { f, failure in try await bodyPage(req, desk, f, failure) })
    }

    struct BodyPage: Encodable {
        let body: BodyDetail
        let meetings: [Linked<BodyDetail.MeetingDate>]
        let addMember: SiteURL
        let addMeeting: SiteURL
        let hasMembers: Bool
        let hasMeetings: Bool
        let mayManage: Bool
    }

    func body(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let detail = try await desk.detail(body: try req.id("bodyID"))
        return try await req.render("steering/body", title: detail.name, content: BodyPage(
            body: detail, meetings: detail.meetings.map { Linked($0, .meeting(.value($0.id))) },
            addMember: .bodyMembers(.value(detail.id)), addMeeting: .bodyMeetings(.value(detail.id)), hasMembers: !detail.members.isEmpty, hasMeetings: !detail.meetings.isEmpty,
            mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageBodies)), breadcrumbs: [Self.start, Self.bodiesCrumb])
    }

    func crumbs(_ body: Body) -> [LayoutContext.Crumb] {
        [Self.start, Self.bodiesCrumb, .init(label: body.name, href: body.id.map { SiteURL.body(.value($0)).path })]
    }

    func memberPage(_ req: Request, _ desk: SteeringDesk, _ body: Body, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.bodyMembers(.value(try body.requireID())).path, cancel: SiteURL.body(.value(try body.requireID())).path)
        page.keep(fields)
        page.choose("userId", try await SteeringDesk.accountChoices(districtID: desk.scope.districtID, on: desk.db), from: fields)
        return try await form(req, "steering/member-form", "Mitglied hinzufügen", page, crumbs(body), failure)
    }

    func memberForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        return try await memberPage(req, desk, try await desk.body(try req.id("bodyID")), FormFields())
    }

    func addMember(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let body = try await desk.body(try req.id("bodyID"))
        return try await submit(req, done: SiteURL.body(.value(try body.requireID())).path, { f in
            try await desk.addMember(f.memberInput, bodyID: try body.requireID())
            return nil
        }, again: { f, failure in try await memberPage(req, desk, body, f, failure) })
    }

    func meetingPage(_ req: Request, _ desk: SteeringDesk, _ body: Body, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.bodyMeetings(.value(try body.requireID())).path, cancel: SiteURL.body(.value(try body.requireID())).path)
        page.intro = ["Eingeladen werden alle Mitglieder des Gremiums. Tag, Uhrzeit und Ort stehen in der Einladung."]
        page.keep(fields)
        return try await form(req, "steering/meeting-form", "Sitzung anlegen", page, crumbs(body), failure)
    }

    func meetingForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        return try await meetingPage(req, desk, try await desk.body(try req.id("bodyID")), .with(["heldOn": desk.today]))
    }

    func createMeeting(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let body = try await desk.body(try req.id("bodyID"))
        return try await submit(req, done: SiteURL.bodies.path, { f in
            let meeting = try await desk.createMeeting(bodyID: try body.requireID(), heldOn: f.text("heldOn"), place: f.text("place"), startsAt: f.text("startsAt"))
            return SiteURL.meeting(.value(try meeting.requireID())).path
        }, again: { f, failure in try await meetingPage(req, desk, body, f, failure) })
    }

    // MARK: Meetings

    struct MeetingPage: Encodable {
        let meeting: MeetingDetail
        let links: SteeringLinks.Meeting
        let agenda: [Merged<MeetingDetail.Item, SteeringLinks.AgendaItem>]
        let decisions: [Merged<DecisionRow, SteeringLinks.Decision>]
        let hasAgenda: Bool
        let hasDecisions: Bool
        let hasMinutes: Bool
        let mayManage: Bool
        /// Until the meeting, its agenda is worked on; afterwards it is the record.
        var mayEditAgenda: Bool { mayManage && meeting.isUpcoming }

        enum CodingKeys: String, CodingKey {
            case meeting, links, agenda, decisions, hasAgenda, hasDecisions, hasMinutes, mayManage, mayEditAgenda
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(meeting, forKey: .meeting)
            try c.encode(links, forKey: .links)
            try c.encode(agenda, forKey: .agenda)
            try c.encode(decisions, forKey: .decisions)
            try c.encode(hasAgenda, forKey: .hasAgenda)
            try c.encode(hasDecisions, forKey: .hasDecisions)
            try c.encode(hasMinutes, forKey: .hasMinutes)
            try c.encode(mayManage, forKey: .mayManage)
            try c.encode(mayEditAgenda, forKey: .mayEditAgenda)
        }
    }

    func meeting(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let detail = try await desk.detail(meeting: try req.id("meetingID"))
        return try await req.render("steering/meeting", title: "Sitzung: \(detail.body)", content: MeetingPage(
            meeting: detail, links: .init(detail.id), agenda: SteeringLinks.agenda(detail.agenda, linkTopics: AccessPolicy.permits(try req.requireSignedIn().actor, .manageTopics)),
            decisions: SteeringLinks.decisions(detail.decisions), hasAgenda: !detail.agenda.isEmpty, hasDecisions: !detail.decisions.isEmpty, hasMinutes: !detail.minutes.isEmpty,
            mayManage: AccessPolicy.permits(try req.requireSignedIn().actor, .manageBodies)),
                                    breadcrumbs: [Self.start, Self.bodiesCrumb, .init(label: detail.body, href: SiteURL.body(.value(detail.bodyId)).path)])
    }

    func meetingCrumbs(_ desk: SteeringDesk, _ meeting: Meeting) async throws -> [LayoutContext.Crumb] {
        crumbs(try await desk.body(meeting.bodyID)) + [.init(label: "Sitzung", href: meeting.id.map { SiteURL.meeting(.value($0)).path })]
    }

    func topicChoices(_ desk: SteeringDesk) async throws -> [(id: UUID, label: String)] {
        try await Topic.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).sort(\.$title).all()
            .compactMap { topic in topic.id.map { ($0, topic.title) } }
    }

    func agendaPage(_ req: Request, _ desk: SteeringDesk, _ meeting: Meeting, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        let id = try meeting.requireID()
        var page = CaseFormPage(action: SiteURL.meetingAgenda(.value(id)).path, cancel: SiteURL.meeting(.value(id)).path)
        page.intro = ["Ein Punkt kann ein Thema tragen (dann wird für die Einladung eine Entscheidungsvorlage erzeugt) oder das Ergebnis einer Arbeitsgruppe."]
        page.keep(fields)
        page.choose("topicId", try await topicChoices(desk), from: fields)
        page.choose("sourceBodyId", try await desk.bodies().filter { $0.kind.code == BodyKind.workingGroup.rawValue }.map { ($0.id, $0.name) }, from: fields)
        return try await form(req, "steering/agenda-form", "Tagesordnungspunkt ergänzen", page, try await meetingCrumbs(desk, meeting), failure)
    }

    func agendaForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        return try await agendaPage(req, desk, try await desk.meeting(try req.id("meetingID")), FormFields())
    }

    func addAgendaItem(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let meeting = try await desk.meeting(try req.id("meetingID"))
        return try await submit(req, done: SiteURL.meeting(.value(try meeting.requireID())).path, { f in
            try await desk.addAgendaItem(Self.agendaInput(f), meetingID: try meeting.requireID())
            return nil
        }, again: { f, failure in try await agendaPage(req, desk, meeting, f, failure) })
    }

    func minutesPage(_ req: Request, _ desk: SteeringDesk, _ meeting: Meeting, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        let id = try meeting.requireID()
        var page = CaseFormPage(action: SiteURL.meetingMinutes(.value(id)).path, cancel: SiteURL.meeting(.value(id)).path)
        page.keep(fields)
        let members = try await BodyMember.query(on: desk.db).filter(\.$bodyID == meeting.bodyID).sort(\.$name).all()
            .filter { meeting.invitedMemberIDs.contains($0.id ?? UUID()) }
        page.choose("present", members.compactMap { member in member.id.map { ($0, "\(member.name) (\(member.organisation))") } }, from: fields)
        return try await form(req, "steering/minutes-form", "Protokoll der Sitzung", page, try await meetingCrumbs(desk, meeting), failure)
    }

    func minutesForm(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let meeting = try await desk.meeting(try req.id("meetingID"))
        return try await minutesPage(req, desk, meeting, FormFields(values: ["minutes": [meeting.minutes], "present": meeting.presentMemberIDs.map(\.uuidString)]))
    }

    func recordMinutes(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let meeting = try await desk.meeting(try req.id("meetingID"))
        return try await submit(req, done: SiteURL.meeting(.value(try meeting.requireID())).path, { f in
            try await desk.recordMinutes(f.text("minutes"), present: f.uuids("present"), meetingID: try meeting.requireID())
            return nil
        }, again: { f, failure in try await minutesPage(req, desk, meeting, f, failure) })
    }

    func decisionFormPage(_ req: Request, _ desk: SteeringDesk, _ meeting: Meeting, _ fields: FormFields, _ failure: ValidationFailure? = nil) async throws -> Response {
        let id = try meeting.requireID()
        var page = CaseFormPage(action: SiteURL.meetingDecisions(.value(id)).path, cancel: SiteURL.meeting(.value(id)).path)
        page.intro = ["„Arbeitsgruppe einrichten“ legt die Arbeitsgruppe mit dem Beschluss als Auftrag an."]
        if meeting.heldOn > desk.today {
            page.intro.append("Die Sitzung findet erst am \(GermanFormat.germanDay(meeting.heldOn)) statt: Vorher lässt sich nur ein Beschluss im Umlaufverfahren erfassen.")
        }
        page.keep(fields)
        page.choose("kind", DecisionKind.self, from: fields)
        page.choose("topicId", try await topicChoices(desk), from: fields)
        return try await form(req, "steering/decision-form", "Beschluss erfassen", page, try await meetingCrumbs(desk, meeting), failure)
    }

    func newDecision(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        return try await decisionFormPage(req, desk, try await desk.meeting(try req.id("meetingID")), FormFields())
    }

    static func decisionInput(_ f: FormFields) -> SteeringDesk.DecisionInput {
        .init(text: f.text("text"), kind: f.choice("kind", DecisionKind.self), owner: f.text("owner"), dueOn: f.text("dueOn"),
              topicID: f.uuid("topicId"), workingGroupName: f.text("workingGroupName"), byCirculation: f.flag("byCirculation"),
              decidedOn: f.text("decidedOn"))
    }

    static func agendaInput(_ f: FormFields) -> SteeringDesk.AgendaInput {
        .init(title: f.text("title"), topicID: f.uuid("topicId"), sourceBodyID: f.uuid("sourceBodyId"), proposedResolution: f.text("proposedResolution"))
    }

    /// Saves the decision; where it suggests the topic's next step on the ladder, the topic's step
    /// form follows with that step and the decision as reason filled in: one click confirms it.
    func decide(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.manageBodies)
        let meeting = try await desk.meeting(try req.id("meetingID"))
        let fields = try await req.formFields()
        let decision: Decision
        do {
            decision = try await desk.decide(Self.decisionInput(fields), meetingID: try meeting.requireID())
        } catch let failure as ValidationFailure {
            return try await decisionFormPage(req, desk, meeting, fields, failure)
        }
        if let topicID = decision.topicID, let topic = try await Topic.find(topicID, on: desk.db),
           let step = TopicLadder.stepProposed(by: decision.kind, from: topic.status),
           AccessPolicy.permits(try req.requireSignedIn().actor, .manageTopics) {
            return req.seeOther(SiteURL.topicStatus(.value(topicID)).with([("vorschlag", step.rawValue), ("beschluss", try decision.requireID().uuidString)]),
                                notice: .decisionRecorded)
        }
        return req.seeOther(SiteURL.meeting(.value(try meeting.requireID())).path + "#beschluesse", notice: .decisionRecorded)
    }

    // MARK: The printable invitation with decision papers

    struct Invitation: Encodable {
        struct Paper: Encodable {
            let position: Int
            let title: String
            let proposedResolution: String
            let statement: String
            let status: String
            let findings: String
            let cases: String
            let municipalities: String
            let period: String
            let lifeDomains: String
        }

        let district: String
        let meeting: MeetingDetail
        let papers: [Paper]
        let hasPapers: Bool
        let threshold: Int
    }

    /// The invitation with agenda, and per topic a decision paper from its statement and evidence.
    /// The evidence counts go to a body: published like every count from case work (`FigurePublisher`).
    func invitation(req: Request) async throws -> Response {
        let desk = try req.steeringDesk(.readSteering)
        let detail = try await desk.detail(meeting: try req.id("meetingID"))
        let (papers, threshold) = try await desk.papers(for: detail)
        let district = try await District.find(desk.scope.districtID, on: desk.db)?.name ?? ""
        return try await req.render("steering/invitation", title: "Einladung: \(detail.body), \(GermanFormat.day(detail.heldOn).map(GermanFormat.date) ?? detail.heldOn)",
                                    content: Invitation(district: district, meeting: detail, papers: papers, hasPapers: !papers.isEmpty, threshold: threshold),
                                    breadcrumbs: [Self.start, Self.bodiesCrumb, .init(label: "Sitzung", href: SiteURL.meeting(.value(detail.id)).path)])
    }
}
