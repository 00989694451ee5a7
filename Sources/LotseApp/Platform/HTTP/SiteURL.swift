import Foundation
import Vapor

/// A value inside an address: `.key` where the route is declared (it becomes `:name`), `.value`
/// where a link or redirect is made. One case of `SiteURL` serves both, so they cannot drift.
enum Parameter<Value: Sendable & Hashable>: Sendable, Hashable {
    case key
    case value(Value)
}

/// Every address of Lotse's browser side, in one typed table: routes are declared with
/// `SiteURL.x(.key).pattern`, links and redirects are made with `SiteURL.x(.value(id))`, and view
/// models hand templates the finished address (a `SiteURL` encodes as its path). Templates hold
/// no path of their own. The JSON API is not here: its addresses come from `openapi.yaml`.
enum SiteURL: Sendable, Hashable {
    // Probes, assets and the public pages of the municipalities (no sign-in).
    case healthz, readyz, metrics
    case stylesheet, script
    case publicPage(Parameter<UUID>)
    case publicPageIn(Parameter<UUID>, language: Parameter<String>)
    /// The public pages at addresses a flyer can print: "/kommunen/bad-lippspringe/ar", and their index.
    case publicPlaces, publicPlace(Parameter<String>), publicPlaceIn(Parameter<String>, language: Parameter<String>)

    // Identity: sign-in and the own account.
    case root, signIn, signInNewPassword, signInAuthenticator, signInCode, signOut, start
    case account, accountPassword, accountEndSession(Parameter<UUID>), accountEndOtherSessions

    // Organisation and users.
    case organisation, district, settings, districtWords
    case regions, newRegion, region(Parameter<UUID>)
    case municipalities, newMunicipality, municipality(Parameter<UUID>)
    case users, newUser, user(Parameter<UUID>), userDeactivate(Parameter<UUID>), userActivate(Parameter<UUID>), userReset(Parameter<UUID>)
    case grantRequests, grantRequestApprove(Parameter<UUID>), grantRequestReject(Parameter<UUID>)

    // Audit trail and retention (the data-protection officer).
    case audit, auditExport
    case retention, retentionHold(Parameter<UUID>), retentionLift(Parameter<UUID>)
    case erasureRequests, erasureApprove(Parameter<UUID>), erasureReject(Parameter<UUID>)
    case dataSubjectRequests, processingRecord, processingRecordExport

    // Directory of services, office hours, coverage analysis.
    case directory, directoryExport, directoryImport
    case services, newService, service(Parameter<UUID>), serviceEdit(Parameter<UUID>), serviceChecked(Parameter<UUID>)
    case providers, newProvider, provider(Parameter<UUID>), providerEdit(Parameter<UUID>)
    case officeHours, newOfficeHours, officeHoursEntry(Parameter<UUID>), officeHoursEdit(Parameter<UUID>)
    case coverage, coverageExport, coverageMunicipality(Parameter<UUID>)

    // Baustein 3: the immigration and naturalisation offices and their checklists.
    case offices, newOffice, officeEdit(Parameter<UUID>), newChecklist(Parameter<UUID>), checklist(Parameter<UUID>), checklistVersion(Parameter<UUID>)
    case officeHandovers, officeHandover(Parameter<UUID>), officeHandoverFeedback(Parameter<UUID>)
    case officeBacklog(Parameter<UUID>), officeBacklogImport(Parameter<UUID>), officeBacklogExport(Parameter<UUID>)

    // Baustein 3: the naturalisation campaign.
    case campaigns, newCampaign, campaign(Parameter<UUID>), campaignEdit(Parameter<UUID>)
    case newCampaignEvent(Parameter<UUID>), campaignEvent(Parameter<UUID>), newCampaignMaterial(Parameter<UUID>)

    // Baustein 3: the meetings of the bodies one sits on with an account (exchange meetings).
    case memberMeetings, memberMeeting(Parameter<UUID>)

