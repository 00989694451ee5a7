import Foundation
import LotseAPI

/// What the organisation API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension DistrictDTO: ContractAnswer {
    var contract: Components.Schemas.District {
        .init(id: id.contract,
              name: name,
              isActive: isActive)
    }
}

extension RegionDTO: ContractAnswer {
    var contract: Components.Schemas.Region {
        get throws {
            try .init(id: id.contract,
                      name: name,
                      kind: kind.contractCase(),
                      parentMunicipalityId: parentMunicipalityId.contract,
                      isActive: isActive)
        }
    }
}

extension MunicipalityDTO: ContractAnswer {
    var contract: Components.Schemas.Municipality {
        get throws {
            try .init(id: id.contract,
                      name: name,
                      regionId: regionId.contract,
                      isActive: isActive)
        }
    }
}

extension SettingsAPIController.SettingsDTO: ContractAnswer {
    var contract: Components.Schemas.DistrictSettings {
        get throws {
            try .init(disclosureThreshold: disclosureThreshold,
                      reportingPeriod: reportingPeriod.contractCase(),
                      closedCaseRetentionMonths: closedCaseRetentionMonths,
                      firstContactRetentionMonths: firstContactRetentionMonths,
                      auditRetentionMonths: auditRetentionMonths,
                      ageBandBounds: ageBandBounds)
        }
    }
}

extension DistrictWordsAPIController.WordsDTO: ContractAnswer {
    var contract: Components.Schemas.DistrictWords {
        get throws {
            try .init(steeringBody: value(.steeringBody),
                      steeringBodyGender: value(.steeringBodyGender).contractCase(),
                      blockWord: value(.blockWord),
                      blockNumbering: value(.blockNumbering).contractCase(),
                      coordinationTitle: value(.coordinationTitle),
                      caseManagementTitle: value(.caseManagementTitle),
                      immigrationOfficeTitle: value(.immigrationOfficeTitle),
                      planningConference: value(.planningConference),
                      workingGroup: value(.workingGroup),
                      qualityCircle: value(.qualityCircle),
                      roundTable: value(.roundTable),
                      municipalConference: value(.municipalConference),
                      districtConference: value(.districtConference),
                      steeringMemberRole: steeringMemberRole)
        }
    }
}
