import Fluent
import Foundation
import LotseCore
import Vapor

/// The naturalisation campaign (issue 16, part 6): the coordination and the offices keep the
/// campaign, its events and materials; case management and the steering group read it. Ids sent
/// in a body (municipalities, partners) are resolved within the district like those in a path.
struct CampaignDesk: PlainDesk {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID

    struct CampaignInput: Sendable {
        var title = ""
        var aims = ""
        var targetGroups: [TargetGroup] = []
        var languages: [String] = []
        /// Nil: a sent value was no id at all.
        var partnerIDs: [UUID]? = []
        var startsOn = ""
        var endsOn = ""
    }

    struct EventInput: Sendable {
        var kind: CampaignEventKind?
        var heldOn = ""
        var place = ""
        var municipalityID: UUID?
        var languages: [String] = []
        var partnerIDs: [UUID]? = []
        /// As typed; empty while the event has not taken place.
        var participants = ""
        var followUps = ""
    }

    struct MaterialInput: Sendable {
        var title = ""
        var language = ""
        var link = ""
        var municipalityIDs: [UUID]? = []
    }

    /// One campaign with its events (by day) and materials.
    struct Shown: Sendable {
        let campaign: Campaign
        let events: [CampaignEvent]
        let materials: [CampaignMaterial]
    }

    func campaigns() async throws -> [Campaign] {
        try await Campaign.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$startsOn, .descending).all()
    }

    func shown(_ id: UUID) async throws -> Shown {
        guard let campaign = try await Campaign.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return try await shown([campaign])[0]
    }

    /// Each of `campaigns` with its events and materials: the same two queries for one or all.
    func shown(_ campaigns: [Campaign]) async throws -> [Shown] {
        let ids = campaigns.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let events = Dictionary(grouping: try await CampaignEvent.query(on: db).filter(\.$campaignID ~~ ids).sort(\.$heldOn).all(), by: \.campaignID)
        let materials = Dictionary(grouping: try await CampaignMaterial.query(on: db).filter(\.$campaignID ~~ ids).sort(\.$language).all(), by: \.campaignID)
        return campaigns.map { Shown(campaign: $0, events: events[$0.id ?? UUID()] ?? [], materials: materials[$0.id ?? UUID()] ?? []) }
    }

    func event(_ id: UUID) async throws -> CampaignEvent {
        guard let event = try await CampaignEvent.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return event
    }

    /// Every event of the district's campaigns, for the reach on the coverage map.
    static func events(districtID: UUID, on db: any Database) async throws -> [CampaignEvent] {
        try await CampaignEvent.query(on: db).filter(\.$districtID == districtID).all()
    }

    @discardableResult
    func save(_ input: CampaignInput, id: UUID?) async throws -> Campaign {
        let campaign = try await id.asyncMap { try await shown($0).campaign } ?? Campaign()
        var failure = ValidationFailure()
        Check.text(input.title.trimmingCharacters(in: .whitespaces), field: "title", label: "einen Titel", max: 200, into: &failure)
        Check.text(input.aims, field: "aims", label: "die Ziele", max: 4000, into: &failure)
        let starts = Check.day(input.startsOn, field: "startsOn", label: "den Beginn", into: &failure)
        let ends = Check.day(input.endsOn, field: "endsOn", label: "das Ende", required: false, into: &failure)
        if let starts, let ends, ends < starts { failure.add("endsOn", "Das Ende kann nicht vor dem Beginn liegen.") }
        checkLanguages(input.languages, required: false, into: &failure)
        let partners = try await checkPartners(input.partnerIDs, into: &failure)
        let startsOn = try failure.checked(starts)
        (campaign.districtID, campaign.title, campaign.aims) = (scope.districtID, input.title.trimmingCharacters(in: .whitespaces), input.aims)
        (campaign.targetGroups, campaign.languages, campaign.partnerIDs) = (input.targetGroups, input.languages, partners)
        (campaign.startsOn, campaign.endsOn) = (startsOn, ends)
        if id == nil { campaign.createdBy = actorID }
        try await db.transaction { db in
            try await campaign.save(on: db)
            try await audit.record(id == nil ? .campaignCreated : .campaignChanged, object: (Campaign.schema, campaign.id), on: db)
        }
        return campaign
    }

    /// A new event of `campaignID`, or (with `eventID`) its change, typically the counts after it.
    @discardableResult
    func saveEvent(_ input: EventInput, campaignID: UUID?, eventID: UUID?) async throws -> CampaignEvent {
        let event = try await eventID.asyncMap { try await self.event($0) } ?? CampaignEvent()
        let campaignID = campaignID ?? event.campaignID
        _ = try await shown(campaignID)
        var failure = ValidationFailure()
        Check.choice(input.kind, field: "kind", label: "die Art der Veranstaltung", into: &failure)
        let day = Check.day(input.heldOn, field: "heldOn", label: "den Tag der Veranstaltung", into: &failure)
        Check.text(input.place.trimmingCharacters(in: .whitespaces), field: "place", label: "den Ort", max: 300, into: &failure)
        let towns = Set(try await OrganisationService.municipalities(scope, on: db).compactMap(\.id))
        if input.municipalityID.map({ !towns.contains($0) }) ?? true { failure.add("municipalityId", "Bitte wählen Sie die Kommune aus der Liste.") }
        checkLanguages(input.languages, required: true, into: &failure)
        let partners = try await checkPartners(input.partnerIDs, into: &failure)
        let participants = count(input.participants, field: "participants", label: "Teilnehmende", into: &failure)
        let followUps = count(input.followUps, field: "followUps", label: "Folgeberatungen", into: &failure)
        if let day {
            for (field, problem) in CampaignReach.checkCounts(participants: participants, followUps: followUps, heldOn: day, today: today) {
                failure.add(field, problem.message)
            }
        }
        let (kind, heldOn, municipalityID) = try failure.checked(input.kind, day, input.municipalityID)
        (event.districtID, event.campaignID, event.kind, event.heldOn) = (scope.districtID, campaignID, kind, heldOn)
        (event.place, event.municipalityID, event.languages, event.partnerIDs) = (input.place.trimmingCharacters(in: .whitespaces), municipalityID,
                                                                                  input.languages, partners)
        (event.participants, event.followUps) = (participants, followUps)
        if eventID == nil { event.recordedBy = actorID }
        try await db.transaction { db in
            try await event.save(on: db)
            try await audit.record(eventID == nil ? .campaignEventCreated : .campaignEventChanged, object: (CampaignEvent.schema, event.id), on: db)
        }
        return event
    }

    @discardableResult
    func addMaterial(_ input: MaterialInput, campaignID: UUID) async throws -> CampaignMaterial {
        _ = try await shown(campaignID)
        var failure = ValidationFailure()
        Check.text(input.title.trimmingCharacters(in: .whitespaces), field: "title", label: "einen Titel", max: 200, into: &failure)
        Check.text(input.language.trimmingCharacters(in: .whitespaces), field: "language", label: "die Sprache", max: 40, into: &failure)
        let link = input.link.trimmingCharacters(in: .whitespaces)
        if !link.hasPrefix("https://") || link.count > 500 || URL(string: link)?.host == nil {
            failure.add("link", "Bitte geben Sie die Adresse des Materials an, beginnend mit https:// (höchstens 500 Zeichen).")
        }
        let towns = Set(try await OrganisationService.municipalities(scope, on: db).compactMap(\.id))
        let chosen = input.municipalityIDs ?? []
        if input.municipalityIDs == nil || !Set(chosen).isSubset(of: towns) {
            failure.add("municipalities", "Bitte wählen Sie nur Kommunen aus der Liste.")
        } else if chosen.isEmpty {
            failure.add("municipalities", "Bitte wählen Sie die Kommunen, auf deren öffentlicher Seite das Material erscheint.")
        }
        try failure.throwIfAny()
        let material = CampaignMaterial()
        (material.districtID, material.campaignID, material.title) = (scope.districtID, campaignID, input.title.trimmingCharacters(in: .whitespaces))
        (material.language, material.link, material.municipalityIDs) = (input.language.trimmingCharacters(in: .whitespaces), link, chosen)
        try await db.transaction { db in
            try await material.create(on: db)
            try await audit.record(.campaignMaterialAdded, object: (CampaignMaterial.schema, material.id), on: db)
        }
        return material
    }

    private func checkLanguages(_ languages: [String], required: Bool, into failure: inout ValidationFailure) {
        if required && languages.isEmpty { failure.add("languages", "Bitte nennen Sie mindestens eine Sprache.") }
        if languages.contains(where: { $0.count > 40 }) || languages.count > 20 {
            failure.add("languages", "Bitte nennen Sie höchstens 20 Sprachen mit je höchstens 40 Zeichen, durch Kommas getrennt.")
        }
    }

    /// The partners if each is a provider of this district's directory.
    private func checkPartners(_ ids: [UUID]?, into failure: inout ValidationFailure) async throws -> [UUID] {
        let message = "Bitte wählen Sie Partner aus dem Angebotsverzeichnis dieses Kreises."
        guard let ids else {
            failure.add("partners", message)
            return []
        }
        guard !ids.isEmpty else { return [] }
        let known = try await Provider.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$id ~~ ids).count()
        if known != Set(ids).count { failure.add("partners", message) }
        return ids
    }

    private func count(_ text: String, field: String, label: String, into failure: inout ValidationFailure) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let value = Int(trimmed) else {
            failure.add(field, "„\(label)“ muss eine ganze Zahl sein (0 oder mehr).")
            return nil
        }
        return value
    }
}