    // Case work.
    case briefContacts, newBriefContact, briefContactToCase(Parameter<UUID>)
    case cases, caseSearch, dueCases, newCase
    case caseFile(Parameter<UUID>)
    case caseClient(Parameter<UUID>), caseClientLink(Parameter<UUID>)
    case caseStep(Parameter<UUID>, CaseStepAddress)
    case caseReferral(Parameter<UUID>), caseWaiver(Parameter<UUID>)
    /// A waiver form to print before anything is recorded (the recipient may be named in `?stelle=`).
    case caseBlankDisclosureForm(Parameter<UUID>, language: Parameter<String>)
    case caseConsentWithdrawal(Parameter<UUID>, consent: Parameter<UUID>)
    case caseConsentForm(Parameter<UUID>, language: Parameter<String>)
    case caseDisclosureForm(Parameter<UUID>, consent: Parameter<UUID>, language: Parameter<String>)
    case caseAccessExport(Parameter<UUID>), caseAccessExportFile(Parameter<UUID>)

    // Topics and the evidence requests to case managers.
    case findings, findingTopic(Parameter<UUID>)
    case topics, newTopic, topic(Parameter<UUID>), topicEdit(Parameter<UUID>), topicStatus(Parameter<UUID>), topicMerge(Parameter<UUID>)
    case topicRequest(Parameter<UUID>), topicForwarding(Parameter<UUID>), topicLetter(Parameter<UUID>)
    case requests, request(Parameter<UUID>)

    // Steering: bodies, meetings, decisions.
    case steering, decisions, decision(Parameter<UUID>)
    case bodies, newBody, body(Parameter<UUID>), bodyMembers(Parameter<UUID>), bodyMeetings(Parameter<UUID>)
    case agendaItem(Parameter<UUID>), agendaItemMove(Parameter<UUID>), agendaItemRemove(Parameter<UUID>)
    case meeting(Parameter<UUID>), meetingInvitation(Parameter<UUID>), meetingAgenda(Parameter<UUID>), meetingMinutes(Parameter<UUID>), meetingDecisions(Parameter<UUID>)

    // Programme: positions, agreements, milestones, goals, reports, controlling.
    case programme
    case positions, newPosition, position(Parameter<UUID>), positionEdit(Parameter<UUID>), positionChange(Parameter<UUID>)
    case newAgreement, agreement(Parameter<UUID>)
    case milestones, newMilestone, milestone(Parameter<UUID>)
    case goals, newGoal, goal(Parameter<UUID>), goalDelete(Parameter<UUID>)
    case historyImport, historyImportKind(Parameter<String>)
    case reports, reportTexts, report(Parameter<UUID>), reportEdit(Parameter<UUID>), reportRegenerate(Parameter<UUID>), reportPublish(Parameter<UUID>)
    case reportExport(Parameter<UUID>, format: Parameter<String>)
    case reportVersion(Parameter<UUID>, Parameter<UUID>), reportVersionRestore(Parameter<UUID>, Parameter<UUID>)
    case controlling, controllingExport(format: Parameter<String>)

    /// One part of an address.
    enum Segment: Sendable, Hashable {
        case fixed(String)
        case id(String, Parameter<UUID>)
        case text(String, Parameter<String>)
    }

