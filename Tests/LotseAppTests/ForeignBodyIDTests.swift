import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The access matrix's "foreign id in the body" relationship (issue 13, part 4): every write
/// route that carries an id in its body, by API and browser, is sent once with a valid body of
/// own ids (which must succeed, so the body is known to be valid) and once per id field with
/// that one field pointing at an object outside the actor's scope (another district; for a
/// case manager also another municipality; for a case's parts another case), which must be
/// refused without the foreign object's name showing.
@Suite struct ForeignBodyIDTests {
    @Test func everyAPIWriteRouteWithAnIdInItsBodyHasAProbe() async throws {
        try await withLotse { context in
            let probed = Set(BodyIDProbe.api.map(\.key))
            let declared = BodyIDProbe.routesWithIDsInTheirBody(try await OpenAPITests.contract(context))
            #expect(declared.subtracting(probed).isEmpty, "ohne Probe: \(declared.subtracting(probed).sorted())")
            #expect(probed.subtracting(declared).isEmpty, "Probe ohne Id im Vertrag: \(probed.subtracting(declared).sorted())")
        }
    }

    @Test func everyBrowserFormWithAnIdHasAProbe() async throws {
        // Each API probe's route has its browser twin probed, where the browser has that form.
        let browserKeys = Set(BodyIDProbe.browser.map(\.key))
        try await withLotse { context in
            let routes = Set(context.app.routes.all.map(AccessMatrix.key))
            for key in BodyIDProbe.browserTwins.values.flatMap({ $0 }) {
                #expect(routes.contains(key), "\(key) ist keine Route")
                #expect(browserKeys.contains(key), "\(key) ohne Probe")
            }
        }
    }

    @Test(arguments: [Role.admin, .caseManager, .coordinator, .dataProtection])
    func aForeignIdInTheBodyIsRefusedByTheAPI(_ role: Role) async throws {
        try await withLotse { context in
            let world = try await ProbeWorld.make(context)
            let actor = context.fixture.users[role]!
            let token = try await context.api().token(for: actor)
            for probe in BodyIDProbe.api where probe.role == role {
                try await world.run(probe) { method, path, body in
                    try await context.api().request(method, path, token: token, json: body)
                }
            }
        }
    }

    @Test(arguments: [Role.admin, .caseManager, .coordinator])
    func aForeignIdInTheFormIsRefusedByTheBrowser(_ role: Role) async throws {
        try await withLotse { context in
            let world = try await ProbeWorld.make(context)
            let browser = context.browser()
            try await browser.signIn(context.fixture.users[role]!)
            for probe in BodyIDProbe.browser where probe.role == role {
                try await world.run(probe) { _, path, body in
                    try await browser.post(path, BodyIDProbe.formFields(body))
                }
            }
        }
    }
}

/// The kinds of object an id in a body can name.
enum BodyIDKind {
    case municipality, region, provider, service, caseGoal, client, topic, finding, coordinator, staff, body, member, milestone, closedCase
    /// A person of the office role (the staff of an immigration office).
    case officeStaff
    /// A checklist of requirements valid today.
    case checklist
}

/// Hands out own ids, except for the one field under test, which gets a foreign one.
final class BodyIDPick: @unchecked Sendable {
    let own: [BodyIDKind: String]
    let foreignField: String?
    let foreignValue: String
    private(set) var fields: [(String, BodyIDKind)] = []

    init(own: [BodyIDKind: String], foreignField: String? = nil, foreignValue: String = "") {
        (self.own, self.foreignField, self.foreignValue) = (own, foreignField, foreignValue)
    }

    func callAsFunction(_ field: String, _ kind: BodyIDKind) -> String {
        if !fields.contains(where: { $0.0 == field }) { fields.append((field, kind)) }
        return field == foreignField ? foreignValue : own[kind]!
    }
}

struct BodyIDProbe: Sendable {
    let key: String
    let role: Role
    /// Makes a fresh object for the path where the own run would change the shared one.
    var freshObject: (@Sendable (ProbeWorld) async throws -> UUID)? = nil
    /// A body field the browser form does not have: no browser twin for this probe.
    var apiOnly = false
    let body: @Sendable (BodyIDPick, String) -> [String: Any]

