import Foundation
import LotseAPI

/// What the audit trail API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension AuditAPIController.EntryDTO: ContractAnswer {
    var contract: Components.Schemas.AuditEntry {
        get throws {
            try .init(sequence: Int(sequence),
                      occurredAt: occurredAt,
                      actorId: actorId.contract,
                      clientAddress: clientAddress,
                      requestId: requestId,
                      action: action,
                      objectType: objectType,
                      objectId: objectId,
                      outcome: outcome.contractCase())
        }
    }
}

extension Components.Schemas.AuditPage {
    /// Not a `ContractAnswer`: `Paged` answers users; a generic type conforms only once.
    init(_ page: Paged<AuditAPIController.EntryDTO>) throws {
        self.init(items: try page.items.contract, page: page.page, perPage: page.perPage, total: page.total)
    }
}
