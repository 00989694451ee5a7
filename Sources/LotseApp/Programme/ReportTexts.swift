import Fluent
import Foundation
import LotseCore
import Vapor

/// One of a district's standing texts for its annual report (`StandingText`).
final class ReportTextRecord: Model, @unchecked Sendable {
    static let schema = "district_report_texts"
    var properties: [any AnyProperty] { [$id, $districtID, $kind, $text] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "text") var text: String

    init() {}
}

extension ProgrammeDesk {
    /// The district's standing texts; a kind not set is empty.
    func standingTexts() async throws -> [StandingText: String] {
        var texts: [StandingText: String] = [:]
        for row in try await ReportTextRecord.query(on: db).filter(\.$districtID == scope.districtID).all() {
            texts[try StandingText.stored(row.kind)] = row.text
        }
        return texts
    }

    /// Every text sent is checked first, then stored (or removed where empty). A text not sent (API) stays.
    func saveStandingTexts(_ fields: FormFields) async throws {
        var failure = ValidationFailure()
        var chosen: [StandingText: String] = [:]
        for kind in StandingText.allCases where fields.has(kind.rawValue) {
            let text = fields.text(kind.rawValue)
            Check.text(text, field: kind.rawValue, label: "den Text „\(kind.germanName)“", max: kind.maximumLength, required: false, into: &failure)
            chosen[kind] = text
        }
        try failure.throwIfAny()
        let texts = chosen
        try await db.transaction { db in
            for (kind, text) in texts {
                let stored = try await ReportTextRecord.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$kind == kind.rawValue).first()
                if text.isEmpty {
                    try await stored?.delete(on: db)
                } else {
                    let row = stored ?? ReportTextRecord()
                    row.districtID = scope.districtID
                    row.kind = kind.rawValue
                    row.text = text
                    try await row.save(on: db)
                }
            }
            try await record(.reportTextsSaved, "district", scope.districtID, on: db)
        }
    }
}

/// The page and the API of the standing texts (coordination).
struct ReportTextsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.reportTexts, use: form)
        routes.post(.reportTexts, use: save)
    }

    static let crumbs = ReportController.crumbs

    func page(_ req: Request, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var form = FormView(action: SiteURL.reportTexts.path, cancel: SiteURL.reports.path, submit: "Texte speichern", intro: [
            "Diese Texte setzt Lotse in jeden neu erzeugten Erfahrungsbericht: die Anbindung und das Grundsatzziel in die Einleitung, die Regel für Arbeitsgruppen zu den Beschlüssen, "
                + "Ort und Verfasser*in mit dem Monat des Berichts darunter. Leere Texte bleiben weg. Ein schon erzeugter Bericht ändert sich erst, wenn Sie ihn neu erzeugen.",
        ])
        for kind in StandingText.allCases {
            form.add(kind.maximumLength > 200 ? .textarea : .text, kind.rawValue, kind.germanName, hint: kind.hint, required: false)
        }
        return try await ProgrammeController.form(req, form, "Texte für den Erfahrungsbericht", fields, failure, Self.crumbs)
    }

    func form(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let texts = try await desk.standingTexts()
        return try await page(req, .with(Dictionary(uniqueKeysWithValues: StandingText.allCases.map { ($0.rawValue, texts[$0] ?? "") })))
    }

    func save(req: Request) async throws -> Response {
        let desk = try req.programmeDesk(.manageProgramme)
        let fields = try await req.formFields()
        do {
            try await desk.saveStandingTexts(fields)
            return req.seeOther(.reportTexts, notice: .saved)
        } catch let failure as ValidationFailure {
            return try await page(req, fields, failure: failure)
        }
    }
}

struct ReportTextsAPIController {
    struct TextsDTO: Sendable {
        let texts: [StandingText: String]
        func text(_ kind: StandingText) -> String { texts[kind] ?? "" }
    }

    func show(req: Request) async throws -> TextsDTO {
        TextsDTO(texts: try await req.programmeDesk(.manageProgramme).standingTexts())
    }

    func update(req: Request) async throws -> TextsDTO {
        let desk = try req.programmeDesk(.manageProgramme)
        try await desk.saveStandingTexts(try req.jsonFields())
        return TextsDTO(texts: try await desk.standingTexts())
    }
}