    var method: HTTPMethod { HTTPMethod(rawValue: String(key.split(separator: " ")[0])) }

    /// The browser routes that post the same ids as an API route.
    static let browserTwins: [String: [String]] = [
        "POST /api/v1/regions": ["POST /admin/regions"],
        "PATCH /api/v1/regions/:regionID": ["POST /admin/regions/:regionID"],
        "POST /api/v1/municipalities": ["POST /admin/municipalities"],
        "PATCH /api/v1/municipalities/:municipalityID": ["POST /admin/municipalities/:municipalityID"],
        "POST /api/v1/offices": ["POST /offices"],
        "PATCH /api/v1/offices/:officeID": ["POST /offices/:officeID/edit"],
        "POST /api/v1/users": ["POST /admin/users"],
        "PATCH /api/v1/users/:userID": ["POST /admin/users/:userID"],
        "POST /api/v1/providers": ["POST /directory/providers"],
        "PATCH /api/v1/providers/:providerID": ["POST /directory/providers/:providerID"],
        "POST /api/v1/services": ["POST /directory/services"],
        "PATCH /api/v1/services/:serviceID": ["POST /directory/services/:serviceID"],
        "POST /api/v1/office-hours": ["POST /office-hours"],
        "PATCH /api/v1/office-hours/:officeHoursID": ["POST /office-hours/:officeHoursID"],
        "POST /api/v1/cases/:caseID/disclosure": ["POST /cases/:caseID/disclosure", "POST /cases/:caseID/waiver"],
        "POST /api/v1/cases/:caseID/action": ["POST /cases/:caseID/action"],
        "POST /api/v1/cases/:caseID/conference": ["POST /cases/:caseID/conference"],
        "POST /api/v1/cases/:caseID/conferences/:conferenceID": ["POST /cases/:caseID/conferences/:conferenceID"],
        "POST /api/v1/cases/:caseID/conferences/:conferenceID/help-plan": ["POST /cases/:caseID/conferences/:conferenceID/help-plan"],
        "POST /api/v1/cases/:caseID/district-conference": ["POST /cases/:caseID/district-conference"],
        "POST /api/v1/brief-contacts": ["POST /brief-contacts/new"],
        "POST /api/v1/cases": ["POST /cases/new"],
        "POST /api/v1/cases/:caseID/client/link": ["POST /cases/:caseID/client/link"],
        "POST /api/v1/cases/:caseID/referral": ["POST /cases/:caseID/referral"],
        "POST /api/v1/cases/:caseID/pre-check": ["POST /cases/:caseID/pre-check"],
        "POST /api/v1/findings/:findingID/topic": ["POST /findings/:findingID/topic"],
        "POST /api/v1/findings/topic": ["POST /findings"],
        "POST /api/v1/topics": ["POST /topics/new"],
        "PATCH /api/v1/topics/:topicID": ["POST /topics/:topicID/edit"],
        "POST /api/v1/topics/:topicID/merge": ["POST /topics/:topicID/merge"],
        "POST /api/v1/bodies": ["POST /bodies/new"],
        "POST /api/v1/bodies/:bodyID/members": ["POST /bodies/:bodyID/members"],
        "POST /api/v1/meetings/:meetingID/agenda": ["POST /meetings/:meetingID/agenda"],
        "POST /api/v1/meetings/:meetingID/minutes": ["POST /meetings/:meetingID/minutes"],
        "POST /api/v1/meetings/:meetingID/decisions": ["POST /meetings/:meetingID/decisions"],
        "POST /api/v1/topics/:topicID/request": ["POST /topics/:topicID/request"],
        "POST /api/v1/requests/:requestID": ["POST /requests/:requestID"],
        "POST /api/v1/programme/positions": ["POST /programme/positions/new"],
        "PATCH /api/v1/programme/positions/:positionID": ["POST /programme/positions/:positionID/edit"],
        "POST /api/v1/programme/positions/:positionID/changes": ["POST /programme/positions/:positionID/change"],
        "POST /api/v1/programme/agreements": ["POST /programme/agreements/new"],
        "PATCH /api/v1/programme/agreements/:agreementID": ["POST /programme/agreements/:agreementID"],
        "PUT /api/v1/programme/milestones/plan": ["POST /programme/milestones"],
        "POST /api/v1/campaigns": ["POST /campaigns"],
        "PATCH /api/v1/campaigns/:campaignID": ["POST /campaigns/:campaignID/edit"],
        "POST /api/v1/campaigns/:campaignID/events": ["POST /campaigns/:campaignID/events/new"],
        "PATCH /api/v1/campaign-events/:eventID": ["POST /campaign-events/:eventID"],
        "POST /api/v1/campaigns/:campaignID/materials": ["POST /campaigns/:campaignID/materials/new"],
    ]

