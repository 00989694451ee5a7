import Fluent
import LotseCore
import Vapor

/// The service directory over JSON.
struct DirectoryAPIController {
    struct ProviderDTO: Content {
        let id: UUID
        let name: String
        let kind: String
        let phone: String
        let email: String
        let website: String
        let address: String
        let municipalityIds: [UUID]
        let isActive: Bool

        init(_ provider: Provider) throws {
            id = try provider.requireID()
            name = provider.name
            kind = provider.kind.rawValue
            phone = provider.phone
            email = provider.email
            website = provider.website
            address = provider.address
            municipalityIds = provider.municipalityIDs
            isActive = provider.isActive
        }
    }

    struct ProviderBody: Content {
        let name: String?
        let kind: String?
        let phone: String?
        let email: String?
        let website: String?
        let address: String?
        let municipalityIds: [UUID]?
        let isActive: Bool?
    }

    struct ServiceDTO: Content {
        let id: UUID
        let providerId: UUID
        let name: String
        let description: String
        let lifeDomains: [String]
        let legalDomains: [String]
        let targetGroups: [String]
        let languages: [String]
        let municipalityIds: [UUID]
        let location: String
        let openingTimes: String
        let accessMode: String
        let validFrom: String?
        let validTo: String?
        let lastCheckedAt: Date?
        let checkOverdue: Bool

        init(_ service: Service, now: Date) throws {
            id = try service.requireID()
            providerId = service.$provider.id
            name = service.name
            description = service.details
            lifeDomains = service.lifeDomains.map(\.rawValue)
            legalDomains = service.legalDomains.map(\.rawValue)
            targetGroups = service.targetGroups.map(\.rawValue)
            languages = service.languages
            municipalityIds = service.municipalityIDs
            location = service.location
            openingTimes = service.openingTimes
            accessMode = service.accessMode.rawValue
            validFrom = service.validFrom
            validTo = service.validTo
            lastCheckedAt = service.lastCheckedAt
            checkOverdue = Freshness.isOverdue(lastCheckedAt: service.lastCheckedAt, now: now)
        }
    }

    struct ServiceBody: Content {
        let providerId: UUID?
        let name: String?
        let description: String?
        let lifeDomains: [String]?
        let legalDomains: [String]?
        let targetGroups: [String]?
        let languages: [String]?
        let municipalityIds: [UUID]?
        let location: String?
        let openingTimes: String?
        let accessMode: String?
        let validFrom: String?
        let validTo: String?
    }

    // MARK: Providers

    func providers(req: Request) async throws -> [ProviderDTO] {
        let access = try req.authorize(.readDirectory)
        return try await DirectoryCatalog.providers(access.scope, on: req.db).map(ProviderDTO.init)
    }

    func provider(req: Request) async throws -> ProviderDTO {
        let access = try req.authorize(.readDirectory)
        return try ProviderDTO(try await DirectoryCatalog.provider(try req.id("providerID"), access.scope, on: req.db))
    }

    func createProvider(req: Request) async throws -> ProviderDTO {
        try await saveProvider(req, id: nil)
    }

    func updateProvider(req: Request) async throws -> ProviderDTO { try await saveProvider(req, id: try req.id("providerID")) }

