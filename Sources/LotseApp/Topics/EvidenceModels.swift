import Fluent
import Foundation
import LotseCore

/// "Seht ihr das auch?" (seed 003, 9): before a topic goes to a body, the coordination asks the
/// case management of other municipalities. Answers carry numbers and a comment, never persons.
final class EvidenceRequest: Model, @unchecked Sendable {
    static let schema = "evidence_requests"
    var properties: [any AnyProperty] { [$id, $districtID, $topicID, $question, $municipalityIDs, $askedOn, $askedBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "topic_id") var topicID: UUID
    @Field(key: "question") var question: String
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]
    @Field(key: "asked_on") var askedOn: String
    @Field(key: "asked_by") var askedBy: UUID

    init() {}
}

final class EvidenceAnswer: Model, @unchecked Sendable {
    static let schema = "evidence_answers"
    var properties: [any AnyProperty] { [$id, $requestID, $municipalityID, $seesSame, $cases, $comment, $answeredOn, $answeredBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "sees_same") var seesSame: SeesSame
    @Field(key: "cases") var cases: Int
    @Field(key: "comment") var comment: String
    @Field(key: "answered_on") var answeredOn: String
    @Field(key: "answered_by") var answeredBy: UUID

    init() {}
}

/// A topic forwarded to the state: when the letter went, to whom, and what came back.
final class StateForwarding: Model, @unchecked Sendable {
    static let schema = "state_forwardings"
    var properties: [any AnyProperty] { [$id, $districtID, $topicID, $recipient, $sentOn, $answer, $answeredOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "topic_id") var topicID: UUID
    @Field(key: "recipient") var recipient: String
    @Field(key: "sent_on") var sentOn: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "answered_on") var answeredOn: String?

    init() {}
}

