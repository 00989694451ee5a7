import Fluent
import Foundation
import LotseCore

/// Falleinschätzung for one life domain. A re-assessment adds a newer row; the newest counts.
final class Assessment: Model, @unchecked Sendable {
    static let schema = "assessments"
    var properties: [any AnyProperty] { [$id, $caseFileID, $lifeDomain, $priority, $sealedText, $assessedOn, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "life_domain") var lifeDomain: LifeDomain
    @Field(key: "priority") var priority: Priority
    /// Situation, needs and resources, sealed together as one JSON document.
    @Field(key: "sealed_text") var sealedText: String
    @Field(key: "assessed_on") var assessedOn: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A goal of the goal agreement.
final class Goal: Model, @unchecked Sendable {
    static let schema = "goals"
    var properties: [any AnyProperty] { [$id, $caseFileID, $lifeDomain, $sealedDescription, $agreedOn, $status, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "life_domain") var lifeDomain: LifeDomain
    @Field(key: "sealed_description") var sealedDescription: String
    @Field(key: "agreed_on") var agreedOn: String
    @Field(key: "status") var status: GoalStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Who does what by when (Leistungssteuerung); from a goal or agreed in a case conference.
final class CaseAction: Model, @unchecked Sendable {
    static let schema = "case_actions"
    var properties: [any AnyProperty] { [$id, $caseFileID, $goalID, $conferenceID, $sealedText, $dueOn, $status, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @OptionalField(key: "goal_id") var goalID: UUID?
    @OptionalField(key: "conference_id") var conferenceID: UUID?
    /// What and who, sealed together.
    @Field(key: "sealed_text") var sealedText: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: ActionStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A review date (Wiedervorlage) and, once held, the progress per goal.
final class Review: Model, @unchecked Sendable {
    static let schema = "reviews"
    var properties: [any AnyProperty] { [$id, $caseFileID, $dueOn, $heldOn, $sealedProgress, $leadsToReassessment, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "held_on") var heldOn: String?
    @OptionalField(key: "sealed_progress") var sealedProgress: String?
    @Field(key: "leads_to_reassessment") var leadsToReassessment: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One entry of the contacts log.
final class CaseContact: KeyedRecord, @unchecked Sendable {
    static let schema = "case_contacts"
    var properties: [any AnyProperty] { [$id, $caseFileID, $contactOn, $kind, $minutes, $interpreterUsed, $sealedNote, $createdAt, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "contact_on") var contactOn: String
    @Field(key: "kind") var kind: ContactKind
    @Field(key: "minutes") var minutes: Int
    @Field(key: "interpreter_used") var interpreterUsed: Bool
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}

/// Verweisberatung: a handover to an organisation of the directory.
final class Referral: KeyedRecord, @unchecked Sendable {
    static let schema = "referrals"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $caseFileID, $providerID, $serviceID, $lifeDomain, $sealedReason, $handoverItems, $consentID, $status, $sealedFeedback, $referredOn, $createdAt, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "provider_id") var providerID: UUID
    @OptionalField(key: "service_id") var serviceID: UUID?
    @Field(key: "life_domain") var lifeDomain: LifeDomain
    @Field(key: "sealed_reason") var sealedReason: String
    /// The checklist: which kinds of data were passed on (codes, no content).
    @Field(key: "handover_items") var handoverItems: [HandoverItem]
    /// The disclosure consent the handover relied on.
    @OptionalField(key: "consent_id") var consentID: UUID?
    @Field(key: "status") var status: ReferralStatus
    @OptionalField(key: "sealed_feedback") var sealedFeedback: String?
    @Field(key: "referred_on") var referredOn: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}

/// Fallkonferenz: municipal (called by the case manager) or district level (called by a coordinator).
final class CaseConference: KeyedRecord, @unchecked Sendable {
    static let schema = "case_conferences"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $level, $heldOn, $calledBy, $participantProviderIDs, $consentIDs, $sealedMinutes, $createdAt, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "level") var level: ConferenceLevel
    @Field(key: "held_on") var heldOn: String
    @Field(key: "called_by") var calledBy: UUID
    @Field(key: "participant_provider_ids") var participantProviderIDs: [UUID]
    /// The disclosure consents the participation relied on, in the order of the participants.
    @Field(key: "consent_ids") var consentIDs: [UUID]
    @OptionalField(key: "sealed_minutes") var sealedMinutes: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}

/// A structural finding raised from a case: never personal, so stored in plain text for the
/// coordinators (their side comes with the topics).
final class Finding: KeyedRecord, @unchecked Sendable {
    static let schema = "findings"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $caseFileID, $category, $lifeDomain, $legalDomains, $level, $details, $reportedBy, $reportedOn, $createdAt, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "category") var category: FindingCategory
    @Field(key: "life_domain") var lifeDomain: LifeDomain
    @Field(key: "legal_domains") var legalDomains: [LegalDomain]
    @Field(key: "level") var level: FindingLevel
    @Field(key: "description") var details: String
    @Field(key: "reported_by") var reportedBy: UUID
    @Field(key: "reported_on") var reportedOn: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}
