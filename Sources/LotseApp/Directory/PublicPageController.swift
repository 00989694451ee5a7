import Fluent
import LotseCore
import Vapor

/// The public page of a municipality (no sign-in): the case management's office hours and the
/// main services there, in every language that has a translation file, printable as a one-page
/// leaflet. It shows nothing but what was published for the public.
struct PublicPageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.publicPlaces, use: index)
        routes.get(.publicPlace(.key), use: defaultLanguage)
        routes.get(.publicPlaceIn(.key, language: .key), use: page)
        // The first addresses (by id) stay valid: flyers with them are in circulation.
        routes.get(.publicPage(.key), use: formerAddress)
        routes.get(.publicPageIn(.key, language: .key), use: formerAddress)
    }

    func formerAddress(req: Request) async throws -> Response {
        let places = try await PublicPlaces.load(on: req.db)
        let language = req.parameters.get("language") ?? Translations.fallback
        guard let address = places.address(of: try req.id("municipalityID"), language: language) else { throw PublicError.notFound }
        return req.redirect(to: address, redirectType: .permanent)
    }

    func defaultLanguage(req: Request) async throws -> Response {
        let places = try await PublicPlaces.load(on: req.db)
        guard let place = places.place(slug: req.parameters.get("place") ?? "") else { throw PublicError.notFound }
        return req.redirect(to: SiteURL.publicPlaceIn(.value(place.slug), language: .value(Translations.fallback)).path)
    }

    struct IndexPage: Encodable {
        struct District: Encodable {
            let name: String
            let places: [Place]
        }

        struct Place: Encodable {
            let name: String
            let href: String
            let languages: [Language]
        }

        struct Language: Encodable {
            let code: String
            let name: String
            let href: String
        }

        let stylesheet = SiteURL.stylesheet
        let districts: [District]
    }

    /// Every municipality's page, by district, in every language: what a newcomer or an adviser
    /// starts from, without knowing an address.
    func index(req: Request) async throws -> View {
        let places = try await PublicPlaces.load(on: req.db)
        let translations = req.application.translations
        let grouped = Dictionary(grouping: places.places, by: \.district).sorted { $0.key < $1.key }
        let page = IndexPage(districts: grouped.map { district, places in
            IndexPage.District(name: district, places: places.map { place in
                IndexPage.Place(name: place.municipality.name, href: SiteURL.publicPlaceIn(.value(place.slug), language: .value(Translations.fallback)).path,
                                languages: translations.codes.filter { $0 != Translations.fallback }.compactMap { code in
                                    translations.language(code).map { .init(code: code, name: $0.name, href: SiteURL.publicPlaceIn(.value(place.slug), language: .value(code)).path) }
                                })
            })
        })
        return try await req.view.render("directory/public-index", page)
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

        /// What the printed leaflet carries at its foot: the page's web address, a QR code of it, and the day.
        let leaflet: Leaflet

        struct Leaflet: Encodable {
            let address: String
            let qrCode: String
            let asOf: String
        }
    }

    static func leaflet(_ req: Request, address path: String, texts: [String: String]) throws -> Page.Leaflet {
        // Without LOTSE_PUBLIC_URL the address the request came to; a Host header that is no plain
        // host name is not printed (it would put someone else's address on the district's leaflet).
        let host = req.headers.first(name: .host).flatMap { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) } ? $0 : nil }
        let base = req.lotse.configuration.publicAddress ?? (req.isSecureConnection ? "https://" : "http://") + (host ?? "localhost")
        let address = base + path
        return Page.Leaflet(address: address, qrCode: try QRCode(text: address).svg(label: ReportDocument.escape(texts["qrLabel"] ?? "QR-Code")),
                            asOf: GermanFormat.date(req.now))
    }

    func page(req: Request) async throws -> View {
        let places = try await PublicPlaces.load(on: req.db)
        guard let place = places.place(slug: req.parameters.get("place") ?? ""), let id = place.municipality.id,
              let language = req.application.translations.language(req.parameters.get("language") ?? "") else {
            throw PublicError.notFound
        }
        let municipality = place.municipality
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
                req.application.translations.language(code).map { Page.OtherLanguage(code: code, name: $0.name, href: SiteURL.publicPlaceIn(.value(place.slug), language: .value(code)).path) }
            },
            materials: materials.map { .init(title: $0.title, language: $0.language, link: $0.link) }, hasMaterials: !materials.isEmpty,
            leaflet: try Self.leaflet(req, address: SiteURL.publicPlaceIn(.value(place.slug), language: .value(language.code)).path, texts: texts))
        return try await req.view.render("directory/public-municipality", page)
    }
}
