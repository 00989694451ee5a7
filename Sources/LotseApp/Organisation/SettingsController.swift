import Fluent
import LotseCore
import Vapor

/// The district's own settings, kept by its administration: the disclosure threshold, the
/// reporting period and the retention periods of closed cases.
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.settings, use: form)
        routes.post(.settings, use: save)
    }

    func page(_ req: Request, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: SiteURL.settings.path, cancel: SiteURL.organisation.path)
        page.intro = ["Zahlen aus der Fallarbeit (für Lenkungsgruppe, Koordination, Berichte) zeigen kleinere Werte als „< Schwelle“, ebenso Summen, aus denen sie sich errechnen ließen. Erlaubt sind \(DistrictSetting.thresholdRange.lowerBound) bis \(DistrictSetting.thresholdRange.upperBound); üblich ist 5.",
                      "Aufbewahrungsfristen: So viele Monate nach dem Abschluss wird ein Fall anonymisiert (Name, Kontaktdaten und alle Texte gelöscht, der Schlüssel der Klient*in vernichtet; nur die Zahlen für die Statistik bleiben). Vorgabe: \(RetentionPeriods.standard.closedCaseMonths) Monate für Fälle mit Case Management, \(RetentionPeriods.standard.firstContactMonths) Monate für im Erstgespräch beendete Fälle. Stimmen Sie Änderungen mit Ihrer oder Ihrem Datenschutzbeauftragten ab.",
                      "Altersgruppen: Die Fallzahlen nach Alter (beim Öffnen des Falls) und die Gremien, etwa Arbeitsgruppen für 0 bis unter 6 Jahre, verwenden diese Grenzen. Vorgabe: \(AgeBands.standard.text), also \(AgeBands.standard.bands.map(\.label).joined(separator: "; ")).",
                      "Das Protokoll (wer wann was gelesen oder weitergegeben hat) wird nach \(RetentionPeriods.standard.auditMonths) Monaten gelöscht, wenn Sie nichts anderes festlegen. Laufen mehrere Kreise in einer Installation, gilt für das gemeinsame Protokoll die längste Frist."]
        page.keep(fields)
        page.choose("reportingPeriod", ReportingPeriodKind.self, from: fields)
        return try await req.render("organisation/settings", title: "Einstellungen des Kreises", content: page, breadcrumbs: OrganisationAdminController.crumbs,
                                    failure: failure)
    }

    func form(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let threshold = try await DistrictSetting.threshold(of: access.scope.districtID, on: req.db)
        let period = try await DistrictSetting.reportingPeriodKind(of: access.scope.districtID, on: req.db)
        let retention = try await DistrictSetting.retention(of: access.scope.districtID, on: req.db)
        let ageBands = try await DistrictSetting.ageBands(of: access.scope.districtID, on: req.db)
        return try await page(req, .with(["disclosureThreshold": String(threshold), "reportingPeriod": period.rawValue, "ageBandBounds": ageBands.text,
                                          "closedCaseRetentionMonths": String(retention.closedCaseMonths),
                                          "firstContactRetentionMonths": String(retention.firstContactMonths),
                                          "auditRetentionMonths": String(retention.auditMonths)]))
    }

    func save(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let fields = try await req.formFields()
        do {
            try await Self.save(fields, access.scope, audit: req.audit, on: req.db)
            return req.seeOther(.settings, notice: .saved)
        } catch let failure as ValidationFailure {
            return try await page(req, fields, failure: failure)
        }
    }

    /// The threshold, the reporting period and the retention periods; a field left out (API) keeps its value.
    static func save(_ fields: FormFields, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws {
        var failure = ValidationFailure()
        let stored = try await DistrictSetting.query(on: database).filter(\.$districtID == scope.districtID).first()
        let thresholdText = fields.has("disclosureThreshold") ? fields.text("disclosureThreshold") : String(stored?.disclosureThreshold ?? 5)
        let value = Int(thresholdText).flatMap { DistrictSetting.thresholdRange.contains($0) ? $0 : nil }
        if value == nil {
            failure.add("disclosureThreshold", "Bitte geben Sie eine ganze Zahl von \(DistrictSetting.thresholdRange.lowerBound) bis \(DistrictSetting.thresholdRange.upperBound) ein.")
        }
        let period = fields.has("reportingPeriod") ? fields.choice("reportingPeriod", ReportingPeriodKind.self)
            : stored?.reportingPeriod ?? .schoolYear
        Check.choice(period, field: "reportingPeriod", label: "den Berichtszeitraum", into: &failure)
        let retention = stored?.retention ?? .standard
        func months(_ field: String, _ kept: Int, _ range: ClosedRange<Int>) -> Int? {
            let text = fields.has(field) ? fields.text(field) : String(kept)
            guard let value = Int(text), range.contains(value) else {
                failure.add(field, "Bitte geben Sie eine ganze Zahl von \(range.lowerBound) bis \(range.upperBound) (Monate) ein.")
                return nil
            }
            return value
        }
        let closedCase = months("closedCaseRetentionMonths", retention.closedCaseMonths, RetentionPeriods.closedCaseRange)
        let firstContact = months("firstContactRetentionMonths", retention.firstContactMonths, RetentionPeriods.firstContactRange)
        let auditMonths = months("auditRetentionMonths", retention.auditMonths, RetentionPeriods.auditRange)
        // Age groups: "6, 18, 27" from the form, or a list of numbers from the API.
        let ageBands = fields.has("ageBandBounds") ? AgeBands(text: fields.all("ageBandBounds").joined(separator: ","))
            : stored?.ageBandBounds.flatMap { AgeBands(bounds: $0) } ?? .standard
        if ageBands == nil {
            failure.add("ageBandBounds", "Bitte geben Sie die Altersgrenzen als aufsteigende ganze Zahlen von 1 bis 99 an, höchstens \(AgeBands.maximumBounds), z. B. „6, 18, 27“.")
        }
        let (validValue, validPeriod, validClosedCase, validFirstContact, validAudit, validAgeBands) = try failure.checked(value, period, closedCase, firstContact,
                                                                                                                          auditMonths, ageBands)
        let setting = stored ?? DistrictSetting()
        setting.districtID = scope.districtID
        setting.disclosureThreshold = validValue
        setting.reportingPeriod = validPeriod
        setting.retentionClosedCaseMonths = validClosedCase
        setting.retentionFirstContactMonths = validFirstContact
        setting.retentionAuditMonths = validAudit
        setting.ageBandBounds = validAgeBands == .standard && stored?.ageBandBounds == nil ? nil : validAgeBands.bounds
        try await database.transaction { database in
            try await setting.save(on: database)
            try await audit.record(.settingsChanged, object: ("district", scope.districtID), on: database)
        }
    }
}

