import Foundation
import LotseAPI

/// What the erasure-request API answers, converted field by field into the types generated from
/// `openapi.yaml`.

extension ErasureAPIController.RequestDTO: ContractAnswer {
    var contract: Components.Schemas.ErasureRequest {
        get throws {
            try .init(id: id.contract, caseId: caseId.contract, number: number, municipality: municipality, reason: reason, requestedOn: requestedOn,
                      deadline: deadline, requestedBy: requestedBy, status: status.contractCase(), decidedOn: decidedOn, decidedBy: decidedBy,
                      decisionReason: decisionReason, casesAnonymised: casesAnonymised)
        }
    }
}

extension ErasureAPIController.ListDTO: ContractAnswer {
    var contract: Components.Schemas.ErasureRequests {
        get throws { try .init(pending: pending.contract, decided: decided.contract) }
    }
}
