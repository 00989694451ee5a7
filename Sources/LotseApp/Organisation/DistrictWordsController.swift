import Fluent
import LotseCore
import Vapor

/// The district's own words (issue 19, part 1), kept by its administration: what its steering body,
/// its blocks, bodies and case conferences are called. Pages, goals, reports, exports and role
/// names use them; what is left empty keeps Paderborn's word.
struct DistrictWordsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.districtWords, use: form)
        routes.post(.districtWords, use: save)
    }

    static let crumbs = OrganisationAdminController.crumbs

    func page(_ req: Request, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        let words = try await DistrictWords.load(try req.authorize(.administerOrganisation).scope.districtID, on: req.db)
        var form = FormView(action: SiteURL.districtWords.path, cancel: SiteURL.organisation.path, submit: "Begriffe speichern", intro: [
            "So nennt Ihr Kreis sein Steuerungsgremium, seine Bausteine, Gremien und Fallkonferenzen. Seiten, Jahresziele, Erfahrungsberichte, "
                + "das Controlling und die Rollennamen verwenden diese Begriffe. Ein leeres Feld stellt den Begriff von Lotse wieder her.",
            "Zurzeit heißt es zum Beispiel: „\(words.TheSteeringBody) hat zweimal getagt.“ – „\(words.name(.steeringMember))“ – „\(words.blockName(.caseManagement))“.",
        ])
        for term in DistrictTerm.allCases {
            switch term {
            case .steeringBodyGender: form.add(.radios, term.rawValue, term.germanName, GrammaticalGender.self)
            case .blockNumbering: form.add(.radios, term.rawValue, term.germanName, BlockNumbering.self)
            default: form.add(.text, term.rawValue, term.germanName, hint: "Vorgabe: \(term.standard)", required: false)
            }
        }
        return try await ProgrammeController.form(req, form, "Begriffe des Kreises", fields, failure, Self.crumbs)
    }

    func form(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let words = try await DistrictWords.load(access.scope.districtID, on: req.db)
        return try await page(req, .with(Dictionary(uniqueKeysWithValues: DistrictTerm.allCases.map { ($0.rawValue, words.value($0)) })))
    }

    func save(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let fields = try await req.formFields()
        do {
            try await Self.save(fields, access.scope, audit: req.audit, on: req.db)
            return req.seeOther(.districtWords, notice: .saved)
        } catch let failure as ValidationFailure {
            return try await page(req, fields, failure: failure)
        }
    }

    /// Every term sent is checked first; then each is stored, or removed where it is empty or the
    /// default again. A term not sent (API) keeps its value.
    static func save(_ fields: FormFields, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws {
        var failure = ValidationFailure()
        var chosen: [DistrictTerm: String] = [:]
        for term in DistrictTerm.allCases where fields.has(term.rawValue) {
            let value = fields.text(term.rawValue).trimmingCharacters(in: .whitespacesAndNewlines)
            switch term {
            case .steeringBodyGender:
                guard value.isEmpty || GrammaticalGender(rawValue: value) != nil else {
                    failure.add(term.rawValue, "Bitte wählen Sie den Artikel des Steuerungsgremiums: die, der oder das.")
                    continue
                }
            case .blockNumbering:
                guard value.isEmpty || BlockNumbering(rawValue: value) != nil else {
                    failure.add(term.rawValue, "Bitte wählen Sie, ob die Bausteine mit 1, 2, 3 oder mit I, II, III nummeriert werden.")
                    continue
                }
            default:
                if !value.isEmpty && (value.count < 2 || value.count > DistrictTerm.maximumLength) {
                    failure.add(term.rawValue, "Bitte geben Sie für „\(term.germanName)“ 2 bis \(DistrictTerm.maximumLength) Zeichen ein, oder lassen Sie das Feld leer.")
                    continue
                }
                if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) || value.contains("<") {
                    failure.add(term.rawValue, "Bitte verwenden Sie für „\(term.germanName)“ nur Buchstaben, Ziffern, Leerzeichen und Satzzeichen ohne spitze Klammern.")
                    continue
                }
            }
            chosen[term] = value
        }
        if !failure.isEmpty { throw failure }
        let terms = chosen
        try await database.transaction { database in
            for (term, value) in terms {
                let stored = try await DistrictTermRecord.query(on: database).filter(\.$districtID == scope.districtID)
                    .filter(\.$term == term.rawValue).first()
                if value.isEmpty || value == term.standard {
                    try await stored?.delete(on: database)
                } else if let stored {
                    stored.value = value
                    try await stored.save(on: database)
                } else {
                    try await DistrictTermRecord(districtID: scope.districtID, term: term, value: value).save(on: database)
                }
            }
            try await audit.record(.settingsChanged, object: ("district", scope.districtID), on: database)
        }
    }
}

/// The same over JSON.
struct DistrictWordsAPIController {
    struct WordsDTO: Sendable {
        let values: [DistrictTerm: String]
        let steeringMemberRole: String

        init(_ words: DistrictWords) {
            values = Dictionary(uniqueKeysWithValues: DistrictTerm.allCases.map { ($0, words.value($0)) })
            steeringMemberRole = words.name(.steeringMember)
        }

        func value(_ term: DistrictTerm) -> String { values[term] ?? term.standard }
    }

    func show(req: Request) async throws -> WordsDTO {
        WordsDTO(try await DistrictWords.load(try req.authorize(.administerOrganisation).scope.districtID, on: req.db))
    }

    func update(req: Request) async throws -> WordsDTO {
        let access = try req.authorize(.administerOrganisation)
        try await DistrictWordsController.save(try req.jsonFields(), access.scope, audit: req.audit, on: req.db)
        return WordsDTO(try await DistrictWords.load(access.scope.districtID, on: req.db))
    }
}