    static let api: [BodyIDProbe] = [
        // Organisation (administration)
        .init(key: "POST /api/v1/regions", role: .admin) { id, _ in
            ["name": "Sozialraum \(UUID().uuidString.prefix(6))", "kind": "socialDistrict", "parentMunicipalityId": id("parentMunicipalityId", .municipality)]
        },
        .init(key: "PATCH /api/v1/regions/:regionID", role: .admin, freshObject: { try await $0.freshRegion() }) { id, _ in
            ["name": "Sozialraum Mitte", "kind": "socialDistrict", "parentMunicipalityId": id("parentMunicipalityId", .municipality)]
        },
        .init(key: "POST /api/v1/municipalities", role: .admin) { id, _ in
            ["name": "Ort \(UUID().uuidString.prefix(6))", "regionId": id("regionId", .region)]
        },
        .init(key: "PATCH /api/v1/municipalities/:municipalityID", role: .admin) { id, _ in ["name": "Altdorf", "regionId": id("regionId", .region)] },
        .init(key: "POST /api/v1/offices", role: .admin) { id, _ in
            ["name": "Einbürgerung \(UUID().uuidString.prefix(6))", "kinds": ["naturalisation"], "municipalityIds": [id("municipalityIds", .municipality)],
             "memberIds": [id("memberIds", .officeStaff)], "providerId": id("providerId", .provider)]
        },
        .init(key: "PATCH /api/v1/offices/:officeID", role: .admin) { id, _ in
            ["name": "Behörde eins", "kinds": ["residence"], "municipalityIds": [id("municipalityIds", .municipality)], "memberIds": [id("memberIds", .officeStaff)],
             "providerId": id("providerId", .provider)]
        },
        .init(key: "POST /api/v1/users", role: .admin) { id, _ in
            ["username": "neu.\(UUID().uuidString.prefix(6).lowercased())", "displayName": "Neue Person",
             "roles": [["role": "caseManager", "municipalityIds": [id("municipalityIds", .municipality)]]]]
        },
        .init(key: "PATCH /api/v1/users/:userID", role: .admin) { id, _ in
            ["displayName": "Ziel Eins", "roles": [["role": "caseManager", "municipalityIds": [id("municipalityIds", .municipality)]]]]
        },
        // Directory and office hours (case manager of municipality 1)
        .init(key: "POST /api/v1/providers", role: .caseManager) { id, _ in
            ["name": "Träger neu", "kind": "counsellingService", "municipalityIds": [id("municipalityIds", .municipality)]]
        },
        .init(key: "PATCH /api/v1/providers/:providerID", role: .caseManager) { id, _ in
            ["name": "Träger own", "kind": "counsellingService", "municipalityIds": [id("municipalityIds", .municipality)]]
        },
        .init(key: "POST /api/v1/services", role: .caseManager) { id, _ in
            ["providerId": id("providerId", .provider), "name": "Angebot neu", "lifeDomains": ["work"], "accessMode": "walkIn",
             "municipalityIds": [id("municipalityIds", .municipality)]]
        },
        .init(key: "PATCH /api/v1/services/:serviceID", role: .caseManager) { id, _ in
            ["providerId": id("providerId", .provider), "name": "Angebot own", "lifeDomains": ["work"], "accessMode": "walkIn",
             "municipalityIds": [id("municipalityIds", .municipality)]]
        },
        .init(key: "POST /api/v1/office-hours", role: .caseManager) { id, _ in
            ["municipalityId": id("municipalityId", .municipality), "place": "Rathaus", "times": "dienstags"]
        },
        .init(key: "PATCH /api/v1/office-hours/:officeHoursID", role: .caseManager) { id, _ in
            ["municipalityId": id("municipalityId", .municipality), "place": "Rathaus", "times": "montags"]
        },
        // Case work
        .init(key: "POST /api/v1/brief-contacts", role: .caseManager) { id, today in
            ["municipalityId": id("municipalityId", .municipality), "contactOn": today, "accessChannel": "walkIn", "lifeDomains": ["work"],
             "outcome": "informationGiven"]
        },
        .init(key: "POST /api/v1/cases", role: .caseManager) { id, today in
            ["municipalityId": id("municipalityId", .municipality), "openedOn": today, "accessChannel": "walkIn", "lifeDomains": ["work"]]
        },
        .init(key: "POST /api/v1/cases/:caseID/client/link", role: .caseManager, freshObject: { try await $0.freshCase() }) { id, _ in
            ["clientId": id("clientId", .client)]
        },
        .init(key: "POST /api/v1/cases/:caseID/disclosure", role: .caseManager) { id, today in
            ["recipientProviderId": id("recipientProviderId", .provider), "purpose": "Vermittlung", "status": "given", "method": "signedForm",
             "givenOn": today]
        },
        .init(key: "POST /api/v1/cases/:caseID/action", role: .caseManager) { id, today in
            ["goalId": id("goalId", .caseGoal), "what": "Unterlagen", "who": "Klient*in", "dueOn": today]
        },
        .init(key: "POST /api/v1/cases/:caseID/referral", role: .caseManager) { id, _ in
            ["serviceId": id("serviceId", .service), "lifeDomain": "work", "reason": "Arbeitssuche"]
        },
        .init(key: "POST /api/v1/cases/:caseID/referral", role: .caseManager) { id, _ in
            ["providerId": id("providerId", .provider), "lifeDomain": "work", "reason": "Arbeitssuche"]
        },
        .init(key: "POST /api/v1/cases/:caseID/pre-check", role: .caseManager) { id, _ in ["checklistId": id("checklistId", .checklist)] },
        // The naturalisation campaign (coordination): partners from the directory, municipalities of the district.
        .init(key: "POST /api/v1/campaigns", role: .coordinator) { id, today in
            ["title": "Kampagne", "aims": "Informieren", "startsOn": today, "partners": [id("partners", .provider)]]
        },
        .init(key: "PATCH /api/v1/campaigns/:campaignID", role: .coordinator) { id, today in
            ["title": "Kampagne", "aims": "Informieren", "startsOn": today, "partners": [id("partners", .provider)]]
        },
        .init(key: "POST /api/v1/campaigns/:campaignID/events", role: .coordinator) { id, today in
            ["kind": "informationEvening", "heldOn": today, "place": "Rathaus", "municipalityId": id("municipalityId", .municipality),
             "languages": ["Deutsch"], "partners": [id("partners", .provider)]]
        },
        .init(key: "PATCH /api/v1/campaign-events/:eventID", role: .coordinator) { id, today in
            ["kind": "consultationDay", "heldOn": today, "place": "Kreishaus", "municipalityId": id("municipalityId", .municipality),
             "languages": ["Deutsch"], "partners": [id("partners", .provider)]]
        },
        .init(key: "POST /api/v1/campaigns/:campaignID/materials", role: .coordinator) { id, _ in
            ["title": "Flyer", "language": "Deutsch", "link": "https://example.org/flyer.pdf", "municipalities": [id("municipalities", .municipality)]]
        },
        .init(key: "POST /api/v1/cases/:caseID/conference", role: .caseManager) { id, today in
            ["level": "municipal", "heldOn": today, "participants": [id("participants", .provider)],
             "actions": [["goalId": id("goalId", .caseGoal), "what": "Termin", "who": "Jobcenter", "dueOn": today]]]
        },
        .init(key: "POST /api/v1/cases/:caseID/conferences/:conferenceID", role: .caseManager) { id, today in
            ["minutes": "Besprochen", "actions": [["goalId": id("goalId", .caseGoal), "what": "Termin", "who": "Jobcenter", "dueOn": today]]]
        },
        .init(key: "POST /api/v1/cases/:caseID/conferences/:conferenceID/help-plan", role: .caseManager) { id, today in
            ["goals": "Ausbildung sichern", "accepted": [id("accepted", .provider)], "items": [["text": "Hilfeplangespräch", "providerId": id("providerId", .provider)]],
             "dueOn": today]
        },
        .init(key: "POST /api/v1/requests/:requestID", role: .caseManager) { id, _ in
            ["municipalityId": id("municipalityId", .municipality), "seesSame": "yes", "cases": 2, "comment": "", "confirmedNoPersonalData": true]
        },
        // Coordination
        .init(key: "POST /api/v1/cases/:caseID/district-conference", role: .coordinator) { id, today in
            ["heldOn": today, "participants": [id("participants", .provider)]]
        },
        .init(key: "POST /api/v1/findings/:findingID/topic", role: .coordinator) { id, _ in ["topicId": id("topicId", .topic)] },
        .init(key: "POST /api/v1/findings/topic", role: .coordinator) { id, _ in ["findingIds": [id("findingIds", .finding)], "topicId": id("topicId", .topic)] },
        .init(key: "POST /api/v1/topics", role: .coordinator) { id, _ in
            ["title": "Neues Thema", "statement": "Es fehlt ein Angebot.", "priority": "medium", "responsibleId": id("responsibleId", .coordinator),
             "findingIds": [id("findingIds", .finding)], "confirmedNoPersonalData": true]
        },
        .init(key: "PATCH /api/v1/topics/:topicID", role: .coordinator) { id, _ in
            ["title": "Thema", "statement": "Lücke im System", "priority": "high", "responsibleId": id("responsibleId", .coordinator)]
        },
        .init(key: "PATCH /api/v1/topics/:topicID", role: .coordinator, apiOnly: true) { id, _ in
            ["findingIds": [id("findingIds", .finding)], "confirmedNoPersonalData": true]
        },
        .init(key: "POST /api/v1/topics/:topicID/merge", role: .coordinator, freshObject: { try await $0.freshTopic() }) { id, _ in
            ["targetId": id("targetId", .topic)]
        },
        .init(key: "POST /api/v1/topics/:topicID/request", role: .coordinator) { id, _ in
            ["question": "Sehen Sie das auch?", "municipalities": [id("municipalities", .municipality)]]
        },
        .init(key: "POST /api/v1/bodies", role: .coordinator) { id, _ in
            ["name": "AG Wohnen", "kind": "workingGroup", "municipalityId": id("municipalityId", .municipality), "mandate": "Wohnraum"]
        },
        .init(key: "POST /api/v1/bodies/:bodyID/members", role: .coordinator) { id, _ in
            ["name": "Neues Mitglied", "organisation": "Ausländerbehörde", "userId": id("userId", .officeStaff)]
        },
        .init(key: "POST /api/v1/meetings/:meetingID/agenda", role: .coordinator) { id, _ in
            ["title": "Bericht", "topicId": id("topicId", .topic), "sourceBodyId": id("sourceBodyId", .body)]
        },
        .init(key: "POST /api/v1/meetings/:meetingID/minutes", role: .coordinator) { id, _ in
            ["minutes": "Protokoll", "present": [id("present", .member)]]
        },
        .init(key: "POST /api/v1/meetings/:meetingID/decisions", role: .coordinator) { id, today in
            ["text": "Beschluss", "kind": "task", "owner": "KS", "dueOn": today, "topicId": id("topicId", .topic)]
        },
        .init(key: "POST /api/v1/programme/positions", role: .coordinator) { id, today in
            ["buildingBlock": "caseManagement", "title": "Case Management", "fte": "1", "employer": "district",
             "municipalityId": id("municipalityId", .municipality), "fundedFrom": today, "status": "filled", "day": today,
             "holderId": id("holderId", .staff)]
        },
        .init(key: "POST /api/v1/programme/positions", role: .coordinator) { id, today in
            ["buildingBlock": "caseManagement", "title": "Case Management", "fte": "1", "employer": "district",
             "regionId": id("regionId", .region), "fundedFrom": today, "status": "planned", "day": today]
        },
        .init(key: "PATCH /api/v1/programme/positions/:positionID", role: .coordinator) { id, today in
            ["buildingBlock": "caseManagement", "title": "Case Management", "fte": "1", "employer": "district",
             "municipalityId": id("municipalityId", .municipality), "fundedFrom": today]
        },
        .init(key: "POST /api/v1/programme/positions/:positionID/changes", role: .coordinator) { id, today in
            ["status": "filled", "day": today, "holderId": id("holderId", .staff)]
        },
        .init(key: "POST /api/v1/programme/agreements", role: .coordinator) { id, today in
            ["municipalityId": id("municipalityId", .municipality), "kind": "cooperation", "status": "inForce", "datedOn": today]
        },
        .init(key: "PATCH /api/v1/programme/agreements/:agreementID", role: .coordinator) { id, today in
            ["municipalityId": id("municipalityId", .municipality), "kind": "cooperation", "status": "inForce", "datedOn": today]
        },
        .init(key: "PUT /api/v1/programme/milestones/plan", role: .coordinator) { id, today in
            let half = HalfYear.containing(today)
            return ["cells": [["milestoneId": id("milestoneId", .milestone), "halfYear": half.key, "planning": "yes"]]]
        },
        // Retention (data-protection officer): the browser names the case in the path.
        .init(key: "POST /api/v1/retention/holds", role: .dataProtection, apiOnly: true) { id, _ in
            ["caseId": id("caseId", .closedCase), "reason": "laufendes Verfahren"]
        },
    ]

