import Fluent
import Foundation
import LotseCore
import Vapor

/// Access requests (Art. 15 GDPR) on a case: the case manager records the day a request came in
/// (the deadline is one month later, Art. 12 (3)) and, once the person has the export, how and when
/// it reached them. Recording is not a change of the person's data, so a restricted case takes it.
extension CaseDesk {
    func recordAccessRequest(receivedOn: String, caseID: UUID) async throws {
        let file = try await caseFile(caseID)
        var failure = ValidationFailure()
        let day = Check.day(receivedOn, field: "receivedOn", label: "den Tag des Eingangs", into: &failure)
        if let day, day > today { failure.add("receivedOn", "Der Tag des Eingangs darf nicht in der Zukunft liegen.") }
        let received = try failure.checked(day)
        if try await AccessRequest.query(on: db).filter(\.$caseFileID == caseID).filter(\.$fulfilledOn == nil).first() != nil {
            throw PublicError(status: .conflict, reason: "Zu diesem Fall ist schon ein Auskunftsersuchen offen. Halten Sie zuerst fest, dass es beantwortet ist.")
        }
        let request = AccessRequest()
        request.districtID = file.districtID
        request.municipalityID = file.municipalityID
        request.caseFileID = caseID
        request.receivedOn = received
        request.deadline = RetentionRule.dueOn(closedOn: received, months: 1) ?? received
        request.recordedBy = actorID
        try await db.transaction { db in
            try await request.create(on: db)
            try await record(.accessRequested, AccessRequest.schema, request.id, on: db)
        }
    }

    func fulfilAccessRequest(_ requestID: UUID, fulfilledOn: String, delivery: AccessDelivery?, caseID: UUID) async throws {
        _ = try await caseFile(caseID)
        guard let request = try await AccessRequest.query(on: db).filter(\.$id == requestID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        guard request.fulfilledOn == nil else {
            throw PublicError(status: .conflict, reason: "Dieses Auskunftsersuchen ist schon als beantwortet festgehalten.")
        }
        var failure = ValidationFailure()
        let day = Check.day(fulfilledOn, field: "fulfilledOn", label: "den Tag der Auskunft", into: &failure)
        if let day, day > today { failure.add("fulfilledOn", "Der Tag der Auskunft darf nicht in der Zukunft liegen.") }
        if let day, day < request.receivedOn { failure.add("fulfilledOn", "Der Tag der Auskunft liegt vor dem Eingang des Ersuchens.") }
        Check.choice(delivery, field: "delivery", label: "den Weg der Auskunft", into: &failure)
        request.fulfilledOn = try failure.checked(day)
        request.delivery = delivery
        request.fulfilledBy = actorID
        try await db.transaction { db in
            try await request.save(on: db)
            try await record(.accessFulfilled, AccessRequest.schema, request.id, on: db)
        }
    }

    static func accessRequestViews(_ rows: [AccessRequest], today: String) -> [CaseDetail.AccessRequestView] {
        rows.sorted { $0.receivedOn > $1.receivedOn }.compactMap { row in
            row.id.map { id in
                CaseDetail.AccessRequestView(id: id, receivedOn: row.receivedOn, deadline: row.deadline, fulfilledOn: row.fulfilledOn,
                                             delivery: row.delivery.map(Coded.init), isOpen: row.fulfilledOn == nil,
                                             isOverdue: row.fulfilledOn == nil && row.deadline < today)
            }
        }
    }
}
