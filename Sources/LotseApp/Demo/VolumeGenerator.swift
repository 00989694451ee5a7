import Fluent
import Foundation
import LotseCore
import Vapor

/// Fills a demo installation with years of invented case work at a real district's volume, for
/// the benchmark (`scripts/bench`): the demo Kreis gets `casesPerDistrict` cases, and each further
/// district the same. Rows are sealed with per-client keys and audited as case work does; only the
/// way they are stored differs (many rows per statement, so a state's ten million rows take
/// minutes, not days).
struct VolumeGenerator {
    static let districtPrefix = "Generierter Kreis"

    let app: Application
    let casesPerDistrict: Int
    let districts: Int
    let years: Int
    let seed: UInt64
    let report: (String) -> Void

    struct Totals {
        var cases = 0
        var rows = 0
    }

    func run() async throws -> Totals {
        guard let masterKey = app.lotse.configuration.masterKey, let chain = app.lotse.auditChain else {
            throw SetupError(description: "Für den Datengenerator fehlt der Hauptschlüssel.")
        }
        try await Self.refuseForeignInstallation(app)
        var random = SeededRandom(seed: seed)
        var totals = Totals()
        let started = Date()
        for number in 0..<districts {
            let district = number == 0 ? try await demoDistrict() : try await createDistrict(number + 1)
            let writer = VolumeCaseWriter(district: district, wrapper: ClientKeyWrapper(masterKey: masterKey),
                                          blindIndex: BlindIndex(masterKey: masterKey), today: app.lotse.configuration.now())
            totals = try await fill(district, with: writer, chain: chain, random: &random, totals: totals)
            let seconds = Date().timeIntervalSince(started)
            report("Kreis \(number + 1) von \(districts): \(totals.cases) Fälle, \(totals.rows) Zeilen, \(Int(seconds)) s")
        }
        return totals
    }

    /// The cases of one district, oldest first, so case numbers run with the calendar.
    private func fill(_ district: VolumeDistrict, with writer: VolumeCaseWriter, chain: AuditChain, random: inout SeededRandom,
                      totals: Totals) async throws -> Totals {
        var totals = totals
        var numbers = try await existingNumbers(in: district.id)
        let openings = (0..<casesPerDistrict).map { _ in Int.random(in: 1...(years * 365), using: &random) }.sorted(by: >)
        var batch = VolumeBatch()
        for daysAgo in openings {
            let year = String(writer.day(writer.today.addingTimeInterval(Double(-daysAgo) * 86_400)).prefix(4))
            numbers[year, default: 0] += 1
            try writer.write(number: year + "-" + String(format: "%04d", numbers[year] ?? 0), openedDaysAgo: daysAgo, into: &batch, using: &random)
            writer.writeBriefContact(daysAgo: Int.random(in: 1...(years * 365), using: &random), into: &batch, using: &random)
            if batch.files.count == 250 {
                totals.rows += batch.rowCount
                try await batch.store(case: app.db, keys: app.db(.keyStore), chain: chain)
                batch = VolumeBatch()
            }
            totals.cases += 1
        }
        totals.rows += batch.rowCount
        try await batch.store(case: app.db, keys: app.db(.keyStore), chain: chain)
        return totals
    }

    /// Running numbers already given per year, so generated cases continue them.
    private func existingNumbers(in districtID: UUID) async throws -> [String: Int] {
        var numbers: [String: Int] = [:]
        for file in try await CaseFile.query(on: app.db).filter(\.$districtID == districtID).field(\.$number).all() {
            let parts = file.number.split(separator: "-")
            guard parts.count == 2, let running = Int(parts[1]) else { continue }
            numbers[String(parts[0]), default: 0] = max(numbers[String(parts[0])] ?? 0, running)
        }
        return numbers
    }

    /// Generated data belong in a demo installation only: any district that is neither the demo
    /// Kreis nor a generated one means real data, and the generator stops.
    static func refuseForeignInstallation(_ app: Application) async throws {
        let names = try await District.query(on: app.db).all().map(\.name)
        if let foreign = names.first(where: { $0 != DemoSeeder.districtName && !$0.hasPrefix(Self.districtPrefix) }) {
            throw SetupError(description: "Diese Installation enthält den Kreis „\(foreign)“: Der Datengenerator füllt nur Demo-Installationen.")
        }
    }

    private func demoDistrict() async throws -> VolumeDistrict {
        guard let district = try await District.query(on: app.db).filter(\.$name == DemoSeeder.districtName).first(),
              let caseManager = try await User.query(on: app.db).filter(\.$username == DemoSeeder.accounts[0].username).first() else {
            throw SetupError(description: "Der Demo-Kreis fehlt: `lotse generate` legt ihn zuerst an; bitte erneut versuchen.")
        }
        let id = try district.requireID()
        let towns = try await Municipality.query(on: app.db).filter(\.$districtID == id).all().compactMap(\.id)
        let providers = try await Provider.query(on: app.db).filter(\.$districtID == id).all().compactMap(\.id)
        return VolumeDistrict(id: id, municipalityIDs: towns, providerIDs: providers, caseManagerID: try caseManager.requireID())
    }

    /// A further district with ten municipalities, one provider and one case manager (who cannot
    /// sign in: the benchmark signs in to the demo Kreis only).
    private func createDistrict(_ number: Int) async throws -> VolumeDistrict {
        let name = "\(Self.districtPrefix) \(number)"
        if try await District.query(on: app.db).filter(\.$name == name).first() != nil {
            throw SetupError(description: "„\(name)“ gibt es schon: Der Datengenerator läuft einmal auf einer neuen Demo-Datenbank.")
        }
        let district = District(name: name)
        try await district.create(on: app.db)
        let id = try district.requireID()
        var towns: [UUID] = []
        for town in 1...10 {
            let municipality = Municipality(districtID: id, regionID: nil, name: "Gemeinde \(number)-\(town)")
            try await municipality.create(on: app.db)
            towns.append(try municipality.requireID())
        }
        let provider = Provider()
        provider.districtID = id
        provider.name = "Jobcenter \(name)"
        provider.kind = .jobcenter
        provider.phone = ""
        provider.email = ""
        provider.website = ""
        provider.address = ""
        provider.municipalityIDs = towns
        provider.isActive = true
        try await provider.create(on: app.db)
        let user = User(districtID: id, username: "generiert.\(number)", displayName: "Case Management \(name)",
                        passwordHash: "!", mustChangePassword: false)
        try await user.create(on: app.db)
        try await UserAdministration.replaceGrants(of: user, with: [RoleGrant(role: .caseManager, scope: .district)], on: app.db)
        return VolumeDistrict(id: id, municipalityIDs: towns, providerIDs: [try provider.requireID()], caseManagerID: try user.requireID())
    }
}