    /// The browser twins: the same bodies as form fields.
    static var browser: [BodyIDProbe] {
        api.filter { !$0.apiOnly }.flatMap { probe in
            (browserTwins[probe.key] ?? []).map { key in BodyIDProbe(key: key, role: probe.role, freshObject: probe.freshObject, body: probe.body) }
        }
    }

    /// Where a form names a field differently from the API.
    static let formNames = ["municipalityIds": "municipalities", "findingIds": "findingId", "memberIds": "members"]

    /// A JSON body as form fields: lists repeat the field, action rows become `action1-…`, role
    /// rows the user form's fieldsets, plan cells `plan_<milestone>_<half-year>`.
    static func formFields(_ body: [String: Any]) -> [(String, String)] {
        var fields: [(String, String)] = []
        for (apiName, value) in body.sorted(by: { $0.key < $1.key }) {
            let name = formNames[apiName] ?? apiName
            switch value {
            case let rows as [[String: Any]] where name == "actions" || name == "items":
                // Numbered rows of the singular, as the forms name them: "action1-what", "item1-text".
                for (index, row) in rows.enumerated() {
                    for (field, text) in row { fields.append(("\(name.dropLast())\(index + 1)-\(field)", "\(text)")) }
                }
            case let rows as [[String: Any]] where name == "roles":
                for row in rows {
                    let role = row["role"] as! String
                    fields += [("role", role), ("scope-\(role)", "municipalities")]
                    for town in row["municipalityIds"] as? [String] ?? [] { fields.append(("municipalities-\(role)", town)) }
                }
            case let rows as [[String: Any]] where name == "cells":
                for row in rows { fields.append(("plan_\(row["milestoneId"]!)_\(row["halfYear"]!)", "\(row["planning"]!)")) }
            case let list as [Any]:
                for item in list { fields.append((name, "\(item)")) }
            case let flag as Bool:
                if flag { fields.append((name, "on")) }
            default:
                fields.append((name, "\(value)"))
            }
        }
        return fields
    }

