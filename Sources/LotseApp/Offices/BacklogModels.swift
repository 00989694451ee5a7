import Fluent
import Foundation
import LotseCore

/// One office's backlog figures for one procedure in one month (issue 16, part 5): counts only,
/// no personal data. One row per office, month and procedure; a later report replaces it.
final class BacklogReport: Model, @unchecked Sendable {
    static let schema = "backlog_reports"
    var properties: [any AnyProperty] { [$id, $districtID, $officeID, $month, $procedure, $received, $granted, $refused, $withdrawn, $pending, $pendingOverThreeMonths, $pendingOverSixMonths, $recordedBy, $recordedAt] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "office_id") var officeID: UUID
    /// YYYY-MM.
    @Field(key: "month") var month: String
    @Field(key: "procedure") var procedure: Procedure
    @Field(key: "received") var received: Int
    @Field(key: "granted") var granted: Int
    @Field(key: "refused") var refused: Int
    @Field(key: "withdrawn") var withdrawn: Int
    @Field(key: "pending") var pending: Int
    @Field(key: "pending_over_three") var pendingOverThreeMonths: Int
    @Field(key: "pending_over_six") var pendingOverSixMonths: Int
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var figures: BacklogFigures {
        get {
            BacklogFigures(received: received, granted: granted, refused: refused, withdrawn: withdrawn, pending: pending,
                           pendingOverThreeMonths: pendingOverThreeMonths, pendingOverSixMonths: pendingOverSixMonths)
        }
        set {
            (received, granted, refused, withdrawn) = (newValue.received, newValue.granted, newValue.refused, newValue.withdrawn)
            (pending, pendingOverThreeMonths, pendingOverSixMonths) = (newValue.pending, newValue.pendingOverThreeMonths, newValue.pendingOverSixMonths)
        }
    }

    var row: BacklogRules.Row { .init(month: month, procedure: procedure, figures: figures) }
}
