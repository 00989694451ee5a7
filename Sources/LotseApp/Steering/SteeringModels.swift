import Fluent
import Foundation
import LotseCore

/// A body that meets: the steering group, planning conferences, working groups, … A working group
/// set up by a decision names that decision and carries its mandate.
final class Body: Model, @unchecked Sendable {
    static let schema = "bodies"
    var properties: [any AnyProperty] { [$id, $districtID, $name, $kind, $municipalityID, $mandate, $decisionID, $isActive, $ageBands] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: BodyKind
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @Field(key: "mandate") var mandate: String
    @OptionalField(key: "decision_id") var decisionID: UUID?
    @Field(key: "is_active") var isActive: Bool
    /// The age groups the body serves ("0-6", "6-18": `AgeBands.Band.code`), as Coesfeld's
    /// working groups do; nil or empty: all ages.
    @OptionalField(key: "age_bands") var ageBands: [String]?

    init() {}
}

/// A member by person, organisation and function (officials in their role, not clients).
final class BodyMember: Model, @unchecked Sendable {
    static let schema = "body_members"
    var properties: [any AnyProperty] { [$id, $bodyID, $name, $organisation, $function, $userID] }

    @ID(key: .id) var id: UUID?
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "name") var name: String
    @Field(key: "organisation") var organisation: String
    @Field(key: "function") var function: String
    /// The member's account, for the office staff in exchange meetings (issue 16, part 8): they read
    /// the papers of their body's meetings and nothing else of steering.
    @OptionalField(key: "user_id") var userID: UUID?

    init() {}
}

final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"
    var properties: [any AnyProperty] { [$id, $districtID, $bodyID, $heldOn, $place, $invitedMemberIDs, $presentMemberIDs, $minutes, $startsAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "body_id") var bodyID: UUID
    @Field(key: "held_on") var heldOn: String
    @Field(key: "place") var place: String
    @Field(key: "invited_member_ids") var invitedMemberIDs: [UUID]
    @Field(key: "present_member_ids") var presentMemberIDs: [UUID]
    @Field(key: "minutes") var minutes: String
    /// "14:00"; empty or missing where only the day is known.
    @OptionalField(key: "starts_at") var startsAt: String?

    init() {}
}

/// An agenda item: a topic, a result a working group brings back, or anything else.
final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "agenda_items"
    var properties: [any AnyProperty] { [$id, $meetingID, $position, $title, $topicID, $sourceBodyID, $proposedResolution] }

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "topic_id") var topicID: UUID?
    @OptionalField(key: "source_body_id") var sourceBodyID: UUID?
    /// The resolution the coordination proposes; the decision paper prints it.
    @OptionalField(key: "proposed_resolution") var proposedResolution: String?

    init() {}
}

final class Decision: Model, @unchecked Sendable {
    static let schema = "decisions"
    var properties: [any AnyProperty] { [$id, $districtID, $meetingID, $topicID, $text, $kind, $owner, $dueOn, $status, $createdAt, $byCirculation, $decidedOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @OptionalField(key: "topic_id") var topicID: UUID?
    @Field(key: "text") var text: String
    @Field(key: "kind") var kind: DecisionKind
    @Field(key: "owner") var owner: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: DecisionStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Taken by circulation ("im Umlaufverfahren"), not in the meeting it is filed under.
    @OptionalField(key: "by_circulation") var byCirculation: Bool?
    /// The day a decision by circulation was taken; nil for one taken in its meeting (its day).
    @OptionalField(key: "decided_on") var decidedOn: String?

    init() {}
}