    var segments: [Segment] {
        switch self {
        case .healthz: ["healthz"]
        case .readyz: ["readyz"]
        case .metrics: ["metrics"]
        case .stylesheet: ["css", "lotse.css"]
        case .script: ["js", "lotse.js"]
        case .publicPage(let m): ["public", .id("municipalityID", m)]
        case .publicPageIn(let m, let language): ["public", .id("municipalityID", m), .text("language", language)]
        case .publicPlaces: ["kommunen"]
        case .publicPlace(let place): ["kommunen", .text("place", place)]
        case .publicPlaceIn(let place, let language): ["kommunen", .text("place", place), .text("language", language)]

        case .root: []
        case .signIn: ["sign-in"]
        case .signInNewPassword: ["sign-in", "new-password"]
        case .signInAuthenticator: ["sign-in", "authenticator"]
        case .signInCode: ["sign-in", "code"]
        case .signOut: ["sign-out"]
        case .start: ["start"]
        case .account: ["account"]
        case .accountPassword: ["account", "password"]
        case .accountEndSession(let s): ["account", "sessions", .id("sessionID", s), "end"]
        case .accountEndOtherSessions: ["account", "sessions", "end-others"]

        case .organisation: ["admin", "organisation"]
        case .district: ["admin", "district"]
        case .settings: ["admin", "settings"]
        case .districtWords: ["admin", "words"]
        case .regions: ["admin", "regions"]
        case .newRegion: ["admin", "regions", "new"]
        case .region(let r): ["admin", "regions", .id("regionID", r)]
        case .municipalities: ["admin", "municipalities"]
        case .newMunicipality: ["admin", "municipalities", "new"]
        case .municipality(let m): ["admin", "municipalities", .id("municipalityID", m)]
        case .users: ["admin", "users"]
        case .newUser: ["admin", "users", "new"]
        case .user(let u): ["admin", "users", .id("userID", u)]
        case .userDeactivate(let u): ["admin", "users", .id("userID", u), "deactivate"]
        case .userActivate(let u): ["admin", "users", .id("userID", u), "activate"]
        case .userReset(let u): ["admin", "users", .id("userID", u), "reset"]
        case .grantRequests: ["admin", "grant-requests"]
        case .grantRequestApprove(let r): ["admin", "grant-requests", .id("grantRequestID", r), "approve"]
        case .grantRequestReject(let r): ["admin", "grant-requests", .id("grantRequestID", r), "reject"]

        case .audit: ["audit"]
        case .auditExport: ["audit", "export.csv"]
        case .retention: ["data-protection", "retention"]
        case .retentionHold(let c): ["data-protection", "retention", "hold", .id("caseID", c)]
        case .retentionLift(let h): ["data-protection", "retention", "holds", .id("holdID", h), "lift"]
        case .erasureRequests: ["data-protection", "erasure"]
        case .erasureApprove(let r): ["data-protection", "erasure", .id("requestID", r), "approve"]
        case .erasureReject(let r): ["data-protection", "erasure", .id("requestID", r), "reject"]
        case .dataSubjectRequests: ["data-protection", "requests"]
        case .processingRecord: ["data-protection", "record"]
        case .processingRecordExport: ["data-protection", "record.json"]

        case .directory: ["directory"]
        case .directoryExport: ["directory", "export.csv"]
        case .directoryImport: ["directory", "import"]
        case .services: ["directory", "services"]
        case .newService: ["directory", "services", "new"]
        case .service(let s): ["directory", "services", .id("serviceID", s)]
        case .serviceEdit(let s): ["directory", "services", .id("serviceID", s), "edit"]
        case .serviceChecked(let s): ["directory", "services", .id("serviceID", s), "checked"]
        case .providers: ["directory", "providers"]
        case .newProvider: ["directory", "providers", "new"]
        case .provider(let p): ["directory", "providers", .id("providerID", p)]
        case .providerEdit(let p): ["directory", "providers", .id("providerID", p), "edit"]
        case .officeHours: ["office-hours"]
        case .newOfficeHours: ["office-hours", "new"]
        case .officeHoursEntry(let o): ["office-hours", .id("officeHoursID", o)]
        case .officeHoursEdit(let o): ["office-hours", .id("officeHoursID", o), "edit"]
        case .coverage: ["coverage"]
        case .coverageExport: ["coverage", "export.csv"]
        case .coverageMunicipality(let m): ["coverage", .id("municipalityID", m)]

        case .offices: ["offices"]
        case .newOffice: ["offices", "new"]
        case .officeEdit(let o): ["offices", .id("officeID", o), "edit"]
        case .newChecklist(let o): ["offices", .id("officeID", o), "checklists", "new"]
        case .checklist(let c): ["checklists", .id("checklistID", c)]
        case .checklistVersion(let c): ["checklists", .id("checklistID", c), "version"]
        case .officeHandovers: ["office", "handovers"]
        case .officeHandover(let h): ["office", "handovers", .id("handoverID", h)]
        case .officeHandoverFeedback(let h): ["office", "handovers", .id("handoverID", h), "feedback"]
        case .officeBacklog(let o): ["offices", .id("officeID", o), "backlog"]
        case .officeBacklogImport(let o): ["offices", .id("officeID", o), "backlog", "import"]
        case .officeBacklogExport(let o): ["offices", .id("officeID", o), "backlog", "export"]
        case .campaigns: ["campaigns"]
        case .newCampaign: ["campaigns", "new"]
        case .campaign(let c): ["campaigns", .id("campaignID", c)]
        case .campaignEdit(let c): ["campaigns", .id("campaignID", c), "edit"]
        case .newCampaignEvent(let c): ["campaigns", .id("campaignID", c), "events", "new"]
        case .campaignEvent(let e): ["campaign-events", .id("eventID", e)]
        case .newCampaignMaterial(let c): ["campaigns", .id("campaignID", c), "materials", "new"]
        case .memberMeetings: ["my-meetings"]
        case .memberMeeting(let m): ["my-meetings", .id("meetingID", m)]

        case .briefContacts: ["brief-contacts"]
        case .newBriefContact: ["brief-contacts", "new"]
        case .briefContactToCase(let b): ["brief-contacts", .id("briefContactID", b), "case"]
        case .cases: ["cases"]
        case .caseSearch: ["cases", "search"]
        case .dueCases: ["cases", "due"]
        case .newCase: ["cases", "new"]
        case .caseFile(let c): ["cases", .id("caseID", c)]
        case .caseClient(let c): ["cases", .id("caseID", c), "client"]
        case .caseClientLink(let c): ["cases", .id("caseID", c), "client", "link"]
        case .caseStep(let c, let step): ["cases", .id("caseID", c)] + step.segments
        case .caseReferral(let c): ["cases", .id("caseID", c), "referral"]
        case .caseWaiver(let c): ["cases", .id("caseID", c), "waiver"]
        case .caseBlankDisclosureForm(let c, let language): ["cases", .id("caseID", c), "disclosure-form", .text("language", language)]
        case .caseConsentWithdrawal(let c, let consent): ["cases", .id("caseID", c), "consents", .id("consentID", consent), "withdraw"]
        case .caseConsentForm(let c, let language): ["cases", .id("caseID", c), "consent-form", .text("language", language)]
        case .caseDisclosureForm(let c, let consent, let language):
            ["cases", .id("caseID", c), "consents", .id("consentID", consent), "form", .text("language", language)]
        case .caseAccessExport(let c): ["cases", .id("caseID", c), "access-export"]
        case .caseAccessExportFile(let c): ["cases", .id("caseID", c), "access-export.json"]

        case .findings: ["findings"]
        case .findingTopic(let f): ["findings", .id("findingID", f), "topic"]
        case .topics: ["topics"]
        case .newTopic: ["topics", "new"]
        case .topic(let t): ["topics", .id("topicID", t)]
        case .topicEdit(let t): ["topics", .id("topicID", t), "edit"]
        case .topicStatus(let t): ["topics", .id("topicID", t), "status"]
        case .topicMerge(let t): ["topics", .id("topicID", t), "merge"]
        case .topicRequest(let t): ["topics", .id("topicID", t), "request"]
        case .topicForwarding(let t): ["topics", .id("topicID", t), "forwarding"]
        case .topicLetter(let t): ["topics", .id("topicID", t), "letter"]
        case .requests: ["requests"]
        case .request(let r): ["requests", .id("requestID", r)]

        case .steering: ["steering"]
        case .decisions: ["decisions"]
        case .decision(let d): ["decisions", .id("decisionID", d)]
        case .bodies: ["bodies"]
        case .newBody: ["bodies", "new"]
        case .body(let b): ["bodies", .id("bodyID", b)]
        case .bodyMembers(let b): ["bodies", .id("bodyID", b), "members"]
        case .bodyMeetings(let b): ["bodies", .id("bodyID", b), "meetings"]
        case .meeting(let m): ["meetings", .id("meetingID", m)]
        case .meetingInvitation(let m): ["meetings", .id("meetingID", m), "invitation"]
        case .agendaItem(let i): ["agenda-items", .id("agendaItemID", i)]
        case .agendaItemMove(let i): ["agenda-items", .id("agendaItemID", i), "move"]
        case .agendaItemRemove(let i): ["agenda-items", .id("agendaItemID", i), "remove"]
        case .meetingAgenda(let m): ["meetings", .id("meetingID", m), "agenda"]
        case .meetingMinutes(let m): ["meetings", .id("meetingID", m), "minutes"]
        case .meetingDecisions(let m): ["meetings", .id("meetingID", m), "decisions"]

        case .programme: ["programme"]
        case .positions: ["programme", "positions"]
        case .newPosition: ["programme", "positions", "new"]
        case .position(let p): ["programme", "positions", .id("positionID", p)]
        case .positionEdit(let p): ["programme", "positions", .id("positionID", p), "edit"]
        case .positionChange(let p): ["programme", "positions", .id("positionID", p), "change"]
        case .newAgreement: ["programme", "agreements", "new"]
        case .agreement(let a): ["programme", "agreements", .id("agreementID", a)]
        case .milestones: ["programme", "milestones"]
        case .newMilestone: ["programme", "milestones", "new"]
        case .milestone(let m): ["programme", "milestones", .id("milestoneID", m)]
        case .goals: ["programme", "goals"]
        case .newGoal: ["programme", "goals", "new"]
        case .goal(let g): ["programme", "goals", .id("goalID", g)]
        case .goalDelete(let g): ["programme", "goals", .id("goalID", g), "delete"]
        case .reports: ["programme", "reports"]
        case .reportTexts: ["programme", "report-texts"]
        case .historyImport: ["import"]
        case .historyImportKind(let k): ["import", .text("kind", k)]
        case .report(let r): ["programme", "reports", .id("reportID", r)]
        case .reportEdit(let r): ["programme", "reports", .id("reportID", r), "edit"]
        case .reportRegenerate(let r): ["programme", "reports", .id("reportID", r), "regenerate"]
        case .reportPublish(let r): ["programme", "reports", .id("reportID", r), "publish"]
        case .reportExport(let r, let format): ["programme", "reports", .id("reportID", r), "export", .text("format", format)]
        case .reportVersion(let r, let v): ["programme", "reports", .id("reportID", r), "versions", .id("versionID", v)]
        case .reportVersionRestore(let r, let v): ["programme", "reports", .id("reportID", r), "versions", .id("versionID", v), "restore"]
        case .controlling: ["programme", "controlling"]
        case .controllingExport(let format): ["programme", "controlling", "export", .text("format", format)]
        }
    }

