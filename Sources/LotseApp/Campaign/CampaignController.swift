import Fluent
import Foundation
import LotseCore
import Vapor

/// The naturalisation campaign in the browser (issue 16, part 6): the list, one campaign with its
/// events, materials and reach per municipality, and the forms of the coordination and the offices.
struct CampaignController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.campaigns, use: list)
        routes.get(.newCampaign, use: newCampaign)
        routes.post(.campaigns, use: createCampaign)
        routes.get(.campaign(.key), use: show)
        routes.get(.campaignEdit(.key), use: editCampaign)
        routes.post(.campaignEdit(.key), use: updateCampaign)
        routes.get(.newCampaignEvent(.key), use: newEvent)
        routes.post(.newCampaignEvent(.key), use: createEvent)
        routes.get(.campaignEvent(.key), use: editEvent)
        routes.post(.campaignEvent(.key), use: updateEvent)
        routes.get(.newCampaignMaterial(.key), use: newMaterial)
        routes.post(.newCampaignMaterial(.key), use: createMaterial)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path),
                         LayoutContext.Crumb(label: "Einbürgerungskampagne", href: SiteURL.campaigns.path)]

    // MARK: Reading

    struct ListPage: Encodable {
        struct Row: Encodable {
            let title: String
            let period: String
            let events: Int
            let participants: Int
            let href: SiteURL
        }

        let rows: [Row]
        let hasRows: Bool
        let newCampaign: SiteURL?
    }

    static func period(_ campaign: Campaign) -> String {
        "ab \(GermanFormat.germanDay(campaign.startsOn))" + (campaign.endsOn.map { " bis \(GermanFormat.germanDay($0))" } ?? "")
    }

    func list(req: Request) async throws -> Response {
        let access = try req.authorize(.readCampaign)
        let desk = try req.campaignDesk(.readCampaign)
        let campaigns = try await desk.campaigns()
        let events = Dictionary(grouping: try await CampaignDesk.events(districtID: access.scope.districtID, on: req.db), by: \.campaignID)
        let page = ListPage(rows: campaigns.compactMap { campaign in
            guard let id = campaign.id else { return nil }
            let reach = CampaignReach.total((events[id] ?? []).map(\.reachEvent), today: desk.today)
            return .init(title: campaign.title, period: Self.period(campaign), events: reach.events, participants: reach.participants, href: .campaign(.value(id)))
        }, hasRows: !campaigns.isEmpty, newCampaign: AccessPolicy.permits(access.actor, .manageCampaign) ? .newCampaign : nil)
        return try await req.render("campaigns/list", title: "Einbürgerungskampagne", content: page, breadcrumbs: [Self.crumbs[0]])
    }

    struct DetailPage: Encodable {
        struct Event: Encodable {
            let kind: String
            let heldOn: String
            let place: String
            let municipality: String
            let languages: String
            let partners: String
            let participants: String
            let followUps: String
            let edit: SiteURL?
        }

        struct Material: Encodable {
            let title: String
            let language: String
            let link: String
            let municipalities: String
        }

        struct Reach: Encodable {
            let municipality: String
            let events: Int
            let participants: Int
            let followUps: Int
        }

        let aims: String
        let period: String
        let targetGroups: String
        let languages: String
        let partners: String
        let events: [Event]
        let hasEvents: Bool
        let materials: [Material]
        let hasMaterials: Bool
        let reach: [Reach]
        let hasReach: Bool
        let edit: SiteURL?
        let newEvent: SiteURL?
        let newMaterial: SiteURL?
        /// The coverage map, for the roles that read it (the offices do not).
        let coverage: SiteURL?
    }

    func show(req: Request) async throws -> Response {
        let access = try req.authorize(.readCampaign)
        let desk = try req.campaignDesk(.readCampaign)
        let shown = try await desk.shown(try req.id("campaignID"))
        let campaign = shown.campaign
        let id = try campaign.requireID()
        let towns = try await OrganisationService.municipalityNames(access.scope, on: req.db)
        let providers = try await Self.providerNames(access.scope.districtID, on: req.db)
        let mayManage = AccessPolicy.permits(access.actor, .manageCampaign)
        func names(_ ids: [UUID]) -> String { ids.compactMap { providers[$0] }.sorted().joined(separator: ", ") }
        let reach = CampaignReach.byMunicipality(shown.events.map(\.reachEvent), today: desk.today)
        let page = DetailPage(
            aims: campaign.aims, period: Self.period(campaign), targetGroups: campaign.targetGroups.map(\.germanName).joined(separator: ", "),
            languages: campaign.languages.joined(separator: ", "), partners: names(campaign.partnerIDs),
            events: shown.events.map { event in
                .init(kind: event.kind.germanName, heldOn: event.heldOn, place: event.place, municipality: towns[event.municipalityID] ?? "",
                      languages: event.languages.joined(separator: ", "), partners: names(event.partnerIDs),
                      participants: event.participants.map(String.init) ?? "–", followUps: event.followUps.map(String.init) ?? "–",
                      edit: mayManage ? event.id.map { .campaignEvent(.value($0)) } : nil)
            },
            hasEvents: !shown.events.isEmpty,
            materials: shown.materials.map { .init(title: $0.title, language: $0.language, link: $0.link,
                                                   municipalities: $0.municipalityIDs.compactMap { towns[$0] }.sorted().joined(separator: ", ")) },
            hasMaterials: !shown.materials.isEmpty,
            reach: reach.compactMap { town, reach in towns[town].map { .init(municipality: $0, events: reach.events, participants: reach.participants,
                                                                             followUps: reach.followUps) } }.sorted { $0.municipality < $1.municipality },
            hasReach: !reach.isEmpty,
            edit: mayManage ? .campaignEdit(.value(id)) : nil, newEvent: mayManage ? .newCampaignEvent(.value(id)) : nil,
            newMaterial: mayManage ? .newCampaignMaterial(.value(id)) : nil,
            coverage: AccessPolicy.permits(access.actor, .readCoverage) ? .coverage : nil)
        return try await req.render("campaigns/campaign", title: campaign.title, content: page, breadcrumbs: Self.crumbs)
    }

    static func providerNames(_ districtID: UUID, on db: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Provider.query(on: db).filter(\.$districtID == districtID).all().compactMap { p in p.id.map { ($0, p.name) } })
    }

    // MARK: Forms

    func form(_ req: Request, template: String, title: String, action: SiteURL, cancel: SiteURL, _ fields: FormFields,
              failure: ValidationFailure? = nil) async throws -> Response {
        let scope = try req.authorize(.manageCampaign).scope
        var page = CaseFormPage(action: action.path, cancel: cancel.path)
        page.keep(fields)
        page.choose("targetGroups", TargetGroup.self, from: fields)
        page.choose("kind", CampaignEventKind.self, from: fields)
        let towns = try await OrganisationService.municipalities(scope, on: req.db).filter(\.isActive).compactMap { town in town.id.map { ($0, town.name) } }
        page.choose("municipalityId", towns, from: fields)
        page.choose("municipalities", towns, from: fields)
        page.choose("partners", try await Provider.query(on: req.db).filter(\.$districtID == scope.districtID).filter(\.$isActive == true).sort(\.$name).all()
            .compactMap { provider in provider.id.map { ($0, provider.name) } }, from: fields)
        page.values["languages"] = fields.all("languages").joined(separator: ", ")
        return try await req.render(template, title: title, content: page, breadcrumbs: Self.crumbs, failure: failure)
    }

    /// Runs `save`; on a refusal the form comes back with what was entered.
    func saving(_ req: Request, template: String, title: String, action: SiteURL, cancel: SiteURL,
                _ save: (CampaignDesk, FormFields) async throws -> SiteURL) async throws -> Response {
        let desk = try req.campaignDesk(.manageCampaign)
        let fields = try await req.formFields()
        do {
            return req.seeOther(try await save(desk, fields), notice: .saved)
        } catch let failure as ValidationFailure {
            return try await form(req, template: template, title: title, action: action, cancel: cancel, fields, failure: failure)
        }
    }

    func newCampaign(req: Request) async throws -> Response {
        let desk = try req.campaignDesk(.manageCampaign)
        return try await form(req, template: "campaigns/campaign-form", title: "Kampagne anlegen", action: .campaigns, cancel: .campaigns,
                              .with(["startsOn": desk.today, "languages": "Deutsch"]))
    }

    func createCampaign(req: Request) async throws -> Response {
        try await saving(req, template: "campaigns/campaign-form", title: "Kampagne anlegen", action: .campaigns, cancel: .campaigns) { desk, fields in
            .campaign(.value(try await desk.save(fields.campaignInput, id: nil).requireID()))
        }
    }

    static func fields(_ campaign: Campaign) -> FormFields {
        FormFields(values: ["title": [campaign.title], "aims": [campaign.aims], "targetGroups": campaign.targetGroups.map(\.rawValue),
                            "languages": [campaign.languages.joined(separator: ", ")], "partners": campaign.partnerIDs.map(\.uuidString),
                            "startsOn": [campaign.startsOn], "endsOn": [campaign.endsOn ?? ""]])
    }

    func editCampaign(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        let shown = try await req.campaignDesk(.manageCampaign).shown(id)
        return try await form(req, template: "campaigns/campaign-form", title: "Kampagne bearbeiten", action: .campaignEdit(.value(id)),
                              cancel: .campaign(.value(id)), Self.fields(shown.campaign))
    }

    func updateCampaign(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        return try await saving(req, template: "campaigns/campaign-form", title: "Kampagne bearbeiten", action: .campaignEdit(.value(id)),
                                cancel: .campaign(.value(id))) { desk, fields in
            try await desk.save(fields.campaignInput, id: id)
            return .campaign(.value(id))
        }
    }

    func newEvent(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        let desk = try req.campaignDesk(.manageCampaign)
        _ = try await desk.shown(id)
        return try await form(req, template: "campaigns/event-form", title: "Veranstaltung anlegen", action: .newCampaignEvent(.value(id)),
                              cancel: .campaign(.value(id)), .with(["heldOn": desk.today]))
    }

    func createEvent(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        return try await saving(req, template: "campaigns/event-form", title: "Veranstaltung anlegen", action: .newCampaignEvent(.value(id)),
                                cancel: .campaign(.value(id))) { desk, fields in
            try await desk.saveEvent(fields.campaignEventInput, campaignID: id, eventID: nil)
            return .campaign(.value(id))
        }
    }

    static func fields(_ event: CampaignEvent) -> FormFields {
        FormFields(values: ["kind": [event.kind.rawValue], "heldOn": [event.heldOn], "place": [event.place],
                            "municipalityId": [event.municipalityID.uuidString], "languages": [event.languages.joined(separator: ", ")],
                            "partners": event.partnerIDs.map(\.uuidString), "participants": [event.participants.map(String.init) ?? ""],
                            "followUps": [event.followUps.map(String.init) ?? ""]])
    }

    func editEvent(req: Request) async throws -> Response {
        let event = try await req.campaignDesk(.manageCampaign).event(try req.id("eventID"))
        return try await form(req, template: "campaigns/event-form", title: "Veranstaltung bearbeiten", action: .campaignEvent(.value(try event.requireID())),
                              cancel: .campaign(.value(event.campaignID)), Self.fields(event))
    }

    func updateEvent(req: Request) async throws -> Response {
        let eventID = try req.id("eventID")
        let event = try await req.campaignDesk(.manageCampaign).event(eventID)
        return try await saving(req, template: "campaigns/event-form", title: "Veranstaltung bearbeiten", action: .campaignEvent(.value(eventID)),
                                cancel: .campaign(.value(event.campaignID))) { desk, fields in
            try await desk.saveEvent(fields.campaignEventInput, campaignID: nil, eventID: eventID)
            return .campaign(.value(event.campaignID))
        }
    }

    func newMaterial(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        _ = try await req.campaignDesk(.manageCampaign).shown(id)
        return try await form(req, template: "campaigns/material-form", title: "Material hinzufügen", action: .newCampaignMaterial(.value(id)),
                              cancel: .campaign(.value(id)), FormFields())
    }

    func createMaterial(req: Request) async throws -> Response {
        let id = try req.id("campaignID")
        return try await saving(req, template: "campaigns/material-form", title: "Material hinzufügen", action: .newCampaignMaterial(.value(id)),
                                cancel: .campaign(.value(id))) { desk, fields in
            try await desk.addMaterial(fields.campaignMaterialInput, campaignID: id)
            return .campaign(.value(id))
        }
    }
}
