import Fluent
import Foundation
import LotseCore

/// A generative topic: findings bundled by the coordination, with a problem statement. Never
/// personal: it is written for bodies and, in the end, for the state.
final class Topic: Model, @unchecked Sendable {
    static let schema = "topics"
    var properties: [any AnyProperty] { [$id, $districtID, $title, $statement, $priority, $responsibleID, $status, $createdAt, $raisedOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "statement") var statement: String
    @Field(key: "priority") var priority: Priority
    @OptionalField(key: "responsible_id") var responsibleID: UUID?
    @Field(key: "status") var status: TopicStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The day the topic was raised; nil for topics from before it was asked (read `createdAt`).
    @OptionalField(key: "raised_on") var raisedOn: String?

    init() {}

    /// The day the topic counts from in periods, goals and exports.
    var dayRaised: String { raisedOn ?? createdAt.map(GermanFormat.isoDay) ?? "" }
}

/// One rung of the ladder: when, by whom and why the topic moved.
final class TopicEvent: Model, @unchecked Sendable {
    static let schema = "topic_events"
    var properties: [any AnyProperty] { [$id, $topicID, $status, $reason, $movedBy, $movedAt, $happenedOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "topic_id") var topicID: UUID
    @Field(key: "status") var status: TopicStatus
    @Field(key: "reason") var reason: String
    @Field(key: "moved_by") var movedBy: UUID
    @Field(key: "moved_at") var movedAt: Date
    /// The day the step was taken; nil for steps from before it was asked (read `movedAt`).
    @OptionalField(key: "happened_on") var happenedOn: String?

    init() {}

    var day: String { happenedOn ?? GermanFormat.isoDay(movedAt) }
}

/// Which topic a finding belongs to; a table of its own so that moving a finding is one row.
final class FindingAssignment: Model, @unchecked Sendable {
    static let schema = "finding_assignments"
    var properties: [any AnyProperty] { [$id, $districtID, $findingID, $topicID] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "finding_id") var findingID: UUID
    @Field(key: "topic_id") var topicID: UUID

    init() {}
}

