import Fluent
import Vapor

/// `lotse generate`: the benchmark's data. Creates the demo Kreis (as `lotse demo` does) and fills
/// it, and as many further districts as asked, with years of invented case work. Refuses any
/// installation that holds a real district.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "cases", help: "Fälle je Kreis (Standard: 7500, ein Kreis in fünf Jahren).")
        var cases: Int?

        @Option(name: "districts", help: "Anzahl der Kreise, der Demo-Kreis eingeschlossen (Standard: 1; das Land: 54).")
        var districts: Int?

        @Option(name: "years", help: "Über wie viele Jahre die Fälle verteilt sind (Standard: 5).")
        var years: Int?

        @Option(name: "seed", help: "Startwert des Zufalls: gleicher Wert, gleiche Daten (Standard: 1).")
        var seed: Int?

        init() {}
    }

    var help: String { "Erzeugt erfundene Falldaten im Umfang eines Kreises oder des Landes (für scripts/bench)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let cases = signature.cases ?? 7_500
        let districts = signature.districts ?? 1
        let years = signature.years ?? 5
        guard cases >= 0, (1...500).contains(districts), (1...20).contains(years) else {
            context.console.error("Bitte geben Sie 0 oder mehr Fälle, 1 bis 500 Kreise und 1 bis 20 Jahre an.")
            throw ExitCode(1)
        }
        try await app.autoMigrate()
        try await VolumeGenerator.refuseForeignInstallation(app)
        try await DemoSeeder.seed(app)
        let generator = VolumeGenerator(app: app, casesPerDistrict: cases, districts: districts, years: years,
                                        seed: UInt64(max(0, signature.seed ?? 1))) { context.console.print($0) }
        let totals = try await generator.run()
        context.console.success("Erzeugt: \(totals.cases) Fälle mit \(totals.rows) Zeilen in \(districts) Kreis(en).")
    }
}