    /// The route pattern, for `routes.get(SiteURL.topic(.key).pattern, use: …)`.
    var pattern: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .fixed(let text): .constant(text)
            case .id(let name, _), .text(let name, _): .parameter(name)
            }
        }
    }

    /// The address itself, such as `/topics/0F6E…`. A key prints as `:name`, as in the route.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .id(_, .value(let id)): id.uuidString
            case .text(_, .value(let text)): text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? text
            case .id(let name, .key), .text(let name, .key): ":" + name
            }
        }.joined(separator: "/")
    }

    /// The address with a query, such as `/programme/goals?period=2025`; values are percent-encoded.
    func with(_ query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.name, value: $0.value) }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }
}

extension SiteURL.Segment: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .fixed(value) }
}

/// Templates receive the finished address: a `SiteURL` in a view model encodes as its path.
extension SiteURL: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(path)
    }
}

/// Where a form step of a case lives, below `/cases/:caseID/`. The steps in `CaseStep.all` are
/// keyed by it; the ones about one part of the case (a goal, an action, …) carry that part's id.
enum CaseStepAddress: Sendable, Hashable {
    case consent, disclosure, clientEdit, legalDomain, household, intake, phase, assessment
    case goal, goalStatus(Parameter<UUID>), action, actionStatus(Parameter<UUID>)
    case review, reviewRecord(Parameter<UUID>), contact, referralUpdate(Parameter<UUID>)
    case conference, conferenceMinutes(Parameter<UUID>), districtConference, close, reopen, finding, erasure
    case restriction, restrictionLift, accessRequest, accessFulfil(Parameter<UUID>), preCheck, preCheckAnswers(Parameter<UUID>)
    case preCheckHandover(Parameter<UUID>)
    case helpPlan(Parameter<UUID>), helpPlanReview(Parameter<UUID>)

