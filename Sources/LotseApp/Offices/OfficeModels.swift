import Fluent
import Foundation
import LotseCore

/// An immigration or naturalisation office of the district (Baustein 3, issue 16): the Kreis's own,
/// or a town's with an office of its own. Responsible for a set of municipalities, for each of its
/// kinds; no two offices of a kind share a municipality (`OfficeJurisdiction`).
final class ImmigrationOffice: Model, @unchecked Sendable {
    static let schema = "immigration_offices"
    var properties: [any AnyProperty] { [$id, $districtID, $name, $kinds, $municipalityIDs, $isActive, $providerID] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kinds") var kinds: [OfficeKind]
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]
    @Field(key: "is_active") var isActive: Bool
    /// The office's entry in the directory: the recipient a client's waiver names (issue 16, part 4).
    @OptionalField(key: "provider_id") var providerID: UUID?

    init() {}

    var jurisdiction: OfficeJurisdiction.Office {
        OfficeJurisdiction.Office(id: id ?? UUID(), name: name, kinds: Set(kinds), municipalityIDs: Set(municipalityIDs))
    }
}

/// A person of the `immigrationOffice` role working for one office (one office per person).
final class OfficeMember: Model, @unchecked Sendable {
    static let schema = "office_members"
    var properties: [any AnyProperty] { [$id, $officeID, $userID] }

    @ID(key: .id) var id: UUID?
    @Field(key: "office_id") var officeID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}
}

/// One version of an office's checklist of requirements for a procedure. A change of law is a new
/// version with its own validity; older versions stay for the pre-checks that used them.
final class RequirementChecklist: Model, @unchecked Sendable {
    static let schema = "requirement_checklists"
    var properties: [any AnyProperty] { [$id, $districtID, $officeID, $seriesID, $procedure, $title, $version, $validFrom, $validUntil, $isExample, $createdBy, $createdAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "office_id") var officeID: UUID
    /// The same for every version of one checklist.
    @Field(key: "series_id") var seriesID: UUID
    @Field(key: "procedure") var procedure: Procedure
    @Field(key: "title") var title: String
    @Field(key: "version") var version: Int
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_until") var validUntil: String?
    /// Demo data: shown as an example, not as the office's real requirements.
    @Field(key: "is_example") var isExample: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var versionRule: ChecklistVersions.Version { .init(number: version, validFrom: validFrom, validUntil: validUntil) }
}

/// One requirement of a checklist version: what, where the law says it, in plain German for case
/// managers, and the documents usually needed.
final class ChecklistItem: Model, @unchecked Sendable {
    static let schema = "checklist_items"
    var properties: [any AnyProperty] { [$id, $checklistID, $position, $title, $legalSource, $explanation, $documents] }

    @ID(key: .id) var id: UUID?
    @Field(key: "checklist_id") var checklistID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "legal_source") var legalSource: String
    @Field(key: "explanation") var explanation: String
    @Field(key: "documents") var documents: String

    init() {}
}