    /// Operations of the contract whose request body holds a uuid, or a field named `…Id`/`…Ids`, anywhere.
    static func routesWithIDsInTheirBody(_ document: [String: Any]) -> Set<String> {
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        func mentionsAnID(_ schema: Any?, _ seen: Set<String>) -> Bool {
            guard let schema = schema as? [String: Any] else { return false }
            if let ref = schema["$ref"] as? String {
                let name = String(ref.split(separator: "/").last!)
                return !seen.contains(name) && mentionsAnID(schemas[name], seen.union([name]))
            }
            if schema["format"] as? String == "uuid" { return true }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            if properties.keys.contains(where: { $0.hasSuffix("Id") || $0.hasSuffix("Ids") }) { return true }
            let nested: [Any?] = Array(properties.values) + [schema["items"]] + ["allOf", "oneOf", "anyOf"].flatMap { schema[$0] as? [Any] ?? [] }
            return nested.contains { mentionsAnID($0, seen) }
        }
        var keys: Set<String> = []
        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in operations where method != "get" {
                let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any] ?? [:]
                guard content.values.contains(where: { mentionsAnID(($0 as? [String: Any])?["schema"], []) }) else { continue }
                let routePath = path.replacingOccurrences(of: #"\{([A-Za-z]+)\}"#, with: ":$1", options: .regularExpression)
                keys.insert("\(method.uppercased()) \(routePath)")
            }
        }
        return keys
    }
}

