import Fluent
import Vapor

/// Every migration, in the order it runs. Files in this folder are numbered the same way; a
/// migration that has shipped is never edited (`scripts/check-migrations` compares each with the
/// checksum recorded when it shipped): the schema changes only by a new, higher-numbered one.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateOrganisation())        // 0001
        app.migrations.add(CreateIdentity())            // 0002
        app.migrations.add(AddSignInFailureIndex())     // 0003
        app.migrations.add(CreateAuditTrail())          // 0004
        app.migrations.add(CreateDirectory())           // 0005
        app.migrations.add(CreateOfficeHours())         // 0006
        app.migrations.add(CreateCaseWork())            // 0007
        app.migrations.add(CreateClientKeys(), to: .keyStore) // 0008, in the separate key store
        app.migrations.add(CreateTopics())              // 0009
        app.migrations.add(CreateSteering())            // 0010
        app.migrations.add(CreateEvidenceRequests())    // 0011
        app.migrations.add(CreateDistrictSettings())    // 0012
        app.migrations.add(CreateProgramme())           // 0013
        app.migrations.add(SealReferringParty(vault: app.lotse.clientKeys.map { ClientVault(keys: app.db(.keyStore), wrapper: $0) })) // 0014
        app.migrations.add(CreateRoleGrantRequests())   // 0015
        app.migrations.add(AddLookupIndexes())          // 0016
        app.migrations.add(AddRecordKeys(keys: app.lotse.recordKeys)) // 0017
        app.migrations.add(AddCoveringIndexes())        // 0018
        app.migrations.add(AddAuditRepeats())           // 0019
        app.migrations.add(CreateRetention())           // 0020
        app.migrations.add(CreateErasureRequests())     // 0021
        app.migrations.add(CreateRestrictionsAndCorrections()) // 0022
        app.migrations.add(CreateAccessRequests())      // 0023
        app.migrations.add(AddAuditRetention())         // 0024
        app.migrations.add(CreateOffices())             // 0025
        app.migrations.add(CreatePreChecks())           // 0026
        app.migrations.add(AddPreCheckDueDay())         // 0027
        app.migrations.add(CreateOfficeHandovers())     // 0028
        app.migrations.add(CreateBacklogReports())      // 0029
        app.migrations.add(CreateCampaigns())           // 0030
        app.migrations.add(AddBodyMemberAccounts())     // 0031
        app.migrations.add(CreateReportVersions())      // 0032
        app.migrations.add(AddMeetingTimeAgendaProposalsAndCirculation())  // 0033
        app.migrations.add(CreateDistrictTerms())       // 0034
        app.migrations.add(AddSharedPostsAndDatedFTE()) // 0035
        app.migrations.add(AddDaysOfWork())             // 0036
        app.migrations.add(AddAgeBands())               // 0037
        app.migrations.add(CreateHelpPlans())           // 0038
        app.migrations.add(CreateReportTexts())         // 0039
        app.migrations.add(AddContactDayIndex())        // 0040
    }
}
