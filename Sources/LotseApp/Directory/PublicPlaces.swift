import Fluent
import LotseCore
import Vapor

/// The readable addresses of the public pages (issue 18, part 6): every active municipality of
/// the installation by its slug ("bad-lippspringe"), unique across districts.
struct PublicPlaces {
    struct Place: Sendable {
        let municipality: Municipality
        let district: String
        let slug: String
    }

    let places: [Place]

    static func load(on db: any Database) async throws -> PublicPlaces {
        let towns = try await Municipality.query(on: db).filter(\.$isActive == true).sort(\.$name).all()
        let districts = Dictionary(uniqueKeysWithValues: try await District.query(on: db).all().compactMap { d in d.id.map { ($0, d.name) } })
        let slugs = PlaceSlug.unique(towns.compactMap { town in town.id.map { ($0, town.name, districts[town.districtID] ?? "") } })
        return PublicPlaces(places: towns.compactMap { town in
            town.id.flatMap { id in slugs[id].map { Place(municipality: town, district: districts[town.districtID] ?? "", slug: $0) } }
        })
    }

    func place(slug: String) -> Place? { places.first { $0.slug == slug } }

    func slug(of id: UUID) -> String? { places.first { $0.municipality.id == id }?.slug }

    /// The page of a municipality in a language, at its readable address.
    func address(of id: UUID, language: String = Translations.fallback) -> String? {
        slug(of: id).map { SiteURL.publicPlaceIn(.value($0), language: .value(language)).path }
    }
}
