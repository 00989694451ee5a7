import Foundation
import LotseAPI

/// What the identity API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension UserDTO: ContractAnswer {
    var contract: Components.Schemas.User {
        get throws {
            try .init(id: id.contract,
                      username: username,
                      displayName: displayName,
                      roles: roles.contract,
                      isActive: isActive,
                      setupPending: setupPending,
                      pendingRoles: pendingRoles.contract)
        }
    }
}

extension UserAPIController.ResetResult: ContractAnswer {
    var contract: Components.Schemas.OneTimePassword {
        .init(oneTimePassword: oneTimePassword.contract)
    }
}

extension AccountAPIController.MeDTO: ContractAnswer {
    var contract: Components.Schemas.Me {
        get throws {
            try .init(user: user.contract,
                      districtId: districtId.contract,
                      permissions: permissions)
        }
    }
}

extension AccountAPIController.SessionDTO: ContractAnswer {
    var contract: Components.Schemas.Session {
        .init(id: id.contract,
              startedAt: startedAt,
              lastSeenAt: lastSeenAt,
              clientAddress: clientAddress,
              browser: browser)
    }
}

extension TokenAPIController.TokenResponse: ContractAnswer {
    var contract: Components.Schemas.TokenResponse {
        get throws { try .init(token: token, tokenType: tokenType.contractCase(), expiresAt: expiresAt) }
    }
}

extension RoleGrantDTO: ContractAnswer {
    var contract: Components.Schemas.RoleGrant {
        get throws { try .init(role: role.contractCase(), municipalityIds: municipalityIds.contract) }
    }
}

extension UserAPIController.Created: ContractAnswer {
    var contract: Components.Schemas.UserCreated {
        get throws { try .init(user: user.contract, oneTimePassword: oneTimePassword) }
    }
}

extension Paged: ContractAnswer where Item == UserDTO {
    var contract: Components.Schemas.UserPage {
        get throws { try .init(items: items.contract, page: page, perPage: perPage, total: total) }
    }
}

extension GrantApprovals.View: ContractAnswer {
    var contract: Components.Schemas.GrantRequest {
        get throws {
            try .init(id: id.contract, userId: userId.contract, user: user, grant: grant.contract, scope: scope, requestedBy: requestedBy,
                      requestedAt: requestedAt, status: status.contractCase(), mayDecide: mayDecide)
        }
    }
}