extension Request {
    func campaignDesk(_ action: Action) throws -> CampaignDesk { try plainDesk(CampaignDesk.self, action) }
}

extension FormFields {
    var campaignInput: CampaignDesk.CampaignInput {
        .init(title: text("title"), aims: text("aims"), targetGroups: choices("targetGroups", TargetGroup.self), languages: list("languages"),
              partnerIDs: readableIDs("partners"), startsOn: text("startsOn"), endsOn: text("endsOn"))
    }

    var campaignEventInput: CampaignDesk.EventInput {
        .init(kind: choice("kind", CampaignEventKind.self), heldOn: text("heldOn"), place: text("place"), municipalityID: uuid("municipalityId"),
              languages: list("languages"), partnerIDs: readableIDs("partners"), participants: text("participants"), followUps: text("followUps"))
    }

    var campaignMaterialInput: CampaignDesk.MaterialInput {
        .init(title: text("title"), language: text("language"), link: text("link"), municipalityIDs: readableIDs("municipalities"))
    }

    /// The ids sent under `name`, or nil when one of them is no id: refused, not silently dropped.
    func readableIDs(_ name: String) -> [UUID]? {
        let texts = all(name)
        let ids = texts.compactMap(UUID.init(uuidString:))
        return ids.count == texts.count ? ids : nil
    }
}
