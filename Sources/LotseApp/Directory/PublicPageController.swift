import Fluent
import LotseCore
import Vapor

/// The public page of a municipality (no sign-in): the case management's office hours and the
/// main services there, in every language that has a translation file, printable as a one-page
/// leaflet. It shows nothing but what was published for the public.
struct PublicPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.publicPage(.key), use: defaultLanguage)
        routes.get(.publicPageIn(.key, language: .key), use: page)
    }

    func defaultLanguage(req: Request) async throws -> Response {
        req.redirect(to: SiteURL.publicPageIn(.value(try req.id("municipalityID")), language: .value(Translations.fallback)).path)
    }

    struct Page: Encodable {
        let stylesheet = SiteURL.stylesheet

        struct Hours: Encodable {
            let place: String
            let times: String
            let languages: String
            let contact: String
        }

        struct Offer: Encodable {
            let name: String
            let provider: String
            let times: String
            let access: String
        }

        struct OtherLanguage: Encodable {
            let code: String
            let name: String
            let href: String
        }

        let lang: String
        let dir: String
        let t: [String: String]
        let title: String
        let hours: [Hours]
        let offers: [Offer]
        let hasHours: Bool
        let hasOffers: Bool
        let otherLanguages: [OtherLanguage]
        /// The naturalisation campaign's materials for this municipality (issue 16, part 6).
        let materials: [Material]
        let hasMaterials: Bool

        struct Material: Encodable {
            let title: String
            let language: String
            let link: String
        }
    }

    func page(req: Request) async throws -> View {
        let id = try req.id("municipalityID")
        guard let municipality = try await Municipality.find(id, on: req.db), municipality.isActive,
              let language = req.application.translations.language(req.parameters.get("language") ?? "") else {
            throw PublicError.notFound
        }
        let texts = language.texts
        let hours = try await OfficeHoursCatalog.published(for: municipality, on: req.db)
        let services = try await Service.query(on: req.db).filter(\.$districtID == municipality.districtID).sort(\.$name).all()
            .filter { $0.municipalityIDs.contains(id) }
        let providers = try await Provider.query(on: req.db).filter(\.$districtID == municipality.districtID).all()
        let names = Dictionary(uniqueKeysWithValues: providers.compactMap { p in p.id.map { ($0, p.name) } })
        let materials = try await CampaignMaterial.query(on: req.db).filter(\.$districtID == municipality.districtID).sort(\.$language).all()
            .filter { $0.municipalityIDs.contains(id) }
        let page = Page(
            lang: language.code, dir: language.isRightToLeft ? "rtl" : "ltr", t: texts,
            title: (texts["title"] ?? "").replacingOccurrences(of: "{municipality}", with: municipality.name),
            hours: hours.map { Page.Hours(place: $0.place, times: $0.times, languages: $0.languages.joined(separator: ", "), contact: $0.contact) },
            offers: services.prefix(8).map {
                Page.Offer(name: $0.name, provider: names[$0.$provider.id] ?? "", times: $0.openingTimes, access: texts["access.\($0.accessMode)"] ?? "")
            },
            hasHours: !hours.isEmpty, hasOffers: !services.isEmpty,
            otherLanguages: req.application.translations.codes.filter { $0 != language.code }.compactMap { code in
                req.application.translations.language(code).map { Page.OtherLanguage(code: code, name: $0.name, href: SiteURL.publicPageIn(.value(id), language: .value(code)).path) }
            },
            materials: materials.map { .init(title: $0.title, language: $0.language, link: $0.link) }, hasMaterials: !materials.isEmpty)
        return try await req.view.render("directory/public-municipality", page)
    }
}
