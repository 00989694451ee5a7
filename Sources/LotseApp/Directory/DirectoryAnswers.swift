import Foundation
import LotseAPI

/// What the directory API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension DirectoryAPIController.ProviderDTO: ContractAnswer {
    var contract: Components.Schemas.Provider {
        get throws {
            try .init(id: id.contract,
                      name: name,
                      kind: kind.contractCase(),
                      phone: phone,
                      email: email,
                      website: website,
                      address: address,
                      municipalityIds: municipalityIds.contract,
                      isActive: isActive)
        }
    }
}

extension DirectoryAPIController.ServiceDTO: ContractAnswer {
    var contract: Components.Schemas.Service {
        get throws {
            try .init(id: id.contract,
                      providerId: providerId.contract,
                      name: name,
                      description: description,
                      lifeDomains: lifeDomains.map { try $0.contractCase() },
                      legalDomains: legalDomains.map { try $0.contractCase() },
                      targetGroups: targetGroups.map { try $0.contractCase() },
                      languages: languages,
                      municipalityIds: municipalityIds.contract,
                      location: location,
                      openingTimes: openingTimes,
                      accessMode: accessMode.contractCase(),
                      validFrom: validFrom,
                      validTo: validTo,
                      lastCheckedAt: lastCheckedAt,
                      checkOverdue: checkOverdue)
        }
    }
}

extension OfficeHoursAPIController.OfficeHoursDTO: ContractAnswer {
    var contract: Components.Schemas.OfficeHours {
        .init(id: id.contract,
              municipalityId: municipalityId.contract,
              place: place,
              times: times,
              languages: languages,
              contact: contact,
              isActive: isActive)
    }
}

extension CoverageAPIController.CellDTO: ContractAnswer {
    var contract: Components.Schemas.CoverageCell {
        .init(municipalityId: municipalityId.contract,
              lifeDomain: lifeDomain,
              services: services,
              referrals: referrals,
              findings: findings,
              isGap: isGap)
    }
}

extension DirectoryTransfer.Summary: ContractAnswer {
    var contract: Components.Schemas.ImportSummary {
        .init(providersCreated: providersCreated, providersUpdated: providersUpdated,
              servicesCreated: servicesCreated, servicesUpdated: servicesUpdated)
    }
}

extension DirectoryTransferAPIController.RejectedDTO: ContractAnswer {
    var contract: Components.Schemas.ImportRejected {
        .init(error: error, reason: reason, requestId: requestId, rows: rows.map { .init(line: $0.line, reasons: $0.reasons) })
    }
}