/// The same over JSON.
struct SettingsAPIController {
    struct SettingsDTO: Content {
        let disclosureThreshold: Int
        let reportingPeriod: String
        let closedCaseRetentionMonths: Int
        let firstContactRetentionMonths: Int
        let auditRetentionMonths: Int
        let ageBandBounds: [Int]
    }

    func current(_ req: Request, _ districtID: UUID) async throws -> SettingsDTO {
        let retention = try await DistrictSetting.retention(of: districtID, on: req.db)
        return SettingsDTO(disclosureThreshold: try await DistrictSetting.threshold(of: districtID, on: req.db),
                           reportingPeriod: try await DistrictSetting.reportingPeriodKind(of: districtID, on: req.db).rawValue,
                           closedCaseRetentionMonths: retention.closedCaseMonths, firstContactRetentionMonths: retention.firstContactMonths,
                           auditRetentionMonths: retention.auditMonths,
                           ageBandBounds: try await DistrictSetting.ageBands(of: districtID, on: req.db).bounds)
    }

    func show(req: Request) async throws -> SettingsDTO {
        try await current(req, try req.authorize(.administerOrganisation).scope.districtID)
    }

    func update(req: Request) async throws -> SettingsDTO {
        let access = try req.authorize(.administerOrganisation)
        try await SettingsController.save(try req.jsonFields(), access.scope, audit: req.audit, on: req.db)
        return try await current(req, access.scope.districtID)
    }
}
