import Fluent
import Foundation
import LotseCore

/// An organisation in the support system (Träger, Beratungsstelle, Amt).
final class Provider: Model, @unchecked Sendable {
    static let schema = "providers"
    var properties: [any AnyProperty] { [$id, $districtID, $name, $kind, $phone, $email, $website, $address, $municipalityIDs, $isActive] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: ProviderKind
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "website") var website: String
    @Field(key: "address") var address: String
    /// The municipalities it serves. Kept as a list on the row: directories have hundreds of
    /// entries, not millions, and filtering happens after loading one district.
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]
    @Field(key: "is_active") var isActive: Bool

    init() {}
}

/// Something a provider offers: counselling, a course, a benefit office.
final class Service: Model, @unchecked Sendable {
    static let schema = "services"
    var properties: [any AnyProperty] { [$id, $districtID, $provider, $name, $details, $lifeDomains, $legalDomains, $targetGroups, $languages, $municipalityIDs, $location, $openingTimes, $accessMode, $validFrom, $validTo, $lastCheckedAt, $lastCheckedBy] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "provider_id") var provider: Provider
    @Field(key: "name") var name: String
    @Field(key: "description") var details: String
    @Field(key: "life_domains") var lifeDomains: [LifeDomain]
    @Field(key: "legal_domains") var legalDomains: [LegalDomain]
    @Field(key: "target_groups") var targetGroups: [TargetGroup]
    @Field(key: "languages") var languages: [String]
    @Field(key: "municipality_ids") var municipalityIDs: [UUID]
    @Field(key: "location") var location: String
    @Field(key: "opening_times") var openingTimes: String
    @Field(key: "access_mode") var accessMode: AccessMode
    /// Calendar days as YYYY-MM-DD: a day, not an instant, so no time zone can shift it
    /// (a PostgreSQL `date` column would take the UTC day of Berlin midnight).
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_to") var validTo: String?
    @OptionalField(key: "last_checked_at") var lastCheckedAt: Date?
    @OptionalField(key: "last_checked_by") var lastCheckedBy: UUID?

    init() {}
}
