import Fluent
import Foundation
import LotseCore

// The stored shape of case work. Anything that identifies a person or is free text is stored only
// sealed with the client's own key (columns named `sealed_…`); codes, dates and ids stay plain so
// that lists, filters and the coordinators' pseudonymised view work without opening anything.
// Calendar days are YYYY-MM-DD strings, as in the directory, so no time zone shifts them.

/// An anonymous short advice: counted, never personal.
final class BriefContact: KeyedRecord, @unchecked Sendable {
    static let schema = "brief_contacts"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $contactOn, $accessChannel, $lifeDomains, $outcome, $caseFileID, $recordedBy, $createdAt, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "contact_on") var contactOn: String
    @Field(key: "access_channel") var accessChannel: AccessChannel
    @Field(key: "life_domains") var lifeDomains: [LifeDomain]
    @Field(key: "outcome") var outcome: BriefContactOutcome
    @OptionalField(key: "case_file_id") var caseFileID: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}

/// A case (Fall). Until the case-management consent is given it holds what a brief contact holds.
final class CaseFile: KeyedRecord, @unchecked Sendable {
    static let schema = "case_files"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $number, $accessChannel, $sealedReferringParty, $lifeDomains, $phase, $intakeOutcome, $clientID, $caseManagerID, $openedOn, $ageAtOpening, $closureReason, $goalAttainment, $sealedEvaluation, $closedOn, $closedFrom, $createdAt, $recordKey, $erasedOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    /// The pseudonym coordinators see: year and running number in the district ("2026-0042").
    @Field(key: "number") var number: String
    @Field(key: "access_channel") var accessChannel: AccessChannel
    /// The reporting agency on Ebene 2 (an organisation's name, never a person's), sealed like
    /// every free text of a case: with the client's key, or with the case's own key while no
    /// client is recorded (`CaseDesk.sealCaseText`). Nil when none was named.
    @OptionalField(key: "sealed_referring_party") var sealedReferringParty: String?
    @Field(key: "life_domains") var lifeDomains: [LifeDomain]
    @Field(key: "phase") var phase: Phase
    @OptionalField(key: "intake_outcome") var intakeOutcome: IntakeOutcome?
    @OptionalField(key: "client_id") var clientID: UUID?
    @Field(key: "case_manager_id") var caseManagerID: UUID
    @Field(key: "opened_on") var openedOn: String
    /// The client's age in whole years on the day the case was opened: a statistical fact for the
    /// figures by age group (issue 19, part 5), kept when the case is anonymised; nil while no
    /// birth date is known.
    @OptionalField(key: "age_at_opening") var ageAtOpening: Int?
    @OptionalField(key: "closure_reason") var closureReason: ClosureReason?
    @OptionalField(key: "goal_attainment") var goalAttainment: GoalAttainment?
    @OptionalField(key: "sealed_evaluation") var sealedEvaluation: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closed_from") var closedFrom: Phase?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`.
    @OptionalField(key: "record_key") var recordKey: Int64?
    /// The day the case was anonymised after its retention period (`CaseAnonymiser`): from then on
    /// it is only counted, never shown.
    @OptionalField(key: "erased_on") var erasedOn: String?

    init() {}
}

/// One entry of the phase history: when the case entered a phase, and why when it was reopened.
final class PhaseEvent: Model, @unchecked Sendable {
    static let schema = "case_phase_events"
    var properties: [any AnyProperty] { [$id, $caseFileID, $phase, $enteredAt, $sealedReason] }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "phase") var phase: Phase
    @Field(key: "entered_at") var enteredAt: Date
    @OptionalField(key: "sealed_reason") var sealedReason: String?

    init() {}
}

/// A client (Klient*in). Everything identifying is in one sealed document.
final class Client: Model, @unchecked Sendable {
    static let schema = "clients"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $householdID, $sealedIdentity, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    /// Members of one household share this id (linked clients).
    @Field(key: "household_id") var householdID: UUID
    @Field(key: "sealed_identity") var sealedIdentity: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Keyed hashes of a client's name words, their sounds and the birth date, for search and
/// duplicate detection without plaintext.
final class ClientSearchToken: Model, @unchecked Sendable {
    static let schema = "client_search_tokens"
    var properties: [any AnyProperty] { [$id, $districtID, $clientID, $kind, $token] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "token") var token: String

    init() {}
}

/// A legal domain a client is in, from a day; a change of legal domain ends one and begins the
/// next on the same day and names the previous one.
final class LegalDomainMembership: Model, @unchecked Sendable {
    static let schema = "legal_domain_memberships"
    var properties: [any AnyProperty] { [$id, $districtID, $clientID, $legalDomain, $beganOn, $endedOn, $previousLegalDomain] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "legal_domain") var legalDomain: LegalDomain
    @Field(key: "began_on") var beganOn: String
    @OptionalField(key: "ended_on") var endedOn: String?
    @OptionalField(key: "previous_legal_domain") var previousLegalDomain: LegalDomain?

    init() {}
}

/// An Einverständniserklärung or a Schweigepflichtentbindung for one recipient.
final class Consent: Model, @unchecked Sendable {
    static let schema = "consents"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $kind, $status, $method, $givenOn, $recipientProviderID, $sealedPurpose, $validFrom, $validUntil, $withdrawnOn, $recordedBy, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "kind") var kind: ConsentKind
    @Field(key: "status") var status: ConsentStatus
    @Field(key: "method") var method: ConsentMethod
    @Field(key: "given_on") var givenOn: String
    @OptionalField(key: "recipient_provider_id") var recipientProviderID: UUID?
    @OptionalField(key: "sealed_purpose") var sealedPurpose: String?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_until") var validUntil: String?
    @OptionalField(key: "withdrawn_on") var withdrawnOn: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
