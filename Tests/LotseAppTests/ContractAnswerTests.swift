import Testing
import LotseAPI
@testable import LotseApp
@testable import LotseCore

/// The API's answers are built in the contract's generated types, so their fields are checked by
/// the compiler. Only listed codes are matched by name when they are sent (the generator makes a new
/// enum for each list): here every list Lotse answers with is compared with its vocabulary, both
/// ways, so no code can be sent that the contract does not list and the contract promises none that
/// Lotse does not have.
@Suite struct ContractAnswerTests {
    @Test func everyCodeLotseSendsIsListedInTheContractAndNoOtherOne() throws {
        try same(AccessChannel.self, Components.Schemas.BriefContact.AccessChannelPayload.self)
        try same(LifeDomain.self, Components.Schemas.BriefContact.LifeDomainsPayloadPayload.self)
        try same(BriefContactOutcome.self, Components.Schemas.BriefContact.OutcomePayload.self)
        try same(Gender.self, Components.Schemas.ClientIdentity.GenderPayload.self)
        try same(ProviderKind.self, Components.Schemas.Provider.KindPayload.self)
        try same(LifeDomain.self, Components.Schemas.Service.LifeDomainsPayloadPayload.self)
        try same(LegalDomain.self, Components.Schemas.Service.LegalDomainsPayloadPayload.self)
        try same(TargetGroup.self, Components.Schemas.Service.TargetGroupsPayloadPayload.self)
        try same(AccessMode.self, Components.Schemas.Service.AccessModePayload.self)
        try same(Region.Kind.self, Components.Schemas.Region.KindPayload.self)
        try same(ReportingPeriodKind.self, Components.Schemas.DistrictSettings.ReportingPeriodPayload.self)
        try same(Role.self, Components.Schemas.RoleGrant.RolePayload.self)
        try same(AuditOutcome.self, Components.Schemas.AuditEntry.OutcomePayload.self)
        try same(GrantRequestStatus.self, Components.Schemas.GrantRequest.StatusPayload.self)
    }

    @Test func aCodeTheContractDoesNotListIsADefectNotAnAnswer() throws {
        #expect(throws: ContractDrift.self) {
            let _: Components.Schemas.Region.KindPayload = try "province".contractCase()
        }
        let bearer: Components.Schemas.TokenResponse.TokenTypePayload = try "Bearer".contractCase()
        #expect(bearer.rawValue == "Bearer")
    }

    private func same<Lotse: RawRepresentable & CaseIterable, Contract: RawRepresentable & CaseIterable>(
        _ lotse: Lotse.Type, _ contract: Contract.Type
    ) throws where Lotse.RawValue == String, Contract.RawValue == String {
        for code in Lotse.allCases {
            let listed: Contract = try code.contractCase()
            #expect(listed.rawValue == code.rawValue)
        }
        #expect(Set(Contract.allCases.map(\.rawValue)) == Set(Lotse.allCases.map(\.rawValue)), "\(Contract.self) lists other codes than \(Lotse.self)")
    }
}
