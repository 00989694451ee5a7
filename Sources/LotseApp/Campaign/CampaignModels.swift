import Fluent
import Foundation
import LotseCore

/// A district-wide naturalisation campaign (issue 16, part 6), run by the coordination with the
/// offices and the case managers: its aims, partners from the directory, target groups and
/// languages. No personal data: events are counted, nobody is named.
final class Campaign: Model, @unchecked Sendable {
    static let schema = "campaigns"
    var properties: [any AnyProperty] { [$id, $districtID, $title, $aims, $targetGroups, $languages, $partnerIDs, $startsOn, $endsOn, $createdBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "aims") var aims: String
    @Field(key: "target_groups") var targetGroups: [TargetGroup]
    @Field(key: "languages") var languages: [String]
    @Field(key: "partner_ids") var partnerIDs: [UUID]
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "created_by") var createdBy: UUID

    init() {}
}

/// An information evening or consultation day of a campaign: where, when, in which languages and
/// with whom; after it, how many came and how many follow-up consultations it led to.
final class CampaignEvent: Model, @unchecked Sendable {
    static let schema = "campaign_events"
    var properties: [any AnyProperty] { [$id, $districtID, $campaignID, $kind, $heldOn, $place, $municipalityID, $languages, $partnerIDs, $participants, $followUps, $recordedBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "kind") var kind: CampaignEventKind
    @Field(key: "held_on") var heldOn: String
    @Field(key: "place") var place: String
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "languages") var languages: [String]
    @Field(key: "partner_ids") var partnerIDs: [UUID]
    @OptionalField(key: "participants") var participants: Int?
    @OptionalField(key: "follow_ups") var followUps: Int?
    @Field(key: "recorded_by") var recordedBy: UUID

    init() {}

    var reachEvent: CampaignReach.Event {
        .init(municipalityID: municipalityID, heldOn: heldOn, participants: participants, followUps: followUps)
    }
}

/// A flyer or other material of a campaign in one language, with its address; shown on the public
/// pages of the municipalities it is for.
final class CampaignMaterial: Model, @unchecked Sendable {
    static let schema = "campaign_materials"
    var properties: [any AnyProperty] { [$id, $districtID, $campaignID, $title, $language, $link, $municipalityIDs] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "campaign_id") var campaignID: UUID
    @Field(key: "title") var title: String
    @Field(key: "language") var language: String
    @Field(key: "link") var link: String
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]

    init() {}
}