/// The matrix world, with every kind of id a body can carry, own and foreign.
struct ProbeWorld {
    let matrix: MatrixWorld
    let goals: [AccessMatrix.Relationship: UUID]
    let clients: [AccessMatrix.Relationship: UUID]
    let members: [AccessMatrix.Relationship: UUID]

    var context: TestContext { matrix.context }
    var fixture: Fixture { matrix.fixture }
    var today: String { GermanFormat.isoDay(context.clock.now) }

    static func make(_ context: TestContext) async throws -> ProbeWorld {
        let matrix = try await MatrixWorld.make(context)
        var (goals, clients, members): ([AccessMatrix.Relationship: UUID], [AccessMatrix.Relationship: UUID], [AccessMatrix.Relationship: UUID]) = ([:], [:], [:])
        for (relationship, parts) in matrix.cases {
            goals[relationship] = try await Goal.query(on: context.app.db).filter(\.$caseFileID == parts.caseID).first()!.requireID()
            clients[relationship] = try await CaseFile.find(parts.caseID, on: context.app.db)!.clientID
            members[relationship] = try await BodyMember.query(on: context.app.db).filter(\.$bodyID == parts.bodyID).first()!.requireID()
        }
        return ProbeWorld(matrix: matrix, goals: goals, clients: clients, members: members)
    }