    var segments: [SiteURL.Segment] {
        switch self {
        case .consent: ["consent"]
        case .disclosure: ["disclosure"]
        case .clientEdit: ["client", "edit"]
        case .legalDomain: ["legal-domain"]
        case .household: ["household"]
        case .intake: ["intake"]
        case .phase: ["phase"]
        case .assessment: ["assessment"]
        case .goal: ["goal"]
        case .goalStatus(let g): ["goals", .id("goalID", g)]
        case .action: ["action"]
        case .actionStatus(let a): ["actions", .id("actionID", a)]
        case .review: ["review"]
        case .reviewRecord(let r): ["reviews", .id("reviewID", r)]
        case .contact: ["contact"]
        case .referralUpdate(let r): ["referrals", .id("referralID", r)]
        case .conference: ["conference"]
        case .conferenceMinutes(let c): ["conferences", .id("conferenceID", c)]
        case .districtConference: ["district-conference"]
        case .close: ["close"]
        case .reopen: ["reopen"]
        case .finding: ["finding"]
        case .erasure: ["erasure"]
        case .restriction: ["restriction"]
        case .restrictionLift: ["restriction", "lift"]
        case .accessRequest: ["access-request"]
        case .accessFulfil(let r): ["access-requests", .id("accessRequestID", r)]
        case .preCheck: ["pre-check"]
        case .preCheckAnswers(let p): ["pre-checks", .id("preCheckID", p)]
        case .preCheckHandover(let p): ["pre-checks", .id("preCheckID", p), "handover"]
        case .helpPlan(let c): ["conferences", .id("conferenceID", c), "help-plan"]
        case .helpPlanReview(let p): ["help-plans", .id("helpPlanID", p), "review"]
        }
    }

