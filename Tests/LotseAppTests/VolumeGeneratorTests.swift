import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LotseApp
@testable import LotseCore

/// The benchmark's data generator (`lotse generate`) writes what case work writes: sealed with
/// each client's key, findable by name through the blind index, keyed for published figures, and
/// every row audited in an intact chain. It refuses an installation with real districts.
@Suite struct VolumeGeneratorTests {
    @Test func generatedCasesAreSealedSearchableKeyedAndAudited() async throws {
        try await withLotse { context in
            let f = context.fixture
            let app = context.app
            let masterKey = try #require(app.lotse.configuration.masterKey)
            let district = VolumeDistrict(id: f.districtA, municipalityIDs: [f.municipalityA1, f.municipalityA2], providerIDs: [],
                                          caseManagerID: f.caseManager.id)
            let writer = VolumeCaseWriter(district: district, wrapper: ClientKeyWrapper(masterKey: masterKey), blindIndex: BlindIndex(masterKey: masterKey),
                                          today: context.clock.now)
            var random = SeededRandom(seed: 7)
            var batch = VolumeBatch()
            for number in 1...40 {
                try writer.write(number: String(format: "2026-%04d", number), openedDaysAgo: Int.random(in: 1...1_000, using: &random), into: &batch, using: &random)
                writer.writeBriefContact(daysAgo: 3, into: &batch, using: &random)
            }
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            try await batch.store(case: app.db, keys: app.db(.keyStore), chain: try #require(app.lotse.auditChain))

            #expect(try await CaseFile.query(on: app.db).filter(\.$districtID == f.districtA).count() == 40)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore + batch.audit.count)
            #expect(try await AuditCommand.verify(app) == .intact(entries: auditBefore + batch.audit.count))
            // Every counted record carries the key the publisher derives from its id.
            let keys = try #require(app.lotse.recordKeys)
            for file in try await CaseFile.query(on: app.db).filter(\.$districtID == f.districtA).all() {
                #expect(file.recordKey == keys.storedKey(of: try file.requireID()))
            }
            // Each client opens with its own key only, and is found by name.
            let client = try #require(batch.clients.first)
            let vault = ClientVault(keys: app.db(.keyStore), wrapper: try #require(app.lotse.clientKeys))
            let identity = try #require(try await vault.cipher(for: try client.requireID())
                .openJSON(ClientIdentity.self, client.sealedIdentity, Client.schema, client.id, "identity"))
            #expect(!identity.familyName.isEmpty && !client.sealedIdentity.contains(identity.familyName))
            let desk = CaseDesk(scope: .operatorCommand(.workOnCases, districtID: f.districtA), db: app.db, vault: vault,
                                blindIndex: try #require(app.lotse.blindIndex), audit: app.audit(requestID: "test"), now: context.clock.now,
                                actorID: f.caseManager.id)
            let found = try await desk.searchCases(name: identity.givenNames + " " + identity.familyName)
            #expect(found.contains { $0.clientID == client.id })
        }
    }

    @Test func theGeneratorRefusesAnInstallationWithRealDistricts() async throws {
        try await withLotse { context in
            var commandContext = CommandContext(console: context.app.console, input: CommandInput(arguments: ["lotse", "--cases", "5"]))
            commandContext.application = context.app
            await #expect(throws: SetupError.self) { try await GenerateCommand().run(using: &commandContext) }
            let generated = try await District.query(on: context.app.db).filter(\.$name ~~ VolumeGenerator.districtPrefix).count()
            let demo = try await District.query(on: context.app.db).filter(\.$name == DemoSeeder.districtName).count()
            #expect(generated == 0 && demo == 0, "nothing is created before the refusal")
        }
    }
}