    func saveProvider(_ req: Request, id: UUID?) async throws -> ProviderDTO {
        let access = try req.authorize(.editDirectory)
        var input = DirectoryCatalog.ProviderInput()
        if let id { input = .init(try await DirectoryCatalog.provider(id, access.scope, on: req.db)) }
        let body = try req.decodeJSON(ProviderBody.self)
        var failure = ValidationFailure()
        if let kind = body.kind {
            input.kind = ProviderKind(rawValue: kind)
            if input.kind == nil { failure.add("kind", "Unbekannte Art „\(kind)“. Erlaubt: \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        }
        try failure.throwIfAny()
        input.name = body.name?.trimmingCharacters(in: .whitespaces) ?? input.name
        input.phone = body.phone ?? input.phone
        input.email = body.email ?? input.email
        input.website = body.website ?? input.website
        input.address = body.address ?? input.address
        input.municipalityIDs = body.municipalityIds.map(Set.init) ?? input.municipalityIDs
        input.isActive = body.isActive ?? input.isActive
        return try ProviderDTO(try await DirectoryCatalog.saveProvider(input, id: id, access.scope, audit: req.audit, on: req.db))
    }

    // MARK: Services

    /// Filters as query parameters: lifeDomain, municipalityId, language, targetGroup, q.
    func services(req: Request) async throws -> [ServiceDTO] {
        let access = try req.authorize(.readDirectory)
        var failure = ValidationFailure()
        let lifeDomain = req.queryText("lifeDomain").isEmpty ? nil : LifeDomain(rawValue: req.queryText("lifeDomain"))
        if !req.queryText("lifeDomain").isEmpty && lifeDomain == nil { failure.add("lifeDomain", "Unbekanntes Handlungsfeld.") }
        let targetGroup = req.queryText("targetGroup").isEmpty ? nil : TargetGroup(rawValue: req.queryText("targetGroup"))
        if !req.queryText("targetGroup").isEmpty && targetGroup == nil { failure.add("targetGroup", "Unbekannte Zielgruppe.") }
        try failure.throwIfAny()
        let filter = DirectoryCatalog.Filter(text: req.queryText("q"), lifeDomain: lifeDomain, municipalityID: UUID(uuidString: req.queryText("municipalityId")),
                                             language: req.queryText("language"), targetGroup: targetGroup)
        return try await DirectoryCatalog.search(filter, access.scope, on: req.db).map { try ServiceDTO($0.0, now: req.now) }
    }

    func service(req: Request) async throws -> ServiceDTO {
        let access = try req.authorize(.readDirectory)
        return try ServiceDTO(try await DirectoryCatalog.service(try req.id("serviceID"), access.scope, on: req.db), now: req.now)
    }

    func createService(req: Request) async throws -> ServiceDTO {
        try await saveService(req, id: nil)
    }

    func updateService(req: Request) async throws -> ServiceDTO { try await saveService(req, id: try req.id("serviceID")) }

    func saveService(_ req: Request, id: UUID?) async throws -> ServiceDTO {
        let access = try req.authorize(.editDirectory)
        var input = DirectoryCatalog.ServiceInput()
        if let id { input = .init(try await DirectoryCatalog.service(id, access.scope, on: req.db)) }
        let body = try req.decodeJSON(ServiceBody.self)
        var failure = ValidationFailure()
        func codes<V: Vocabulary>(_ values: [String]?, _ field: String, _ current: Set<V>) -> Set<V> {
            guard let values else { return current }
            let parsed = values.compactMap(V.init(rawValue:))
            if parsed.count != values.count { failure.add(field, "Unbekannter Wert in \(field). Erlaubt: \(V.allCases.map(\.rawValue).joined(separator: ", ")).") }
            return Set(parsed)
        }
        func day(_ text: String?, _ field: String, _ current: Date?) -> Date? {
            guard let text else { return current }
            if text.isEmpty { return nil }
            guard let date = GermanFormat.day(text) else {
                failure.add(field, "Bitte geben Sie das Datum als JJJJ-MM-TT an.")
                return current
            }
            return date
        }
        input.providerID = body.providerId ?? input.providerID
        input.name = body.name?.trimmingCharacters(in: .whitespaces) ?? input.name
        input.details = body.description ?? input.details
        input.lifeDomains = codes(body.lifeDomains, "lifeDomains", input.lifeDomains)
        input.legalDomains = codes(body.legalDomains, "legalDomains", input.legalDomains)
        input.targetGroups = codes(body.targetGroups, "targetGroups", input.targetGroups)
        input.languages = body.languages ?? input.languages
        input.municipalityIDs = body.municipalityIds.map(Set.init) ?? input.municipalityIDs
        input.location = body.location ?? input.location
        input.openingTimes = body.openingTimes ?? input.openingTimes
        if let mode = body.accessMode {
            input.accessMode = AccessMode(rawValue: mode)
            if input.accessMode == nil { failure.add("accessMode", "Unbekannter Zugang. Erlaubt: \(AccessMode.allCases.map(\.rawValue).joined(separator: ", ")).") }
        }
        input.validFrom = day(body.validFrom, "validFrom", input.validFrom)
        input.validTo = day(body.validTo, "validTo", input.validTo)
        try failure.throwIfAny()
        let saved = try await DirectoryCatalog.saveService(input, id: id, access.scope, checkedBy: access.user.id, now: req.now,
                                                           audit: req.audit, on: req.db)
        return try ServiceDTO(saved, now: req.now)
    }

    func markChecked(req: Request) async throws -> ServiceDTO {
        let access = try req.authorize(.editDirectory)
        return try ServiceDTO(try await DirectoryCatalog.markChecked(try req.id("serviceID"), access.scope, by: try access.user.requireID(),
                                                                    now: req.now, audit: req.audit, on: req.db), now: req.now)
    }
}