    /// The address of one case's step, its part's id taken from the request that named it.
    func resolved(_ id: (String) throws -> UUID) rethrows -> CaseStepAddress {
        switch self {
        case .goalStatus: .goalStatus(.value(try id("goalID")))
        case .actionStatus: .actionStatus(.value(try id("actionID")))
        case .reviewRecord: .reviewRecord(.value(try id("reviewID")))
        case .referralUpdate: .referralUpdate(.value(try id("referralID")))
        case .conferenceMinutes: .conferenceMinutes(.value(try id("conferenceID")))
        case .accessFulfil: .accessFulfil(.value(try id("accessRequestID")))
        case .preCheckAnswers: .preCheckAnswers(.value(try id("preCheckID")))
        case .preCheckHandover: .preCheckHandover(.value(try id("preCheckID")))
        case .helpPlan: .helpPlan(.value(try id("conferenceID")))
        case .helpPlanReview: .helpPlanReview(.value(try id("helpPlanID")))
        // Listed, not `default`: a new step with a part in its address must say how it resolves.
        case .consent, .disclosure, .clientEdit, .legalDomain, .household, .intake, .phase, .assessment, .goal, .action, .review, .contact,
             .conference, .districtConference, .close, .reopen, .finding, .erasure, .restriction, .restrictionLift, .accessRequest, .preCheck: self
        }
    }

}

extension Request {
    /// 303 See Other to a Lotse page.
    func seeOther(_ url: SiteURL, notice: Notice? = nil) -> Response { seeOther(url.path, notice: notice) }
}

extension RoutesBuilder {
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.GET, url.pattern, use: closure)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ url: SiteURL, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, url.pattern, use: closure)
    }
}
