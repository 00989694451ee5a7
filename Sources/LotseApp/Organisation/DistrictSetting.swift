import Fluent
import Foundation
import LotseCore

/// Settings a district chooses for itself: the disclosure threshold (DESIGN.md §4.6: every aggregate
/// shown to anyone but a case's own case manager hides counts below it), the reporting period and
/// the retention periods.
final class DistrictSetting: Model, @unchecked Sendable {
    static let schema = "district_settings"
    var properties: [any AnyProperty] { [$id, $districtID, $disclosureThreshold, $reportingPeriod, $retentionClosedCaseMonths, $retentionFirstContactMonths, $retentionAuditMonths, $ageBandBounds] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "disclosure_threshold") var disclosureThreshold: Int
    /// School year or calendar year (added with the annual report; nil until chosen: school year).
    @OptionalField(key: "reporting_period") var reportingPeriod: ReportingPeriodKind?
    /// Retention periods in months (issue 15); nil until chosen: `RetentionPeriods.standard`.
    @OptionalField(key: "retention_closed_case_months") var retentionClosedCaseMonths: Int?
    @OptionalField(key: "retention_first_contact_months") var retentionFirstContactMonths: Int?
    @OptionalField(key: "retention_audit_months") var retentionAuditMonths: Int?
    /// The age groups' lower bounds after 0 (issue 19, part 5); nil until chosen: `AgeBands.standard`.
    @OptionalField(key: "age_band_bounds") var ageBandBounds: [Int]?

    init() {}

    /// How long the district keeps closed cases.
    var retention: RetentionPeriods {
        RetentionPeriods(closedCaseMonths: retentionClosedCaseMonths ?? RetentionPeriods.standard.closedCaseMonths,
                         firstContactMonths: retentionFirstContactMonths ?? RetentionPeriods.standard.firstContactMonths,
                         auditMonths: retentionAuditMonths ?? RetentionPeriods.standard.auditMonths)
    }

    static func retention(of districtID: UUID, on database: any Database) async throws -> RetentionPeriods {
        try await DistrictSetting.query(on: database).filter(\.$districtID == districtID).first()?.retention ?? .standard
    }

    /// The lowest and highest threshold a district may choose: below 3 small numbers identify
    /// people too easily; above 20 the figures say nothing any more.
    static let thresholdRange = 3...20

    static func threshold(of districtID: UUID, on database: any Database) async throws -> Int {
        try await DistrictSetting.query(on: database).filter(\.$districtID == districtID).first()?.disclosureThreshold
            ?? 5
    }

    static func ageBands(of districtID: UUID, on database: any Database) async throws -> AgeBands {
        let stored = try await DistrictSetting.query(on: database).filter(\.$districtID == districtID).first()?.ageBandBounds
        return stored.flatMap { AgeBands(bounds: $0) } ?? .standard
    }

    static func reportingPeriodKind(of districtID: UUID, on database: any Database) async throws -> ReportingPeriodKind {
        let stored = try await DistrictSetting.query(on: database).filter(\.$districtID == districtID).first()?.reportingPeriod
        // Not set yet: the school year, as the programme's funding runs.
        return stored ?? .schoolYear
    }
}

