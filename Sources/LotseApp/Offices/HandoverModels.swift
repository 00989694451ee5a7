import Fluent
import Foundation
import LotseCore

/// A pre-check the case manager handed over to the office responsible for the client's
/// municipality, with the client's waiver for that office (issue 16, part 4). What was handed over
/// is a copy of that moment, sealed with the client's key: the office sees this and nothing else of
/// the case, and only while the waiver holds. The codes (office, procedure, status, days) stay
/// unsealed for the steering figures and survive anonymisation; the content does not.
final class OfficeHandover: KeyedRecord, @unchecked Sendable {
    static let schema = "office_handovers"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $caseFileID, $preCheckID, $officeID, $consentID, $procedure, $status, $statusOn, $handedOverOn, $handedOverBy, $sealedContent, $recordKey] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @OptionalField(key: "pre_check_id") var preCheckID: UUID?
    @Field(key: "office_id") var officeID: UUID
    /// The waiver relied on when handing over; cleared when the case is anonymised.
    @OptionalField(key: "consent_id") var consentID: UUID?
    @Field(key: "procedure") var procedure: Procedure
    @Field(key: "status") var status: HandoverStatus
    /// The day of the latest status.
    @Field(key: "status_on") var statusOn: String
    @Field(key: "handed_over_on") var handedOverOn: String
    @Field(key: "handed_over_by") var handedOverBy: UUID
    @OptionalField(key: "sealed_content") var sealedContent: String?
    /// Its key for publishing counts (`RecordKeys.storedKey`), set on creation by `RecordKeyMiddleware`:
    /// handovers and their outcomes reach steering only through the disclosure control.
    @OptionalField(key: "record_key") var recordKey: Int64?

    init() {}
}

/// One step of a handover: the handover itself, and each feedback of the office, with an optional
/// note (sealed: "Passkopie und Sprachzertifikat angefordert" is about the person).
final class OfficeHandoverEvent: Model, @unchecked Sendable {
    static let schema = "office_handover_events"
    var properties: [any AnyProperty] { [$id, $handoverID, $status, $happenedOn, $sealedNote, $recordedBy, $recordedAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "handover_id") var handoverID: UUID
    @Field(key: "status") var status: HandoverStatus
    @Field(key: "happened_on") var happenedOn: String
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// What the office receives: who the person is, and the pre-check as it stood.
struct HandoverContent: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        let position: Int
        let title: String
        let legalSource: String
        let status: PreCheckStatus
        let note: String
        let reviewOn: String?
    }

    let givenNames: String
    let familyName: String
    let birthDate: String
    let checklist: String
    let version: Int
    let items: [Item]
}

extension HandoverContent {
    /// The requirements in the shape the case shows a pre-check: the office's page and the API use it.
    var itemViews: [CaseDetail.PreCheckView.Item] {
        items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource, status: Coded($0.status), note: $0.note, reviewOn: $0.reviewOn) }
    }
}
