import Fluent
import LotseCore
import Vapor

/// `lotse setup`: prepares a real installation. Creates the master key file if no key is
/// configured, migrates the database, creates the district and its first administrator with a
/// one-time password that is printed once.
struct SetupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "district", help: "Name des Kreises, z. B. \"Kreis Höxter\".")
        var district: String?

        @Option(name: "username", help: "Benutzername der ersten Fachadministration (Kleinbuchstaben).")
        var username: String?

        @Option(name: "name", help: "Name der Person, z. B. \"Eva Schmidt\".")
        var name: String?

        init() {}
    }

    var help: String { "Richtet Lotse ein: Hauptschlüssel, Datenbank, Kreis und erste Fachadministration." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let console = context.console
        guard let districtName = signature.district?.trimmingCharacters(in: .whitespaces), !districtName.isEmpty,
              let username = signature.username.map(SignInService.normalisedUsername), !username.isEmpty,
              let displayName = signature.name?.trimmingCharacters(in: .whitespaces), !displayName.isEmpty else {
            console.error("Bitte geben Sie --district, --username und --name an, z. B.:")
            console.print("  lotse setup --district \"Kreis Höxter\" --username eva.schmidt --name \"Eva Schmidt\"")
            throw ExitCode(1)
        }
        if app.lotse.configuration.masterKey == nil {
            let path = app.lotse.configuration.newMasterKeyPath
            let key = try MasterKeySource.createKeyFile(at: path)
            app.lotse = LotseServices(configuration: { var c = app.lotse.configuration; c.masterKey = key; return c }())
            console.warning("Neuer Hauptschlüssel: \(path). Sichern Sie ihn getrennt von der Datenbank; ohne ihn sind verschlüsselte Daten verloren.")
        }
        try await app.autoMigrate()
        let district = try await District.query(on: app.db).filter(\.$name == districtName).first() ?? District(name: districtName)
        try await district.save(on: app.db)
        let input = UserAdministration.Input(displayName: displayName, username: username, grants: [RoleGrant(role: .admin, scope: .district)])
        do {
            try await UserAdministration.validate(input, .operatorCommand(.administerUsers, districtID: try district.requireID()), existingID: nil, on: app.db)
        } catch let failure as ValidationFailure {
            for error in failure.errors { console.error(error.message) }
            throw ExitCode(1)
        }
        // The checks above ran first so that nothing is created when they fail.
        let (_, password) = try await UserAdministration.create(
            input, .operatorCommand(.administerUsers, districtID: try district.requireID()), by: .operatorConsole,
            audit: app.audit(requestID: "setup-" + UUID().uuidString), now: Date(), on: app.db
        ) { try await app.password.async.hash(PasswordRules.prehash($0)) }
        console.success("\(districtName) ist eingerichtet.")
        console.print("Erste Anmeldung als \(username) mit dem Einmalpasswort:")
        console.print("  \(password)")
        console.print("Bei der ersten Anmeldung werden ein eigenes Passwort und die Authenticator-App eingerichtet.")
    }
}

/// Ends the command with a non-zero exit status after a message was already printed.
struct ExitCode: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}
