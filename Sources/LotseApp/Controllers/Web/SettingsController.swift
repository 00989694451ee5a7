import Fluent
import LotseCore
import Vapor

/// The district's own settings, kept by its administration: for now the disclosure threshold.
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "settings", use: form)
        routes.post("admin", "settings", use: save)
    }

    func page(_ req: Request, _ fields: FormFields, failure: ValidationFailure? = nil) async throws -> Response {
        var page = CaseFormPage(action: "/admin/settings", cancel: "/admin/organisation")
        page.intro = ["Zahlen aus der Fallarbeit (für Lenkungsgruppe, Koordination, Berichte) zeigen kleinere Werte als „< Schwelle“, ebenso Summen, aus denen sie sich errechnen ließen. Erlaubt sind \(DistrictSetting.thresholdRange.lowerBound) bis \(DistrictSetting.thresholdRange.upperBound); üblich ist 5."]
        page.keep(fields)
        return try await req.render("admin/settings", title: "Einstellungen des Kreises", content: page, breadcrumbs: OrganisationAdminController.crumbs,
                                    failure: failure)
    }

    func form(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let threshold = try await DistrictSetting.threshold(of: access.scope.districtID, on: req.db)
        return try await page(req, .with(["disclosureThreshold": String(threshold)]))
    }

    func save(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let fields = try await req.formFields()
        do {
            try await Self.setThreshold(fields.text("disclosureThreshold"), access.scope, audit: req.audit, on: req.db)
            return req.seeOther("/admin/settings", notice: .saved)
        } catch let failure as ValidationFailure {
            return try await page(req, fields, failure: failure)
        }
    }

    static func setThreshold(_ text: String, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws {
        var failure = ValidationFailure()
        guard let value = Int(text), DistrictSetting.thresholdRange.contains(value) else {
            failure.add("disclosureThreshold", "Bitte geben Sie eine ganze Zahl von \(DistrictSetting.thresholdRange.lowerBound) bis \(DistrictSetting.thresholdRange.upperBound) ein.")
            throw failure
        }
        let setting = try await DistrictSetting.query(on: database).filter(\.$districtID == scope.districtID).first() ?? DistrictSetting()
        setting.districtID = scope.districtID
        setting.disclosureThreshold = value
        try await database.transaction { database in
            try await setting.save(on: database)
            try await audit.record(.settingsChanged, object: ("district", scope.districtID), on: database)
        }
    }
}

/// The same over JSON.
struct SettingsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("district", "settings", use: show)
        routes.patch("district", "settings", use: update)
    }

    struct SettingsDTO: Content {
        let disclosureThreshold: Int
    }

    func show(req: Request) async throws -> SettingsDTO {
        let access = try req.authorize(.administerOrganisation)
        return SettingsDTO(disclosureThreshold: try await DistrictSetting.threshold(of: access.scope.districtID, on: req.db))
    }

    func update(req: Request) async throws -> SettingsDTO {
        let access = try req.authorize(.administerOrganisation)
        let fields = try req.jsonFields()
        try await SettingsController.setThreshold(fields.text("disclosureThreshold"), access.scope, audit: req.audit, on: req.db)
        return SettingsDTO(disclosureThreshold: try await DistrictSetting.threshold(of: access.scope.districtID, on: req.db))
    }
}
