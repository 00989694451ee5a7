import Fluent
import LotseCore
import Vapor

/// The administration's pages for the district's name, its regions and its municipalities.
struct OrganisationAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.organisation, use: overview)
        routes.post(.district, use: renameDistrict)
        routes.get(.newRegion, use: newRegion)
        routes.post(.regions, use: createRegion)
        routes.get(.region(.key), use: editRegion)
        routes.post(.region(.key), use: updateRegion)
        routes.get(.newMunicipality, use: newMunicipality)
        routes.post(.municipalities, use: createMunicipality)
        routes.get(.municipality(.key), use: editMunicipality)
        routes.post(.municipality(.key), use: updateMunicipality)
    }

    static let crumbs = [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path), LayoutContext.Crumb(label: "Organisation", href: SiteURL.organisation.path)]

    // MARK: Overview and district

    struct OverviewPage: Encodable {
        struct Links: Encodable {
            let renameDistrict = SiteURL.district
            let settings = SiteURL.settings
            let words = SiteURL.districtWords
            let offices = SiteURL.offices
            let newRegion = SiteURL.newRegion
            let newMunicipality = SiteURL.newMunicipality
        }

        struct RegionRow: Encodable {
            let href: SiteURL?
            let name: String
            let kind: String
            let members: String
            let isActive: Bool
        }

        struct MunicipalityRow: Encodable {
            let href: SiteURL?
            let name: String
            let region: String
            let isActive: Bool
        }

        var districtName: String
        let links = Links()
        let regions: [RegionRow]
        let municipalities: [MunicipalityRow]
    }

    func overviewPage(_ req: Request, _ scope: AccessScope, districtName: String? = nil) async throws -> OverviewPage {
        let district = try await OrganisationService.district(scope, on: req.db)
        let regions = try await OrganisationService.regions(scope, on: req.db)
        let municipalities = try await OrganisationService.municipalities(scope, on: req.db)
        let municipalityNames = Dictionary(uniqueKeysWithValues: municipalities.compactMap { m in m.id.map { ($0, m.name) } })
        let regionNames = Dictionary(uniqueKeysWithValues: regions.compactMap { r in r.id.map { ($0, r.name) } })
        return OverviewPage(
            districtName: districtName ?? district.name,
            regions: regions.map { region in
                let members = region.kind == .socialDistrict
                    ? "Teil von " + (region.parentMunicipalityID.flatMap { municipalityNames[$0] } ?? "–")
                    : municipalities.filter { $0.regionID == region.id }.map(\.name).joined(separator: ", ")
                return .init(href: region.id.map { .region(.value($0)) }, name: region.name, kind: region.kind.germanName,
                             members: members.isEmpty ? "keine Kommunen" : members, isActive: region.isActive)
            },
            municipalities: municipalities.map {
                .init(href: $0.id.map { .municipality(.value($0)) }, name: $0.name,
                      region: $0.regionID.flatMap { regionNames[$0] } ?? "keiner Region zugeordnet", isActive: $0.isActive)
            })
    }

    func overview(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let page = try await overviewPage(req, access.scope)
        return try await req.render("organisation/organisation", title: "Organisation des Kreises", content: page, breadcrumbs: [Self.crumbs[0]])
    }

    func renameDistrict(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let name = try await req.formFields().text("name")
        do {
            _ = try await OrganisationService.renameDistrict(to: name, access.scope, audit: req.audit, on: req.db)
            return req.seeOther(.organisation, notice: .saved)
        } catch let failure as ValidationFailure {
            let page = try await overviewPage(req, access.scope, districtName: name)
            return try await req.render("organisation/organisation", title: "Organisation des Kreises", content: page,
                                        breadcrumbs: [Self.crumbs[0]], failure: failure)
        }
    }

    // MARK: Regions

    struct RegionForm: Encodable {
        let isNew: Bool
        let action: String
        let cancel = SiteURL.organisation
        let name: String
        let kinds: [FormOption]
        let parents: [FormOption]
        /// Active or deactivated, for the shared status field.
        let statuses: [FormOption]
    }

    func regionForm(_ req: Request, _ scope: AccessScope, id: UUID?, input: OrganisationService.RegionInput) async throws -> RegionForm {
        let municipalities = try await OrganisationService.municipalities(scope, on: req.db)
        return RegionForm(
            isNew: id == nil,
            action: id.map { SiteURL.region(.value($0)).path } ?? SiteURL.regions.path,
            name: input.name,
            kinds: Region.Kind.allCases.map { FormOption(value: $0.rawValue, label: $0.germanName, selected: $0 == input.kind) },
            parents: municipalities.map {
                FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == input.parentMunicipalityID)
            },
            statuses: FormOption.statuses(isActive: input.isActive))
    }

    func renderRegionForm(_ req: Request, _ scope: AccessScope, id: UUID?, input: OrganisationService.RegionInput,
                          failure: ValidationFailure? = nil) async throws -> Response {
        let title = id == nil ? "Region anlegen" : "Region bearbeiten"
        return try await req.render("organisation/region-form", title: title,
                                    content: try await regionForm(req, scope, id: id, input: input),
                                    breadcrumbs: Self.crumbs, failure: failure)
    }

    func newRegion(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        return try await renderRegionForm(req, access.scope, id: nil,
                                          input: .init(name: "", kind: .region, parentMunicipalityID: nil, isActive: true))
    }

    func editRegion(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let region = try await OrganisationService.region(try req.id("regionID"),
                                                          access.scope, on: req.db)
        return try await renderRegionForm(req, access.scope, id: region.id,
                                          input: .init(name: region.name, kind: region.kind, parentMunicipalityID: region.parentMunicipalityID, isActive: region.isActive))
    }

    func createRegion(req: Request) async throws -> Response { try await saveRegion(req, id: nil) }

    func updateRegion(req: Request) async throws -> Response {
        try await saveRegion(req, id: try req.id("regionID"))
    }

    func saveRegion(_ req: Request, id: UUID?) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let scope = access.scope
        if let id { _ = try await OrganisationService.region(id, scope, on: req.db) }
        let fields = try await req.formFields()
        var failure = ValidationFailure()
        // A kind outside the list is refused, not read as "region": the form offers only the two.
        let chosenKind = Region.Kind(rawValue: fields.text("kind"))
        if chosenKind == nil { failure.add("kind", "Bitte wählen Sie, ob es eine Region oder ein Sozialbezirk ist.") }
        let kind = chosenKind ?? .region
        let input = OrganisationService.RegionInput(
            name: fields.text("name"), kind: kind,
            parentMunicipalityID: kind == .socialDistrict
                ? fields.optionalID("parentMunicipalityId", into: &failure, message: "Bitte wählen Sie eine Kommune aus der Liste.") : nil,
            isActive: fields.isActiveChoice)
        do {
            try failure.throwIfAny()
            _ = try await OrganisationService.saveRegion(input, id: id, scope, audit: req.audit, on: req.db)
            return req.seeOther(.organisation, notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await renderRegionForm(req, scope, id: id, input: input, failure: failure)
        }
    }

    // MARK: Municipalities

    struct MunicipalityForm: Encodable {
        let isNew: Bool
        let action: String
        let cancel = SiteURL.organisation
        let name: String
        let regions: [FormOption]
        /// Active or deactivated, for the shared status field.
        let statuses: [FormOption]
    }

    func renderMunicipalityForm(_ req: Request, _ scope: AccessScope, id: UUID?, input: OrganisationService.MunicipalityInput,
                                failure: ValidationFailure? = nil) async throws -> Response {
        let regions = try await OrganisationService.regions(scope, on: req.db).filter { $0.kind == .region }
        let form = MunicipalityForm(
            isNew: id == nil,
            action: id.map { SiteURL.municipality(.value($0)).path } ?? SiteURL.municipalities.path,
            name: input.name,
            regions: regions.map { FormOption(value: $0.id?.uuidString ?? "", label: $0.name, selected: $0.id == input.regionID) },
            statuses: FormOption.statuses(isActive: input.isActive))
        return try await req.render("organisation/municipality-form", title: id == nil ? "Kommune anlegen" : "Kommune bearbeiten",
                                    content: form, breadcrumbs: Self.crumbs, failure: failure)
    }

    func newMunicipality(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        return try await renderMunicipalityForm(req, access.scope, id: nil,
                                                input: .init(name: "", regionID: nil, isActive: true))
    }

    func editMunicipality(req: Request) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let municipality = try await OrganisationService.municipality(
            try req.id("municipalityID"), access.scope, on: req.db)
        return try await renderMunicipalityForm(req, access.scope, id: municipality.id,
                                                input: .init(name: municipality.name, regionID: municipality.regionID, isActive: municipality.isActive))
    }

    func createMunicipality(req: Request) async throws -> Response { try await saveMunicipality(req, id: nil) }

    func updateMunicipality(req: Request) async throws -> Response {
        try await saveMunicipality(req, id: try req.id("municipalityID"))
    }

    func saveMunicipality(_ req: Request, id: UUID?) async throws -> Response {
        let access = try req.authorize(.administerOrganisation)
        let scope = access.scope
        if let id { _ = try await OrganisationService.municipality(id, scope, on: req.db) }
        let fields = try await req.formFields()
        var failure = ValidationFailure()
        let input = OrganisationService.MunicipalityInput(
            name: fields.text("name"),
            regionID: fields.optionalID("regionId", into: &failure, message: "Bitte wählen Sie eine Region aus der Liste."),
            isActive: fields.isActiveChoice)
        do {
            try failure.throwIfAny()
            _ = try await OrganisationService.saveMunicipality(input, id: id, scope, audit: req.audit, on: req.db)
            return req.seeOther(.organisation, notice: id == nil ? .created : .saved)
        } catch let failure as ValidationFailure {
            return try await renderMunicipalityForm(req, scope, id: id, input: input, failure: failure)
        }
    }
}