    func own(_ role: Role) -> [BodyIDKind: String] {
        let parts = matrix.cases[.own]!
        return [
            .municipality: fixture.municipalityA1.uuidString, .region: fixture.regionA.uuidString,
            .provider: matrix.providers[.own]!.uuidString, .service: matrix.services[.own]!.uuidString,
            .caseGoal: goals[.own]!.uuidString, .client: clients[.own]!.uuidString,
            .topic: parts.topicID.uuidString, .finding: parts.findingID.uuidString,
            .coordinator: fixture.users[.coordinator]!.id.uuidString, .staff: fixture.caseManager.id.uuidString,
            .body: parts.bodyID.uuidString, .member: members[.own]!.uuidString, .milestone: parts.milestoneID.uuidString,
            .closedCase: parts.closedCaseID.uuidString, .officeStaff: fixture.users[.immigrationOffice]!.id.uuidString,
            .checklist: parts.checklistID.uuidString,
        ]
    }

    /// Outside the actor's reach: always another district's object; for a case manager, who works
    /// only for municipality 1, also municipality 2's; for a case's parts, another case's.
    func foreign(_ kind: BodyIDKind, _ role: Role) -> [String] {
        let far = matrix.cases[.foreignDistrict]!
        let ids: [UUID] = switch kind {
        case .municipality: [fixture.municipalityB1] + (role == .caseManager ? [fixture.municipalityA2] : [])
        case .region: [fixture.regionB]
        case .provider: [matrix.providers[.foreignDistrict]!]
        case .service: [matrix.services[.foreignDistrict]!]
        case .caseGoal: [goals[.foreignDistrict]!, goals[.foreignMunicipality]!]
        case .client: [clients[.foreignDistrict]!, clients[.foreignMunicipality]!]
        case .topic: [far.topicID]
        case .finding: [far.findingID]
        case .coordinator, .staff, .officeStaff: [fixture.adminB.id]
        case .body: [far.bodyID]
        case .member: [members[.foreignDistrict]!]
        case .milestone: [far.milestoneID]
        case .closedCase: [far.closedCaseID]
        case .checklist: [far.checklistID]
        }
        return ids.map(\.uuidString)
    }

    func path(for probe: BodyIDProbe, actor: TestUser) async throws -> String {
        var key = probe.key
        if let fresh = probe.freshObject, let parameter = key.split(separator: "/").first(where: { $0.hasPrefix(":") }) {
            key = key.replacingOccurrences(of: String(parameter), with: try await fresh(self).uuidString)
        }
        let row = AccessMatrix.rows[probe.key]!
        return try await matrix.request(for: key, row: row, .own, actor: actor).1
    }

