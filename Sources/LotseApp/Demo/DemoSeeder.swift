import Fluent
import LotseCore
import Vapor

/// Builds the demo Kreis from the seeds: Kreis Paderborn, its ten municipalities in the regions of
/// its Handlungskonzept (seed 001, "Regionen 1 – 3 umfassen jeweils drei … kreisangehörige
/// Kommunen", plus the city of Paderborn with the four social districts of its youth office), and
/// one account per role. Called by `lotse demo`, never by a migration.
enum DemoSeeder {
    /// The seed says that regions 1–3 have three municipalities each, not which ones. This grouping
    /// by neighbourhood (north-east, south, west) is our assumption, and the organisation page of
    /// the demo says so. The names of the four social districts of the city are invented too.
    static let regions: [(name: String, municipalities: [String])] = [
        ("Region 1 (Nord-Ost, angenommen)", ["Altenbeken", "Bad Lippspringe", "Hövelhof"]),
        ("Region 2 (Süd, angenommen)", ["Bad Wünnenberg", "Büren", "Lichtenau"]),
        ("Region 3 (West, angenommen)", ["Borchen", "Delbrück", "Salzkotten"]),
        ("Stadt Paderborn", ["Paderborn"]),
    ]
    static let socialDistricts = ["Sozialbezirk Nord", "Sozialbezirk Ost", "Sozialbezirk Süd", "Sozialbezirk West"]
    static let districtName = "Kreis Paderborn"

    static let accounts: [(role: Role, username: String, displayName: String)] = [
        (.caseManager, "demo.casemanagement", "Clara Demir (Case Management, Region 1)"),
        (.coordinator, "demo.koordination", "Jonas Becker (Koordinierende Stelle)"),
        (.immigrationOffice, "demo.abh", "Aylin Yıldız (Ausländer- und Einbürgerungsbehörde)"),
        (.steeringMember, "demo.lenkungsgruppe", "Dr. Petra Wolff (Lenkungsgruppe)"),
        (.admin, "demo.admin", "Marek Nowak (Fachadministration)"),
        (.dataProtection, "demo.datenschutz", "Sabine Krüger (Datenschutz)"),
        (.erasureApprover, "demo.zweitpruefung", "Thomas Berg (Zweitprüfung von Löschanträgen)"),
    ]

    /// Creates the demo Kreis if the database has none, and (re)creates the demo accounts' secrets
    /// when their file is missing. Returns whether anything was created.
    @discardableResult
    static func seed(_ app: Application) async throws -> Bool {
        let configuration = app.lotse.configuration
        var created = false
        let district: District
        if let existing = try await District.query(on: app.db).filter(\.$name == districtName).first() {
            district = existing
        } else {
            district = District(name: districtName)
            try await app.db.transaction { database in
                try await district.create(on: database)
                try await createOrganisation(of: district, on: database)
            }
            created = true
        }
        try await DemoDirectory.seed(districtID: try district.requireID(), now: configuration.now(), on: app.db)
        if DemoAccounts.stored(at: configuration.demoCredentialsPath) == nil {
            try await createAccounts(in: district, app: app)
            created = true
        }
        try await DemoCases.seed(app, districtID: try district.requireID())
        try await DemoOffices.seed(app, districtID: try district.requireID(), now: configuration.now())
        try await DemoCampaign.seed(app, districtID: try district.requireID(), now: configuration.now())
        return created
    }

    static func createOrganisation(of district: District, on database: any Database) async throws {
        let districtID = try district.requireID()
        for entry in regions {
            let region = Region(districtID: districtID, name: entry.name, kind: .region)
            try await region.create(on: database)
            for name in entry.municipalities {
                try await Municipality(districtID: districtID, regionID: region.id, name: name).create(on: database)
            }
        }
        let city = try await Municipality.query(on: database).filter(\.$name == "Paderborn").filter(\.$districtID == districtID).first()
        for name in socialDistricts {
            try await Region(districtID: districtID, name: name, kind: .socialDistrict, parentMunicipalityID: city?.id).create(on: database)
        }
    }

    static func createAccounts(in district: District, app: Application) async throws {
        let districtID = try district.requireID()
        let regionOne = try await Region.query(on: app.db).filter(\.$districtID == districtID).filter(\.$name == regions[0].name).first()
        let localMunicipalities = try await Municipality.query(on: app.db).filter(\.$regionID == regionOne?.id).all().compactMap(\.id)
        let box = SecretBox(masterKey: try requireMasterKey(app), purpose: "totp-secret")
        var stored: [DemoAccounts.Stored] = []
        for account in accounts {
            let password = SecureRandom.oneTimePassword()
            let secret = TOTP.generateSecret()
            let hash = try await app.password.async.hash(PasswordRules.prehash(password))
            let user = try await User.query(on: app.db).filter(\.$username == account.username).first()
                ?? User(districtID: districtID, username: account.username, displayName: account.displayName, passwordHash: hash, mustChangePassword: false)
            user.passwordHash = hash
            user.mustChangePassword = false
            user.isActive = true
            user.totpLastStep = nil
            try await user.save(on: app.db)
            user.totpSecretSealed = try box.seal(secret, context: "user:\(try user.requireID())")
            try await user.save(on: app.db)
            let scope: GrantScope = account.role == .caseManager ? .municipalities(Set(localMunicipalities)) : .district
            try await UserAdministration.replaceGrants(of: user, with: [RoleGrant(role: account.role, scope: scope)], on: app.db)
            stored.append(.init(role: account.role.rawValue, username: account.username, password: password, totpSecret: Base32.encode(secret)))
        }
        try DemoAccounts.save(stored, to: app.lotse.configuration.demoCredentialsPath)
    }

    static func requireMasterKey(_ app: Application) throws -> MasterKey {
        guard let key = app.lotse.configuration.masterKey else {
            throw SetupError(description: "Für die Demo fehlt der Hauptschlüssel.")
        }
        return key
    }
}
