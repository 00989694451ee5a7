import Fluent
import Foundation

/// When and where the case management of a municipality can be reached without an appointment
/// (Sprechstunde). Its contact is the office's published one, never a person's private data.
final class OfficeHours: Model, @unchecked Sendable {
    static let schema = "office_hours"
    var properties: [any AnyProperty] { [$id, $districtID, $municipalityID, $place, $times, $languages, $contact, $isActive] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "municipality_id") var municipalityID: UUID
    @Field(key: "place") var place: String
    @Field(key: "times") var times: String
    @Field(key: "languages") var languages: [String]
    @Field(key: "contact") var contact: String
    @Field(key: "is_active") var isActive: Bool

    init() {}
}

