import Fluent
import Foundation
import LotseCore
import Vapor

/// Builds the coverage matrix of a district from the directory. Referrals and findings join it
/// once case work is recorded in Lotse; until then their counts are zero and the pages say so.
enum CoverageAnalysis {
    static func matrix(_ scope: AccessScope, on database: any Database) async throws -> CoverageMatrix {
        let towns = try await OrganisationService.municipalities(scope, on: database).filter(\.isActive)
        let services = try await DirectoryCatalog.services(scope, on: database)
        return CoverageMatrix(
            municipalities: towns.compactMap { town in town.id.map { CoverageMatrix.Municipality(id: $0, name: town.name) } },
            offers: services.map {
                CoverageMatrix.Offer(municipalityIDs: Set($0.municipalityIDs), lifeDomains: Set($0.lifeDomains))
            })
    }

    static func csv(_ matrix: CoverageMatrix) -> String {
        var text = CSV.byteOrderMark + CSV.row(["Kommune"] + matrix.lifeDomains.map(\.germanName))
        for town in matrix.municipalities {
            text += CSV.row([town.name] + matrix.lifeDomains.map { String(matrix.cell(town.id, $0).services) })
        }
        return text
    }
}

/// The coverage analysis in the browser: the matrix, its CSV, and one page per municipality.
struct CoverageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.coverage, use: overview)
        routes.get(.coverageExport, use: export)
        routes.get(.coverageMunicipality(.key), use: municipality)
    }

    struct MatrixPage: Encodable {
        struct Row: Encodable {
            let href: SiteURL
            let name: String
            let cells: [Cell]
            let gaps: Int
            /// The naturalisation campaign's events held there and their participants (issue 16, part 6).
            let campaign: String
        }

        struct Cell: Encodable {
            let count: Int
            let level: Int
            let isGap: Bool
            let href: String
            let label: String
        }

        let domains: [String]
        let rows: [Row]
        let gapCount: String
        let export = SiteURL.coverageExport
    }

    func overview(req: Request) async throws -> Response {
        let access = try req.authorize(.readCoverage)
        let matrix = try await CoverageAnalysis.matrix(access.scope, on: req.db)
        let reach = CampaignReach.byMunicipality(try await CampaignDesk.events(districtID: access.scope.districtID, on: req.db).map(\.reachEvent),
                                                 today: GermanFormat.isoDay(req.now))
        let rows = matrix.municipalities.map { town in
            MatrixPage.Row(
                href: .coverageMunicipality(.value(town.id)), name: town.name,
                cells: matrix.lifeDomains.map { domain in
                    let cell = matrix.cell(town.id, domain)
                    return MatrixPage.Cell(
                        count: cell.services, level: cell.level, isGap: cell.isGap,
                        href: SiteURL.directory.with([("kommune", town.id.uuidString), ("handlungsfeld", domain.rawValue)]),
                        label: "\(town.name), \(domain.germanName): \(cell.services) Angebote")
                },
                gaps: matrix.gaps(in: town.id).count,
                campaign: reach[town.id].map { "\($0.events) / \($0.participants)" } ?? "–")
        }
        let page = MatrixPage(domains: matrix.lifeDomains.map(\.germanName), rows: rows,
                              gapCount: GermanFormat.number(rows.reduce(0) { $0 + $1.gaps }))
        return try await req.render("directory/coverage", title: "Ist- und Bedarfsanalyse", content: page,
                                    breadcrumbs: [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path)])
    }

    func export(req: Request) async throws -> Response {
        let access = try req.authorize(.readCoverage)
        return Download.csv(CoverageAnalysis.csv(try await CoverageAnalysis.matrix(access.scope, on: req.db)),
                                                name: "lotse-ist-und-bedarfsanalyse")
    }

    struct MunicipalityPage: Encodable {
        struct Domain: Encodable {
            let name: String
            let services: [Offer]
            let count: Int
        }

        struct Offer: Encodable {
            let href: SiteURL?
            let name: String
            let provider: String
        }

        let name: String
        let existing: [Domain]
        let missing: [String]
        let hasMissing: Bool
        let officeHours: Int
        let publicPage: String
        let campaignEvents: [CampaignLine]
        let hasCampaignEvents: Bool
        let campaigns = SiteURL.campaigns
    }

    struct CampaignLine: Encodable {
        let heldOn: String
        let kind: String
        let place: String
        let participants: String
    }

    func municipality(req: Request) async throws -> Response {
        let access = try req.authorize(.readCoverage)
        let town = try await OrganisationService.municipality(try req.id("municipalityID"), access.scope, on: req.db)
        let townID = try town.requireID()
        let services = try await DirectoryCatalog.services(access.scope, on: req.db).filter { $0.municipalityIDs.contains(townID) }
        let providers = Dictionary(uniqueKeysWithValues: try await DirectoryCatalog.providers(access.scope, on: req.db).compactMap { p in p.id.map { ($0, p.name) } })
        let matrix = try await CoverageAnalysis.matrix(access.scope, on: req.db)
        let existing = LifeDomain.allCases.compactMap { domain -> MunicipalityPage.Domain? in
            let offers = services.filter { $0.lifeDomains.contains(domain) }
            guard !offers.isEmpty else { return nil }
            return MunicipalityPage.Domain(name: domain.germanName, services: offers.map {
                MunicipalityPage.Offer(href: $0.id.map { .service(.value($0)) }, name: $0.name, provider: providers[$0.$provider.id] ?? "")
            }, count: offers.count)
        }
        let missing = matrix.gaps(in: townID).map(\.germanName)
        let hours = try await OfficeHours.query(on: req.db).filter(\.$municipalityID == townID).filter(\.$isActive == true).count()
        let events = try await CampaignDesk.events(districtID: access.scope.districtID, on: req.db).filter { $0.municipalityID == townID }
            .sorted { $0.heldOn > $1.heldOn }
        let page = MunicipalityPage(name: town.name, existing: existing, missing: missing, hasMissing: !missing.isEmpty,
                                    officeHours: hours, publicPage: try await PublicPlaces.load(on: req.db).address(of: townID) ?? SiteURL.publicPlaces.path,
                                    campaignEvents: events.map { .init(heldOn: $0.heldOn, kind: $0.kind.germanName, place: $0.place,
                                                                       participants: $0.participants.map { "\($0) Teilnehmende" } ?? "noch nicht gezählt") },
                                    hasCampaignEvents: !events.isEmpty)
        return try await req.render("directory/coverage-municipality", title: "Ist- und Bedarfsanalyse \(town.name)", content: page,
                                    breadcrumbs: [LayoutContext.Crumb(label: "Start", href: SiteURL.start.path),
                                                  LayoutContext.Crumb(label: "Ist- und Bedarfsanalyse", href: SiteURL.coverage.path)])
    }
}

/// The coverage matrix over JSON.
struct CoverageAPIController {
    struct CellDTO: Content {
        let municipalityId: UUID
        let lifeDomain: String
        let services: Int
        let referrals: Int
        let findings: Int
        let isGap: Bool
    }

    func coverage(req: Request) async throws -> [CellDTO] {
        let access = try req.authorize(.readCoverage)
        let matrix = try await CoverageAnalysis.matrix(access.scope, on: req.db)
        return matrix.municipalities.flatMap { town in
            matrix.lifeDomains.map { domain in
                let cell = matrix.cell(town.id, domain)
                return CellDTO(municipalityId: town.id, lifeDomain: domain.rawValue, services: cell.services, referrals: cell.referrals,
                               findings: cell.findings, isGap: cell.isGap)
            }
        }
    }
}