    /// Each id field foreign in turn must be refused (4xx other than "sign in", nothing foreign
    /// named); the all-own body must then be accepted, which proves the body was valid.
    func run(_ probe: BodyIDProbe, send: (HTTPMethod, String, [String: Any]) async throws -> TestingHTTPResponse) async throws {
        let actor = fixture.users[probe.role]!
        let path = try await path(for: probe, actor: actor)
        let discovery = BodyIDPick(own: own(probe.role))
        _ = probe.body(discovery, today)
        #expect(!discovery.fields.isEmpty, "\(probe.key) nennt keine Id")
        for (field, kind) in discovery.fields {
            for foreignID in foreign(kind, probe.role) {
                let pick = BodyIDPick(own: own(probe.role), foreignField: field, foreignValue: foreignID)
                let writesBefore = try await writes()
                let response = try await send(probe.method, path, probe.body(pick, today))
                #expect(try await writes() == writesBefore, "\(probe.role) \(probe.key) mit fremder \(field): trotz Ablehnung etwas gespeichert")
                #expect((400..<500).contains(response.status.code) && response.status != .unauthorized,
                        "\(probe.role) \(probe.key) mit fremder \(field) \(foreignID): \(response.status) \(response.body.string.prefix(300))")
                matrix.expectNoForeignCanary(in: response.body.string, seenBy: probe.role, actor: actor, what: "\(probe.key) [\(field) fremd]",
                                              staffPage: probe.key.contains("/programme/positions") || probe.key.hasSuffix("/bodies/:bodyID/members"))
                matrix.expectNoClientCanary(in: response.body.string, seenBy: probe.role, what: "\(probe.key) [\(field) fremd]")
                #expect(!response.body.string.contains("foreignDistrict"), "\(probe.key) [\(field) fremd] nennt ein Objekt des anderen Kreises")
            }
        }
        let response = try await send(probe.method, path, probe.body(BodyIDPick(own: own(probe.role)), today))
        #expect(response.status.code < 400, "\(probe.role) \(probe.key) mit eigenen Ids: \(response.status) \(response.body.string.prefix(600))")
    }

    /// Allowed audit entries other than reads: a refused request leaves their number unchanged
    /// (every change is audited in the same transaction as the change).
    func writes() async throws -> Int {
        try await AuditEntry.query(on: context.app.db).filter(\.$outcome == AuditOutcome.allowed.rawValue).all()
            .filter { !$0.action.hasSuffix(".read") && !$0.action.hasSuffix("Read") && !$0.action.hasSuffix(".searched") }.count
    }

    // Fresh objects for probes whose own run would change the shared one.

    func freshRegion() async throws -> UUID {
        let region = Region(districtID: fixture.districtA, name: "Region \(UUID().uuidString.prefix(6))", kind: .region)
        try await region.create(on: context.app.db)
        return try region.requireID()
    }

    func freshCase() async throws -> UUID {
        let desk = CaseDesk(scope: .operatorCommand(.workOnCases, districtID: fixture.districtA), db: context.app.db,
                            vault: ClientVault(keys: context.app.db(.keyStore), wrapper: context.app.lotse.clientKeys!),
                            blindIndex: context.app.lotse.blindIndex!, audit: context.app.audit(requestID: "probe"), now: context.clock.now,
                            actorID: fixture.caseManager.id)
        let file = try await desk.openCase(.init(municipalityID: fixture.municipalityA1, openedOn: today, accessChannel: .walkIn, lifeDomains: [.work]))
        _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: today), caseID: try file.requireID())
        return try file.requireID()
    }

    func freshTopic() async throws -> UUID {
        let topics = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: fixture.districtA), db: context.app.db,
                               audit: context.app.audit(requestID: "probe"), now: context.clock.now, actorID: fixture.users[.coordinator]!.id, people: try context.app.knownPeople(audit: context.app.audit(requestID: "probe")))
        return try await topics.createTopic(.init(title: "Doppelt", statement: "Dasselbe noch einmal", priority: .low), findingIDs: []).requireID()
    }
}
