import Foundation
import LotseAPI

/// What the retention API answers, converted field by field into the types generated from
/// `openapi.yaml`.

extension RetentionAPIController.HoldDTO: ContractAnswer {
    var contract: Components.Schemas.RetentionHold {
        .init(id: id.contract, caseId: caseId.contract, reason: reason, heldOn: heldOn)
    }
}

extension RetentionAPIController.CaseDTO: ContractAnswer {
    var contract: Components.Schemas.RetentionCase {
        get throws {
            try .init(caseId: caseId.contract, number: number, municipality: municipality, closedOn: closedOn, dueOn: dueOn,
                      kind: kind.contractCase(), hold: hold?.contract, restrictedSince: restrictedSince)
        }
    }
}

extension RetentionAPIController.RunDTO: ContractAnswer {
    var contract: Components.Schemas.RetentionRun {
        get throws {
            try .init(ranAt: ranAt, trigger: trigger.contractCase(), casesAnonymised: casesAnonymised, clientsErased: clientsErased,
                      casesHeld: casesHeld)
        }
    }
}

extension RetentionAPIController.OverviewDTO: ContractAnswer {
    var contract: Components.Schemas.RetentionOverview {
        get throws {
            try .init(closedCaseRetentionMonths: closedCaseRetentionMonths, firstContactRetentionMonths: firstContactRetentionMonths,
                      previewEnd: previewEnd, due: due.contract, upcoming: upcoming.contract, held: held.contract, runs: runs.contract)
        }
    }
}
