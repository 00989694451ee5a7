import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The access matrix of DESIGN.md §4.1 as a table: for every route, which roles may use it, and
/// what the relationship between the person and the object decides. The test walks
/// `app.routes.all` and fails for a route without a row, so no route can slip in unprotected.
enum AccessMatrix {
    enum Kind {
        /// Open without sign-in (probes, sign-in, API token, OpenAPI).
        case open
        /// A step of the sign-in: only for a session at that step.
        case signInStep
        /// A page behind a completed sign-in.
        case page
        /// The JSON API behind a bearer token.
        case api
    }

    /// Which fixture object fills the route's parameter.
    enum Object {
        case region, municipality, user, ownSession, provider, service, officeHours
        /// A case in municipality 1 (own), 2 (foreign municipality) or district B; its parts
        /// (consents, goals, actions, reviews, referrals, conferences) fill the further parameters.
        case caseFile, briefContact
        /// A structural finding of such a case, and a topic of that case's district holding it.
        case finding, topic
        /// A body of that district, a meeting of it and a decision taken there.
        case body, meeting, decision
        /// An agenda item of that meeting, made fresh for each request (removing one must not empty the next).
        case agendaItem
        /// A "do you see the same?" request to that case's municipality.
        case evidenceRequest
        /// A position, an agreement, a milestone and an annual report of that district; an annual
        /// goal made fresh for each request (deleting one must not empty the next request).
        case position, agreement, milestone, goal, report
        /// A role request for a user of that district, asked by a third person, made fresh for
        /// each request (deciding one settles it).
        case grantRequest
        /// A closed first contact of that municipality, and a legal hold on it made fresh for each
        /// request (lifting one removes it).
        case closedCase, retentionHold
        /// A pending erasure request for a closed case of its own, made fresh for each request
        /// (approving one erases that case).
        case erasureRequest
        /// An immigration office of that municipality (its staff: the own case's office user only)
        /// and a checklist of it.
        case office, checklist
        /// A pre-check of that case handed over to that office (its staff: the own case's office user only).
        case handover
        /// A naturalisation campaign of that district and one of its events.
        case campaign, campaignEvent
    }

    enum Relationship: String, CaseIterable {
        /// The object belongs to the person's own scope (own district; own municipality where it matters).
        case own
        /// The object is in the same district, in another municipality.
        case foreignMunicipality
        /// The object belongs to another district.
        case foreignDistrict
        /// Nobody is signed in.
        case anonymous
        /// Password given, second factor still missing.
        case signInPending
        // The sixth relationship, "foreign id in the body" (an own object in the path, another
        // scope's id in a field), needs a valid body per route: `ForeignBodyIDTests`.
    }

    enum Outcome: Equatable {
        case allowed, forbidden, notFound, signIn
    }

    struct Row {
        let kind: Kind
        let roles: Set<Role>
        var object: Object? = nil
        /// Form fields or JSON sent with a state-changing request: harmless, so every row can run.
        var form: [(String, String)] = []
        /// Valid by the API contract (which refuses unknown fields and wrong types before any
        /// check of rights), but refused or harmless once the handler runs.
        var json: [String: any Sendable] = [:]
        /// A CSV upload instead of JSON.
        var csv: String? = nil
        /// The step a session with only the password done is at: open to it.
        var isPendingStep = false
        /// Roles that act here only for their own municipalities: another municipality's
        /// object is invisible to them.
        var localRoles: Set<Role> = []
    }

    static let everyone = Set(Role.allCases)
    static let admins: Set<Role> = [.admin]
    static let dataProtection: Set<Role> = [.dataProtection]
    static let grantDeciders: Set<Role> = [.admin, .dataProtection]
    static let directoryEditors: Set<Role> = [.coordinator, .caseManager]
    static let local: Set<Role> = [.caseManager]
    static let coverageReaders: Set<Role> = [.coordinator, .caseManager, .steeringMember]
    static let caseManagers: Set<Role> = [.caseManager]
    static let requirementReaders: Set<Role> = [.caseManager, .coordinator, .immigrationOffice]
    static let officeStaff: Set<Role> = [.immigrationOffice]
    static let campaignReaders: Set<Role> = [.coordinator, .caseManager, .immigrationOffice, .steeringMember]
    static let campaignKeepers: Set<Role> = [.coordinator, .immigrationOffice]
    /// The officer, or the second person the district names for erasures.
    static let erasureDeciders: Set<Role> = [.dataProtection, .erasureApprover]
    static let caseReaders: Set<Role> = [.caseManager, .coordinator]
    static let coordination: Set<Role> = [.coordinator]
    static let steering: Set<Role> = [.coordinator, .steeringMember]

    /// Every step of a case that is a form: the page and its post, in the browser and the API.
    static let caseSteps = ["consent", "disclosure", "client/edit", "legal-domain", "household", "intake", "phase", "assessment", "goal",
                            "goals/:goalID", "action", "actions/:actionID", "review", "reviews/:reviewID", "contact", "referrals/:referralID",
                            "conference", "conferences/:conferenceID", "close", "reopen", "finding", "erasure",
                            "restriction", "restriction/lift", "access-request", "access-requests/:accessRequestID", "pre-check", "pre-checks/:preCheckID",
                            "pre-checks/:preCheckID/handover", "conferences/:conferenceID/help-plan", "help-plans/:helpPlanID/review"]

