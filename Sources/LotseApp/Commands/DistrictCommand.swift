import Fluent
import Vapor

/// `lotse district`: for the operator of an installation that hosts several districts. Lists
/// them, and deactivates or reactivates one (a deactivated district's people cannot sign in, its
/// sessions and tokens end). A district is created with `lotse setup`; its administration renames
/// it in Lotse itself.
struct DistrictCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "deactivate", help: "Name des Kreises, der deaktiviert werden soll.")
        var deactivate: String?

        @Option(name: "activate", help: "Name des Kreises, der wieder aktiviert werden soll.")
        var activate: String?

        init() {}
    }

    var help: String { "Listet die Kreise dieser Installation; deaktiviert oder aktiviert einen Kreis." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if let name = signature.deactivate ?? signature.activate {
            let active = signature.activate != nil
            guard let district = try await District.query(on: app.db).filter(\.$name == name).first() else {
                context.console.error("Einen Kreis „\(name)“ gibt es nicht. `lotse district` listet alle Kreise.")
                throw ExitCode(1)
            }
            district.isActive = active
            try await app.db.transaction { database in
                try await district.save(on: database)
                if !active {
                    let users = try await User.query(on: database).filter(\.$districtID == district.requireID()).all()
                    for user in users { try await SessionStore.endAll(of: user.requireID(), on: database, now: app.lotse.configuration.now()) }
                }
                try await app.audit(requestID: "district-" + UUID().uuidString)
                    .record(active ? .districtActivated : .districtDeactivated, object: ("district", district.id), districtID: district.id, on: database)
            }
            context.console.success("\(name) ist jetzt \(active ? "aktiv" : "deaktiviert").")
        }
        for district in try await District.query(on: app.db).sort(\.$name).all() {
            let users = try await User.query(on: app.db).filter(\.$districtID == district.requireID()).count()
            context.console.print("\(district.name) – \(district.isActive ? "aktiv" : "deaktiviert"), \(users) Benutzer*innen")
        }
    }
}
