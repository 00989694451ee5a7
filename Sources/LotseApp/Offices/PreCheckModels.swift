import Fluent
import Foundation
import LotseCore

/// A pre-check of a client against one checklist version (issue 16, part 3): personal data of the
/// case, so the answers are sealed with the client's key. It keeps the version it was started
/// with, whatever versions come later.
final class PreCheck: Model, @unchecked Sendable {
    static let schema = "pre_checks"
    var properties: [any AnyProperty] { [$id, $districtID, $caseFileID, $checklistID, $procedure, $startedOn, $createdBy, $updatedAt, $sealedAnswers, $dueOn] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "case_file_id") var caseFileID: UUID
    @Field(key: "checklist_id") var checklistID: UUID
    @Field(key: "procedure") var procedure: Procedure
    @Field(key: "started_on") var startedOn: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "sealed_answers") var sealedAnswers: String
    /// The earliest review day of a requirement not yet met (a day alone names nothing): for "Heute fällig".
    @OptionalField(key: "due_on") var dueOn: String?

    init() {}
}