    static var caseRows: [String: Row] {
        var rows: [String: Row] = [
            "GET /cases": Row(kind: .page, roles: caseReaders),
            "POST /cases/search": Row(kind: .page, roles: caseManagers, form: [("name", "")]),
            "GET /cases/due": Row(kind: .page, roles: caseManagers),
            "GET /cases/new": Row(kind: .page, roles: caseManagers),
            "POST /cases/new": Row(kind: .page, roles: caseManagers, form: [("openedOn", "")]),
            "GET /cases/:caseID": Row(kind: .page, roles: caseReaders, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/client": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/access-export": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/access-export.json": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /api/v1/cases/:caseID/access-export": Row(kind: .api, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /cases/:caseID/client": Row(kind: .page, roles: caseManagers, object: .caseFile, form: [("familyName", "")], localRoles: local),
            "POST /cases/:caseID/client/link": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/consents/:consentID/withdraw": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /cases/:caseID/consents/:consentID/withdraw": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/consent-form/:language": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/consents/:consentID/form/:language": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "GET /cases/:caseID/referral": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /cases/:caseID/waiver": Row(kind: .page, roles: caseManagers, object: .caseFile, form: [("schritt", "zurueck")], localRoles: local),
            "GET /cases/:caseID/disclosure-form/:language": Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /cases/:caseID/referral": Row(kind: .page, roles: caseManagers, object: .caseFile, form: [("reason", "")], localRoles: local),
            "GET /cases/:caseID/district-conference": Row(kind: .page, roles: [.coordinator], object: .caseFile),
            "POST /cases/:caseID/district-conference": Row(kind: .page, roles: [.coordinator], object: .caseFile, form: [("heldOn", "")]),
            "GET /brief-contacts": Row(kind: .page, roles: caseManagers),
            "GET /brief-contacts/new": Row(kind: .page, roles: caseManagers),
            "POST /brief-contacts/new": Row(kind: .page, roles: caseManagers, form: [("contactOn", "")]),
            "GET /brief-contacts/:briefContactID/case": Row(kind: .page, roles: caseManagers, object: .briefContact, localRoles: local),
            "POST /brief-contacts/:briefContactID/case": Row(kind: .page, roles: caseManagers, object: .briefContact, localRoles: local),
            "GET /api/v1/brief-contacts": Row(kind: .api, roles: caseManagers),
            "POST /api/v1/brief-contacts": Row(kind: .api, roles: caseManagers, json: ["contactOn": ""]),
            "POST /api/v1/brief-contacts/:briefContactID/case": Row(kind: .api, roles: caseManagers, object: .briefContact, localRoles: local),
            "GET /api/v1/cases": Row(kind: .api, roles: caseReaders),
            "POST /api/v1/cases": Row(kind: .api, roles: caseManagers, json: ["openedOn": ""]),
            "POST /api/v1/cases/search": Row(kind: .api, roles: caseManagers, json: ["name": "Zz"]),
            "GET /api/v1/cases/due": Row(kind: .api, roles: caseManagers),
            "GET /api/v1/cases/:caseID": Row(kind: .api, roles: caseReaders, object: .caseFile, localRoles: local),
            "POST /api/v1/cases/:caseID/client": Row(kind: .api, roles: caseManagers, object: .caseFile, json: ["familyName": ""], localRoles: local),
            "POST /api/v1/cases/:caseID/client/link": Row(kind: .api, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /api/v1/cases/:caseID/consents/:consentID/withdraw": Row(kind: .api, roles: caseManagers, object: .caseFile, localRoles: local),
            "POST /api/v1/cases/:caseID/referral": Row(kind: .api, roles: caseManagers, object: .caseFile, json: ["reason": ""], localRoles: local),
            "POST /api/v1/cases/:caseID/district-conference": Row(kind: .api, roles: [.coordinator], object: .caseFile, json: ["heldOn": ""]),
            "GET /findings": Row(kind: .page, roles: coordination),
            "POST /findings/:findingID/topic": Row(kind: .page, roles: coordination, object: .finding, form: [("topicId", "")]),
            "POST /findings": Row(kind: .page, roles: coordination, form: [("schritt", "zuordnen")]),
            "GET /topics": Row(kind: .page, roles: coordination),
            "GET /topics/new": Row(kind: .page, roles: coordination),
            "POST /topics/new": Row(kind: .page, roles: coordination, form: [("title", "")]),
            "GET /topics/:topicID": Row(kind: .page, roles: coordination, object: .topic),
            "GET /topics/:topicID/edit": Row(kind: .page, roles: coordination, object: .topic),
            "POST /topics/:topicID/edit": Row(kind: .page, roles: coordination, object: .topic, form: [("title", "")]),
            "GET /topics/:topicID/status": Row(kind: .page, roles: coordination, object: .topic),
            "POST /topics/:topicID/status": Row(kind: .page, roles: coordination, object: .topic, form: [("reason", "")]),
            "GET /topics/:topicID/merge": Row(kind: .page, roles: coordination, object: .topic),
            "POST /topics/:topicID/merge": Row(kind: .page, roles: coordination, object: .topic),
            "GET /api/v1/findings": Row(kind: .api, roles: coordination),
            "POST /api/v1/findings/:findingID/topic": Row(kind: .api, roles: coordination, object: .finding, json: ["topicId": ""]),
            "POST /api/v1/findings/topic": Row(kind: .api, roles: coordination, json: ["findingIds": [String]()]),
            "GET /api/v1/topics": Row(kind: .api, roles: coordination),
            "POST /api/v1/topics": Row(kind: .api, roles: coordination, json: ["title": ""]),
            "GET /api/v1/topics/:topicID": Row(kind: .api, roles: coordination, object: .topic),
            "PATCH /api/v1/topics/:topicID": Row(kind: .api, roles: coordination, object: .topic, json: ["title": ""]),
            "POST /api/v1/topics/:topicID/status": Row(kind: .api, roles: coordination, object: .topic, json: ["reason": ""]),
            "POST /api/v1/topics/:topicID/merge": Row(kind: .api, roles: coordination, object: .topic),
            "GET /topics/:topicID/request": Row(kind: .page, roles: coordination, object: .topic),
            "POST /topics/:topicID/request": Row(kind: .page, roles: coordination, object: .topic, form: [("question", "")]),
            "GET /topics/:topicID/forwarding": Row(kind: .page, roles: coordination, object: .topic),
            "POST /topics/:topicID/forwarding": Row(kind: .page, roles: coordination, object: .topic, form: [("recipient", "")]),
            "GET /topics/:topicID/letter": Row(kind: .page, roles: coordination, object: .topic),
            "POST /api/v1/topics/:topicID/request": Row(kind: .api, roles: coordination, object: .topic, json: ["question": ""]),
            "POST /api/v1/topics/:topicID/forwarding": Row(kind: .api, roles: coordination, object: .topic, json: ["recipient": ""]),
            "GET /requests": Row(kind: .page, roles: caseManagers),
            "GET /requests/:requestID": Row(kind: .page, roles: caseManagers, object: .evidenceRequest, localRoles: local),
            "POST /requests/:requestID": Row(kind: .page, roles: caseManagers, object: .evidenceRequest, form: [("cases", "")], localRoles: local),
            "GET /api/v1/requests": Row(kind: .api, roles: caseManagers),
            "POST /api/v1/requests/:requestID": Row(kind: .api, roles: caseManagers, object: .evidenceRequest, json: ["comment": ""], localRoles: local),
            "GET /steering": Row(kind: .page, roles: steering),
            "GET /decisions": Row(kind: .page, roles: steering),
            "GET /decisions/:decisionID": Row(kind: .page, roles: coordination, object: .decision),
            "POST /decisions/:decisionID": Row(kind: .page, roles: coordination, object: .decision, form: [("status", "")]),
            "GET /bodies": Row(kind: .page, roles: steering),
            "GET /bodies/new": Row(kind: .page, roles: coordination),
            "POST /bodies/new": Row(kind: .page, roles: coordination, form: [("name", "")]),
            "GET /bodies/:bodyID": Row(kind: .page, roles: steering, object: .body),
            "GET /bodies/:bodyID/members": Row(kind: .page, roles: coordination, object: .body),
            "POST /bodies/:bodyID/members": Row(kind: .page, roles: coordination, object: .body, form: [("name", "")]),
            "GET /bodies/:bodyID/meetings": Row(kind: .page, roles: coordination, object: .body),
            "POST /bodies/:bodyID/meetings": Row(kind: .page, roles: coordination, object: .body, form: [("place", "")]),
            "GET /meetings/:meetingID": Row(kind: .page, roles: steering, object: .meeting),
            "GET /meetings/:meetingID/invitation": Row(kind: .page, roles: steering, object: .meeting),
            "GET /meetings/:meetingID/agenda": Row(kind: .page, roles: coordination, object: .meeting),
            "POST /meetings/:meetingID/agenda": Row(kind: .page, roles: coordination, object: .meeting, form: [("title", "")]),
            "GET /agenda-items/:agendaItemID": Row(kind: .page, roles: coordination, object: .agendaItem),
            "POST /agenda-items/:agendaItemID": Row(kind: .page, roles: coordination, object: .agendaItem, form: [("title", "")]),
            "POST /agenda-items/:agendaItemID/move": Row(kind: .page, roles: coordination, object: .agendaItem, form: [("richtung", "hoch")]),
            "POST /agenda-items/:agendaItemID/remove": Row(kind: .page, roles: coordination, object: .agendaItem),
            "PATCH /api/v1/agenda-items/:agendaItemID": Row(kind: .api, roles: coordination, object: .agendaItem, json: ["title": ""]),
            "DELETE /api/v1/agenda-items/:agendaItemID": Row(kind: .api, roles: coordination, object: .agendaItem),
            "POST /api/v1/agenda-items/:agendaItemID/move": Row(kind: .api, roles: coordination, object: .agendaItem, json: ["direction": "up"]),
            "GET /meetings/:meetingID/minutes": Row(kind: .page, roles: coordination, object: .meeting),
            "POST /meetings/:meetingID/minutes": Row(kind: .page, roles: coordination, object: .meeting, form: [("minutes", "")]),
            "GET /meetings/:meetingID/decisions": Row(kind: .page, roles: coordination, object: .meeting),
            "POST /meetings/:meetingID/decisions": Row(kind: .page, roles: coordination, object: .meeting, form: [("text", "")]),
            "GET /api/v1/steering": Row(kind: .api, roles: steering),
            "GET /api/v1/bodies": Row(kind: .api, roles: steering),
            "POST /api/v1/bodies": Row(kind: .api, roles: coordination, json: ["name": ""]),
            "GET /api/v1/bodies/:bodyID": Row(kind: .api, roles: steering, object: .body),
            "POST /api/v1/bodies/:bodyID/members": Row(kind: .api, roles: coordination, object: .body, json: ["name": ""]),
            "POST /api/v1/bodies/:bodyID/meetings": Row(kind: .api, roles: coordination, object: .body, json: ["place": ""]),
            "GET /api/v1/meetings/:meetingID": Row(kind: .api, roles: steering, object: .meeting),
            "POST /api/v1/meetings/:meetingID/agenda": Row(kind: .api, roles: coordination, object: .meeting, json: ["title": ""]),
            "POST /api/v1/meetings/:meetingID/minutes": Row(kind: .api, roles: coordination, object: .meeting, json: ["minutes": ""]),
            "POST /api/v1/meetings/:meetingID/decisions": Row(kind: .api, roles: coordination, object: .meeting, json: ["text": ""]),
            "GET /api/v1/decisions": Row(kind: .api, roles: steering),
            "POST /api/v1/decisions/:decisionID": Row(kind: .api, roles: coordination, object: .decision),
        ]
        for step in caseSteps {
            rows["GET /cases/:caseID/\(step)"] = Row(kind: .page, roles: caseManagers, object: .caseFile, localRoles: local)
            rows["POST /cases/:caseID/\(step)"] = Row(kind: .page, roles: caseManagers, object: .caseFile, form: [("unused", "")], localRoles: local)
            rows["POST /api/v1/cases/:caseID/\(step)"] = Row(kind: .api, roles: caseManagers, object: .caseFile,
                                                              json: step == "client/edit" ? ["familyName": ""] : [:], localRoles: local)
        }
        return rows
    }

    /// Running the programme: the steering group reads, the coordination keeps.
    static var programmeRows: [String: Row] {
        let readers = steering
        let keepers = coordination
        return [
            "GET /programme": Row(kind: .page, roles: readers),
            "GET /programme/positions": Row(kind: .page, roles: keepers),
            "GET /programme/report-texts": Row(kind: .page, roles: keepers),
            "GET /import": Row(kind: .page, roles: keepers.union(caseManagers)),
            "POST /import/:kind": Row(kind: .page, roles: keepers, form: [("file-positions", "Stelle")]),
            "POST /api/v1/import/:kind": Row(kind: .api, roles: keepers, csv: "Stelle\n"),
            "POST /programme/report-texts": Row(kind: .page, roles: keepers, form: [("signaturePlace", String(repeating: "x", count: 121))]),
            "GET /api/v1/programme/report-texts": Row(kind: .api, roles: keepers),
            "PATCH /api/v1/programme/report-texts": Row(kind: .api, roles: keepers, json: ["signaturePlace": String(repeating: "x", count: 121)]),
            "GET /programme/positions/new": Row(kind: .page, roles: keepers),
            "POST /programme/positions/new": Row(kind: .page, roles: keepers, form: [("title", "")]),
            "GET /programme/positions/:positionID": Row(kind: .page, roles: keepers, object: .position),
            "GET /programme/positions/:positionID/edit": Row(kind: .page, roles: keepers, object: .position),
            "POST /programme/positions/:positionID/edit": Row(kind: .page, roles: keepers, object: .position, form: [("title", "")]),
            "GET /programme/positions/:positionID/change": Row(kind: .page, roles: keepers, object: .position),
            "POST /programme/positions/:positionID/change": Row(kind: .page, roles: keepers, object: .position, form: [("status", "")]),
            "GET /programme/agreements/new": Row(kind: .page, roles: keepers),
            "POST /programme/agreements/new": Row(kind: .page, roles: keepers, form: [("note", "")]),
            "GET /programme/agreements/:agreementID": Row(kind: .page, roles: keepers, object: .agreement),
            "POST /programme/agreements/:agreementID": Row(kind: .page, roles: keepers, object: .agreement, form: [("note", "")]),
            "GET /programme/milestones": Row(kind: .page, roles: readers),
            "POST /programme/milestones": Row(kind: .page, roles: keepers),
            "GET /programme/milestones/new": Row(kind: .page, roles: keepers),
            "POST /programme/milestones/new": Row(kind: .page, roles: keepers, form: [("title", "")]),
            "GET /programme/milestones/:milestoneID": Row(kind: .page, roles: keepers, object: .milestone),
            "POST /programme/milestones/:milestoneID": Row(kind: .page, roles: keepers, object: .milestone, form: [("title", "")]),
            "GET /programme/goals": Row(kind: .page, roles: readers),
            "GET /programme/goals/new": Row(kind: .page, roles: keepers),
            "POST /programme/goals/new": Row(kind: .page, roles: keepers, form: [("title", "")]),
            "GET /programme/goals/:goalID": Row(kind: .page, roles: keepers, object: .goal),
            "POST /programme/goals/:goalID": Row(kind: .page, roles: keepers, object: .goal, form: [("title", "")]),
            "POST /programme/goals/:goalID/delete": Row(kind: .page, roles: keepers, object: .goal),
            "GET /programme/reports": Row(kind: .page, roles: readers),
            "POST /programme/reports": Row(kind: .page, roles: keepers, form: [("period", "")]),
            "GET /programme/reports/:reportID": Row(kind: .page, roles: readers, object: .report),
            "GET /programme/reports/:reportID/edit": Row(kind: .page, roles: keepers, object: .report),
            "POST /programme/reports/:reportID/edit": Row(kind: .page, roles: keepers, object: .report, form: [("title", "")]),
            "GET /programme/reports/:reportID/regenerate": Row(kind: .page, roles: keepers, object: .report),
            "POST /programme/reports/:reportID/regenerate": Row(kind: .page, roles: keepers, object: .report),
            "GET /programme/reports/:reportID/publish": Row(kind: .page, roles: keepers, object: .report),
            "POST /programme/reports/:reportID/publish": Row(kind: .page, roles: keepers, object: .report),
            "GET /programme/reports/:reportID/versions/:versionID": Row(kind: .page, roles: keepers, object: .report),
            "POST /programme/reports/:reportID/versions/:versionID/restore": Row(kind: .page, roles: keepers, object: .report),
            "GET /programme/reports/:reportID/export/:format": Row(kind: .page, roles: readers, object: .report),
            "GET /programme/controlling": Row(kind: .page, roles: keepers),
            "GET /programme/controlling/export/:format": Row(kind: .page, roles: keepers),
            "GET /api/v1/programme": Row(kind: .api, roles: readers),
            "GET /api/v1/programme/positions": Row(kind: .api, roles: keepers),
            "POST /api/v1/programme/positions": Row(kind: .api, roles: keepers, json: ["title": ""]),
            "GET /api/v1/programme/positions/:positionID": Row(kind: .api, roles: keepers, object: .position),
            "PATCH /api/v1/programme/positions/:positionID": Row(kind: .api, roles: keepers, object: .position, json: ["title": ""]),
            "POST /api/v1/programme/positions/:positionID/changes": Row(kind: .api, roles: keepers, object: .position, json: ["note": ""]),
            "GET /api/v1/programme/agreements": Row(kind: .api, roles: readers),
            "POST /api/v1/programme/agreements": Row(kind: .api, roles: keepers, json: ["note": ""]),
            "PATCH /api/v1/programme/agreements/:agreementID": Row(kind: .api, roles: keepers, object: .agreement, json: ["note": ""]),
            "GET /api/v1/programme/milestones": Row(kind: .api, roles: readers),
            "POST /api/v1/programme/milestones": Row(kind: .api, roles: keepers, json: ["title": ""]),
            "PATCH /api/v1/programme/milestones/:milestoneID": Row(kind: .api, roles: keepers, object: .milestone, json: ["title": ""]),
            "PUT /api/v1/programme/milestones/plan": Row(kind: .api, roles: keepers, json: ["cells": [String]()]),
            "GET /api/v1/programme/goals": Row(kind: .api, roles: readers),
            "POST /api/v1/programme/goals": Row(kind: .api, roles: keepers, json: ["title": ""]),
            "PATCH /api/v1/programme/goals/:goalID": Row(kind: .api, roles: keepers, object: .goal, json: ["title": ""]),
            "DELETE /api/v1/programme/goals/:goalID": Row(kind: .api, roles: keepers, object: .goal),
            "GET /api/v1/programme/reports": Row(kind: .api, roles: readers),
            "POST /api/v1/programme/reports": Row(kind: .api, roles: keepers, json: ["period": ""]),
            "GET /api/v1/programme/reports/:reportID": Row(kind: .api, roles: readers, object: .report),
            "PATCH /api/v1/programme/reports/:reportID": Row(kind: .api, roles: keepers, object: .report, json: ["title": ""]),
            "POST /api/v1/programme/reports/:reportID/publish": Row(kind: .api, roles: keepers, object: .report),
            "GET /api/v1/programme/reports/:reportID/versions": Row(kind: .api, roles: keepers, object: .report),
            "GET /api/v1/programme/reports/:reportID/versions/:versionID": Row(kind: .api, roles: keepers, object: .report),
            "POST /api/v1/programme/reports/:reportID/versions/:versionID/restore": Row(kind: .api, roles: keepers, object: .report),
            "GET /api/v1/programme/reports/:reportID/export/:format": Row(kind: .api, roles: readers, object: .report),
            "GET /api/v1/programme/controlling": Row(kind: .api, roles: keepers),
        ]
    }

    static let rows: [String: Row] = baseRows.merging(caseRows) { first, _ in first }.merging(programmeRows) { first, _ in first }

    static let baseRows: [String: Row] = [
        "GET /healthz": Row(kind: .open, roles: everyone),
        "GET /readyz": Row(kind: .open, roles: everyone),
        // Not by role but by address or token (MetricsTests): "not found" to everyone here.
        "GET /metrics": Row(kind: .open, roles: everyone),
        "GET /": Row(kind: .open, roles: everyone),
        "GET /sign-in": Row(kind: .open, roles: everyone),
        "POST /sign-in": Row(kind: .open, roles: everyone),
        "POST /sign-out": Row(kind: .open, roles: everyone),
        "GET /sign-in/new-password": Row(kind: .signInStep, roles: []),
        "POST /sign-in/new-password": Row(kind: .signInStep, roles: []),
        "GET /sign-in/authenticator": Row(kind: .signInStep, roles: []),
        "POST /sign-in/authenticator": Row(kind: .signInStep, roles: []),
        "GET /sign-in/code": Row(kind: .signInStep, roles: [], isPendingStep: true),
        "POST /sign-in/code": Row(kind: .signInStep, roles: [], isPendingStep: true),
        "GET /start": Row(kind: .page, roles: everyone),
        "GET /account": Row(kind: .page, roles: everyone),
        "POST /account/sessions/:sessionID/end": Row(kind: .page, roles: everyone, object: .ownSession),
        "POST /account/sessions/end-others": Row(kind: .page, roles: everyone),
        "GET /account/password": Row(kind: .page, roles: everyone),
        "POST /account/password": Row(kind: .page, roles: everyone, form: [("currentPassword", "falsch")]),
        "GET /admin/organisation": Row(kind: .page, roles: admins),
        "GET /admin/settings": Row(kind: .page, roles: admins),
        "POST /admin/settings": Row(kind: .page, roles: admins, form: [("disclosureThreshold", "")]),
        "GET /api/v1/district/settings": Row(kind: .api, roles: admins),
        "PATCH /api/v1/district/settings": Row(kind: .api, roles: admins, json: ["disclosureThreshold": 0]),
        "GET /admin/words": Row(kind: .page, roles: admins),
        "POST /admin/words": Row(kind: .page, roles: admins, form: [("blockWord", "x")]),
        "GET /api/v1/district/words": Row(kind: .api, roles: admins),
        "PATCH /api/v1/district/words": Row(kind: .api, roles: admins, json: ["blockWord": "x"]),
        "POST /admin/district": Row(kind: .page, roles: admins, form: [("name", "")]),
        "GET /admin/regions/new": Row(kind: .page, roles: admins),
        "POST /admin/regions": Row(kind: .page, roles: admins, form: [("name", "")]),
        "GET /admin/regions/:regionID": Row(kind: .page, roles: admins, object: .region),
        "POST /admin/regions/:regionID": Row(kind: .page, roles: admins, object: .region, form: [("name", "")]),
        "GET /admin/municipalities/new": Row(kind: .page, roles: admins),
        "POST /admin/municipalities": Row(kind: .page, roles: admins, form: [("name", "")]),
        "GET /admin/municipalities/:municipalityID": Row(kind: .page, roles: admins, object: .municipality),
        "POST /admin/municipalities/:municipalityID": Row(kind: .page, roles: admins, object: .municipality, form: [("name", "")]),
        "GET /admin/users": Row(kind: .page, roles: admins),
        "GET /admin/users/new": Row(kind: .page, roles: admins),
        "POST /admin/users": Row(kind: .page, roles: admins, form: [("displayName", "")]),
        "GET /admin/users/:userID": Row(kind: .page, roles: admins, object: .user),
        "POST /admin/users/:userID": Row(kind: .page, roles: admins, object: .user, form: [("displayName", "")]),
        "GET /admin/users/:userID/deactivate": Row(kind: .page, roles: admins, object: .user),
        "POST /admin/users/:userID/deactivate": Row(kind: .page, roles: admins, object: .user),
        "POST /admin/users/:userID/activate": Row(kind: .page, roles: admins, object: .user),
        "GET /admin/users/:userID/reset": Row(kind: .page, roles: admins, object: .user),
        "POST /admin/users/:userID/reset": Row(kind: .page, roles: admins, object: .user),
        "GET /audit": Row(kind: .page, roles: dataProtection),
        "GET /audit/export.csv": Row(kind: .page, roles: dataProtection),
        "GET /data-protection/retention": Row(kind: .page, roles: dataProtection),
        "GET /data-protection/retention/hold/:caseID": Row(kind: .page, roles: dataProtection, object: .closedCase),
        "POST /data-protection/retention/hold/:caseID": Row(kind: .page, roles: dataProtection, object: .closedCase, form: [("reason", "")]),
        "POST /data-protection/retention/holds/:holdID/lift": Row(kind: .page, roles: dataProtection, object: .retentionHold),
        "GET /data-protection/erasure": Row(kind: .page, roles: erasureDeciders),
        "GET /data-protection/requests": Row(kind: .page, roles: dataProtection),
        "GET /offices": Row(kind: .page, roles: requirementReaders.union(admins)),
        "GET /offices/new": Row(kind: .page, roles: admins),
        "POST /offices": Row(kind: .page, roles: admins, form: [("name", "")]),
        "GET /offices/:officeID/edit": Row(kind: .page, roles: admins, object: .office),
        "POST /offices/:officeID/edit": Row(kind: .page, roles: admins, object: .office, form: [("name", "")]),
        "GET /offices/:officeID/checklists/new": Row(kind: .page, roles: officeStaff, object: .office, localRoles: officeStaff),
        "POST /offices/:officeID/checklists/new": Row(kind: .page, roles: officeStaff, object: .office, form: [("title", "")], localRoles: officeStaff),
        "GET /checklists/:checklistID": Row(kind: .page, roles: requirementReaders, object: .checklist),
        "GET /offices/:officeID/backlog": Row(kind: .page, roles: officeStaff, object: .office, localRoles: officeStaff),
        "POST /offices/:officeID/backlog": Row(kind: .page, roles: officeStaff, object: .office, form: [("month", "")], localRoles: officeStaff),
        "POST /offices/:officeID/backlog/import": Row(kind: .page, roles: officeStaff, object: .office, localRoles: officeStaff),
        "GET /offices/:officeID/backlog/export": Row(kind: .page, roles: officeStaff, object: .office, localRoles: officeStaff),
        "GET /campaigns": Row(kind: .page, roles: campaignReaders),
        "GET /campaigns/new": Row(kind: .page, roles: campaignKeepers),
        "POST /campaigns": Row(kind: .page, roles: campaignKeepers, form: [("title", "")]),
        "GET /campaigns/:campaignID": Row(kind: .page, roles: campaignReaders, object: .campaign),
        "GET /campaigns/:campaignID/edit": Row(kind: .page, roles: campaignKeepers, object: .campaign),
        "POST /campaigns/:campaignID/edit": Row(kind: .page, roles: campaignKeepers, object: .campaign, form: [("title", "")]),
        "GET /campaigns/:campaignID/events/new": Row(kind: .page, roles: campaignKeepers, object: .campaign),
        "POST /campaigns/:campaignID/events/new": Row(kind: .page, roles: campaignKeepers, object: .campaign, form: [("place", "")]),
        "GET /campaign-events/:eventID": Row(kind: .page, roles: campaignKeepers, object: .campaignEvent),
        "POST /campaign-events/:eventID": Row(kind: .page, roles: campaignKeepers, object: .campaignEvent, form: [("place", "")]),
        "GET /campaigns/:campaignID/materials/new": Row(kind: .page, roles: campaignKeepers, object: .campaign),
        "POST /campaigns/:campaignID/materials/new": Row(kind: .page, roles: campaignKeepers, object: .campaign, form: [("title", "")]),
        "GET /my-meetings": Row(kind: .page, roles: officeStaff),
        "GET /my-meetings/:meetingID": Row(kind: .page, roles: officeStaff, object: .meeting, localRoles: officeStaff),
        "GET /office/handovers": Row(kind: .page, roles: officeStaff),
        "GET /office/handovers/:handoverID": Row(kind: .page, roles: officeStaff, object: .handover, localRoles: officeStaff),
        "POST /office/handovers/:handoverID/feedback": Row(kind: .page, roles: officeStaff, object: .handover, form: [("note", "")], localRoles: officeStaff),
        "GET /checklists/:checklistID/version": Row(kind: .page, roles: officeStaff, object: .checklist, localRoles: officeStaff),
        "POST /checklists/:checklistID/version": Row(kind: .page, roles: officeStaff, object: .checklist, form: [("title", "")], localRoles: officeStaff),
        "GET /data-protection/record": Row(kind: .page, roles: dataProtection),
        "GET /data-protection/record.json": Row(kind: .page, roles: dataProtection),
        "GET /data-protection/erasure/:requestID/approve": Row(kind: .page, roles: erasureDeciders, object: .erasureRequest),
        "POST /data-protection/erasure/:requestID/approve": Row(kind: .page, roles: erasureDeciders, object: .erasureRequest),
        "GET /data-protection/erasure/:requestID/reject": Row(kind: .page, roles: erasureDeciders, object: .erasureRequest),
        "POST /data-protection/erasure/:requestID/reject": Row(kind: .page, roles: erasureDeciders, object: .erasureRequest, form: [("reason", "")]),
        "GET /api/v1/openapi.json": Row(kind: .open, roles: everyone),
        "GET /api/v1/openapi.yaml": Row(kind: .open, roles: everyone),
        "POST /api/v1/auth/token": Row(kind: .open, roles: everyone, json: ["username": "", "password": "", "totpCode": ""]),
        "DELETE /api/v1/auth/token": Row(kind: .api, roles: everyone),
        "GET /api/v1/me": Row(kind: .api, roles: everyone),
        "GET /api/v1/me/sessions": Row(kind: .api, roles: everyone),
        "DELETE /api/v1/me/sessions/:sessionID": Row(kind: .api, roles: everyone, object: .ownSession),
        "GET /api/v1/district": Row(kind: .api, roles: admins),
        "PATCH /api/v1/district": Row(kind: .api, roles: admins, json: ["name": ""]),
        "GET /api/v1/regions": Row(kind: .api, roles: admins),
        "POST /api/v1/regions": Row(kind: .api, roles: admins, json: ["name": ""]),
        "GET /api/v1/regions/:regionID": Row(kind: .api, roles: admins, object: .region),
        "PATCH /api/v1/regions/:regionID": Row(kind: .api, roles: admins, object: .region, json: ["name": ""]),
        "GET /api/v1/municipalities": Row(kind: .api, roles: admins),
        "POST /api/v1/municipalities": Row(kind: .api, roles: admins, json: ["name": ""]),
        "GET /api/v1/municipalities/:municipalityID": Row(kind: .api, roles: admins, object: .municipality),
        "PATCH /api/v1/municipalities/:municipalityID": Row(kind: .api, roles: admins, object: .municipality, json: ["name": ""]),
        "GET /api/v1/users": Row(kind: .api, roles: admins),
        "POST /api/v1/users": Row(kind: .api, roles: admins, json: ["username": "", "displayName": "", "roles": [String]()]),
        "GET /admin/grant-requests": Row(kind: .page, roles: grantDeciders),
        "POST /admin/grant-requests/:grantRequestID/approve": Row(kind: .page, roles: grantDeciders, object: .grantRequest),
        "POST /admin/grant-requests/:grantRequestID/reject": Row(kind: .page, roles: grantDeciders, object: .grantRequest),
        "GET /api/v1/grant-requests": Row(kind: .api, roles: grantDeciders),
        "POST /api/v1/grant-requests/:grantRequestID/approve": Row(kind: .api, roles: grantDeciders, object: .grantRequest),
        "POST /api/v1/grant-requests/:grantRequestID/reject": Row(kind: .api, roles: grantDeciders, object: .grantRequest),
        "GET /api/v1/users/:userID": Row(kind: .api, roles: admins, object: .user),
        "PATCH /api/v1/users/:userID": Row(kind: .api, roles: admins, object: .user, json: ["displayName": ""]),
        "POST /api/v1/users/:userID/reset-access": Row(kind: .api, roles: admins, object: .user),
        "GET /directory": Row(kind: .page, roles: everyone),
        "GET /directory/services/new": Row(kind: .page, roles: directoryEditors),
        "POST /directory/services": Row(kind: .page, roles: directoryEditors, form: [("name", "")]),
        "GET /directory/services/:serviceID": Row(kind: .page, roles: everyone, object: .service),
        "GET /directory/services/:serviceID/edit": Row(kind: .page, roles: directoryEditors, object: .service, localRoles: local),
        "POST /directory/services/:serviceID": Row(kind: .page, roles: directoryEditors, object: .service, form: [("name", "")], localRoles: local),
        "POST /directory/services/:serviceID/checked": Row(kind: .page, roles: directoryEditors, object: .service, localRoles: local),
        "GET /directory/providers": Row(kind: .page, roles: everyone),
        "GET /directory/providers/new": Row(kind: .page, roles: directoryEditors),
        "POST /directory/providers": Row(kind: .page, roles: directoryEditors, form: [("name", "")]),
        "GET /directory/providers/:providerID": Row(kind: .page, roles: everyone, object: .provider),
        "GET /directory/providers/:providerID/edit": Row(kind: .page, roles: directoryEditors, object: .provider, localRoles: local),
        "POST /directory/providers/:providerID": Row(kind: .page, roles: directoryEditors, object: .provider, form: [("name", "")], localRoles: local),
        "GET /api/v1/providers": Row(kind: .api, roles: everyone),
        "POST /api/v1/providers": Row(kind: .api, roles: directoryEditors, json: ["name": ""]),
        "GET /api/v1/providers/:providerID": Row(kind: .api, roles: everyone, object: .provider),
        "PATCH /api/v1/providers/:providerID": Row(kind: .api, roles: directoryEditors, object: .provider, json: ["name": ""], localRoles: local),
        "GET /api/v1/services": Row(kind: .api, roles: everyone),
        "POST /api/v1/services": Row(kind: .api, roles: directoryEditors, json: ["name": ""]),
        "GET /api/v1/services/:serviceID": Row(kind: .api, roles: everyone, object: .service),
        "PATCH /api/v1/services/:serviceID": Row(kind: .api, roles: directoryEditors, object: .service, json: ["name": ""], localRoles: local),
        "POST /api/v1/services/:serviceID/checked": Row(kind: .api, roles: directoryEditors, object: .service, localRoles: local),
        "GET /directory/export.csv": Row(kind: .page, roles: everyone),
        "GET /directory/import": Row(kind: .page, roles: [.coordinator]),
        "POST /directory/import": Row(kind: .page, roles: [.coordinator]),
        "GET /api/v1/directory/export.csv": Row(kind: .api, roles: everyone),
        "POST /api/v1/directory/import": Row(kind: .api, roles: [.coordinator], csv: "Name\n"),
        "GET /office-hours": Row(kind: .page, roles: everyone),
        "GET /office-hours/new": Row(kind: .page, roles: directoryEditors),
        "POST /office-hours": Row(kind: .page, roles: directoryEditors, form: [("place", "")]),
        "GET /office-hours/:officeHoursID/edit": Row(kind: .page, roles: directoryEditors, object: .officeHours, localRoles: local),
        "POST /office-hours/:officeHoursID": Row(kind: .page, roles: directoryEditors, object: .officeHours, form: [("place", "")], localRoles: local),
        "GET /api/v1/office-hours": Row(kind: .api, roles: everyone),
        "POST /api/v1/office-hours": Row(kind: .api, roles: directoryEditors, json: ["place": ""]),
        "PATCH /api/v1/office-hours/:officeHoursID": Row(kind: .api, roles: directoryEditors, object: .officeHours, json: ["place": ""], localRoles: local),
        "GET /public/:municipalityID": Row(kind: .open, roles: everyone, object: .municipality),
        "GET /public/:municipalityID/:language": Row(kind: .open, roles: everyone, object: .municipality),
        "GET /kommunen": Row(kind: .open, roles: everyone),
        "GET /kommunen/:place": Row(kind: .open, roles: everyone),
        "GET /kommunen/:place/:language": Row(kind: .open, roles: everyone),
        "GET /coverage": Row(kind: .page, roles: coverageReaders),
        "GET /coverage/export.csv": Row(kind: .page, roles: coverageReaders),
        "GET /coverage/:municipalityID": Row(kind: .page, roles: coverageReaders, object: .municipality),
        "GET /api/v1/coverage": Row(kind: .api, roles: coverageReaders),
        "GET /api/v1/audit": Row(kind: .api, roles: dataProtection),
        "GET /api/v1/audit/export.csv": Row(kind: .api, roles: dataProtection),
        "GET /api/v1/retention": Row(kind: .api, roles: dataProtection),
        "POST /api/v1/retention/holds": Row(kind: .api, roles: dataProtection, json: ["reason": ""]),
        "DELETE /api/v1/retention/holds/:holdID": Row(kind: .api, roles: dataProtection, object: .retentionHold),
        "GET /api/v1/erasure-requests": Row(kind: .api, roles: erasureDeciders),
        "GET /api/v1/access-requests": Row(kind: .api, roles: dataProtection),
        "GET /api/v1/offices": Row(kind: .api, roles: requirementReaders.union(admins)),
        "POST /api/v1/offices": Row(kind: .api, roles: admins, json: ["name": ""]),
        "PATCH /api/v1/offices/:officeID": Row(kind: .api, roles: admins, object: .office, json: ["name": ""]),
        "POST /api/v1/offices/:officeID/checklists": Row(kind: .api, roles: officeStaff, object: .office, json: ["title": ""], localRoles: officeStaff),
        "GET /api/v1/checklists": Row(kind: .api, roles: requirementReaders),
        "GET /api/v1/offices/:officeID/backlog": Row(kind: .api, roles: officeStaff, object: .office, localRoles: officeStaff),
        "POST /api/v1/offices/:officeID/backlog": Row(kind: .api, roles: officeStaff, object: .office, json: ["month": ""], localRoles: officeStaff),
        "POST /api/v1/offices/:officeID/backlog/import": Row(kind: .api, roles: officeStaff, object: .office, csv: "Monat\n", localRoles: officeStaff),
        "GET /api/v1/campaigns": Row(kind: .api, roles: campaignReaders),
        "POST /api/v1/campaigns": Row(kind: .api, roles: campaignKeepers, json: ["title": ""]),
        "GET /api/v1/campaigns/:campaignID": Row(kind: .api, roles: campaignReaders, object: .campaign),
        "PATCH /api/v1/campaigns/:campaignID": Row(kind: .api, roles: campaignKeepers, object: .campaign, json: ["title": ""]),
        "POST /api/v1/campaigns/:campaignID/events": Row(kind: .api, roles: campaignKeepers, object: .campaign, json: ["place": ""]),
        "PATCH /api/v1/campaign-events/:eventID": Row(kind: .api, roles: campaignKeepers, object: .campaignEvent, json: ["place": ""]),
        "POST /api/v1/campaigns/:campaignID/materials": Row(kind: .api, roles: campaignKeepers, object: .campaign, json: ["title": ""]),
        "GET /api/v1/my-meetings": Row(kind: .api, roles: officeStaff),
        "GET /api/v1/my-meetings/:meetingID": Row(kind: .api, roles: officeStaff, object: .meeting, localRoles: officeStaff),
        "GET /api/v1/office/handovers": Row(kind: .api, roles: officeStaff),
        "GET /api/v1/office/handovers/:handoverID": Row(kind: .api, roles: officeStaff, object: .handover, localRoles: officeStaff),
        "POST /api/v1/office/handovers/:handoverID/feedback": Row(kind: .api, roles: officeStaff, object: .handover, json: ["note": ""], localRoles: officeStaff),
        "GET /api/v1/checklists/:checklistID": Row(kind: .api, roles: requirementReaders, object: .checklist),
        "POST /api/v1/checklists/:checklistID/versions": Row(kind: .api, roles: officeStaff, object: .checklist, json: ["title": ""], localRoles: officeStaff),
        "GET /api/v1/data-protection/record": Row(kind: .api, roles: dataProtection),
        "POST /api/v1/erasure-requests/:requestID/approve": Row(kind: .api, roles: erasureDeciders, object: .erasureRequest),
        "POST /api/v1/erasure-requests/:requestID/reject": Row(kind: .api, roles: erasureDeciders, object: .erasureRequest, json: ["reason": ""]),
    ]

    /// The expected answer. Read it as the rules of DESIGN.md §4.1 for the routes that exist now.
    static func expected(_ row: Row, role: Role?, _ relationship: Relationship) -> Outcome {
        switch (row.kind, relationship) {
        case (.open, _): return .allowed
        case (.signInStep, .signInPending) where row.isPendingStep: return .allowed
        case (_, .anonymous), (_, .signInPending): return .signIn
        case (.signInStep, _): return .signIn  // a completed sign-in has no step left to take
        default: break
        }
        guard let role, row.roles.contains(role) else { return .forbidden }
        switch (row.object, relationship) {
        case (.ownSession, .own): return .allowed
        case (.ownSession, _): return .notFound  // someone else's session, even in the same district
        case (.some, .foreignDistrict): return .notFound
        case (.some, .foreignMunicipality) where row.localRoles.contains(role): return .notFound
        default: return .allowed
        }
    }

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    static func relationships(for row: Row) -> [Relationship] {
        row.object == nil ? [.own, .anonymous, .signInPending] : Relationship.allCases
    }
}
