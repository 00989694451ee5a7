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

extension AccessRequestOverview.Row: ContractAnswer {
    var contract: Components.Schemas.AccessRequestRow {
        get throws {
            try .init(id: id.contract, caseId: caseId.contract, caseNumber: caseNumber, municipality: municipality, receivedOn: receivedOn,
                      deadline: deadline, fulfilledOn: fulfilledOn, delivery: delivery?.contractCase(), isOverdue: isOverdue, recordedBy: recordedBy)
        }
    }
}

extension AccessRequestOverview: ContractAnswer {
    var contract: Components.Schemas.AccessRequests {
        get throws { try .init(open: open.contract, fulfilled: fulfilled.contract) }
    }
}

extension AccessExport: ContractAnswer {
    var contract: Components.Schemas.AccessExport {
        get throws {
            try .init(generatedAt: generatedAt, generatedBy: generatedBy, controller: controller,
                      person: .init(identity: person.identity.contract, gender: person.gender.contract, legalDomains: person.legalDomains.contract,
                                    householdMembers: person.householdMembers),
                      corrections: corrections.contract, cases: cases.contract, casesElsewhere: casesElsewhere,
                      disclosures: disclosures.map { .init(on: $0.on, caseNumber: $0.caseNumber, recipient: $0.recipient, what: $0.what) },
                      information: information.map { .init(heading: $0.heading, text: $0.text) })
        }
    }
}
