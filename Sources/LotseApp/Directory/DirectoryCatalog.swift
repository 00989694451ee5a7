import Fluent
import Foundation
import LotseCore
import Vapor

/// The service directory of a district: reading, searching and changing providers and services.
/// Reading needs the `readDirectory` scope; changing the `editDirectory` scope, and a local
/// (case-management) scope may change only the municipalities it holds.
enum DirectoryCatalog {
    struct ProviderInput: Sendable {
        var name = ""
        var kind: ProviderKind?
        var phone = ""
        var email = ""
        var website = ""
        var address = ""
        var municipalityIDs: Set<UUID> = []
        var isActive = true
    }

    struct ServiceInput: Sendable {
        var providerID: UUID?
        var name = ""
        var details = ""
        var lifeDomains: Set<LifeDomain> = []
        var legalDomains: Set<LegalDomain> = []
        var targetGroups: Set<TargetGroup> = []
        var languages: [String] = []
        var municipalityIDs: Set<UUID> = []
        var location = ""
        var openingTimes = ""
        var accessMode: AccessMode?
        var validFrom: Date?
        var validTo: Date?
    }

    struct Filter: Sendable {
        var text = ""
        var lifeDomain: LifeDomain?
        var municipalityID: UUID?
        var language = ""
        var targetGroup: TargetGroup?
    }

    // MARK: Reading

    static func providers(_ scope: AccessScope, on database: any Database) async throws -> [Provider] {
        try await Provider.query(on: database).filter(\.$districtID == scope.districtID).sort(\.$name).all()
    }

    static func provider(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> Provider {
        guard let provider = try await Provider.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first(),
              scope.reachesAny(districtID: provider.districtID, municipalityIDs: Set(provider.municipalityIDs))
        else { throw PublicError.notFound }
        return provider
    }

    static func services(_ scope: AccessScope, on database: any Database) async throws -> [Service] {
        try await Service.query(on: database).filter(\.$districtID == scope.districtID).sort(\.$name).all()
    }

    static func service(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> Service {
        guard let service = try await Service.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first(),
              scope.reachesAny(districtID: service.districtID, municipalityIDs: Set(service.municipalityIDs))
        else { throw PublicError.notFound }
        return service
    }

    /// The services matching every given criterion, and their providers (one query each).
    static func search(_ filter: Filter, _ scope: AccessScope, on database: any Database) async throws -> [(Service, Provider?)] {
        let providers = Dictionary(uniqueKeysWithValues: try await self.providers(scope, on: database).compactMap { p in p.id.map { ($0, p) } })
        let text = filter.text.lowercased()
        let language = filter.language.lowercased()
        return try await services(scope, on: database).filter { service in
            let provider = providers[service.$provider.id]
            if !text.isEmpty && !(service.name + " " + service.details + " " + (provider?.name ?? "")).lowercased().contains(text) { return false }
            if let domain = filter.lifeDomain, !service.lifeDomains.contains(domain) { return false }
            if let municipality = filter.municipalityID, !service.municipalityIDs.contains(municipality) { return false }
            if !language.isEmpty && !service.languages.contains(where: { $0.lowercased().contains(language) }) { return false }
            if let group = filter.targetGroup, !service.targetGroups.contains(group) && !service.targetGroups.contains(.everyone) {
                return false
            }
            return true
        }.map { ($0, providers[$0.$provider.id]) }
    }

    // MARK: Changing

    /// A local editor may only add or remove their own municipalities; the others stay as they are.
    static func checkMunicipalities(_ chosen: Set<UUID>, existing: Set<UUID>, _ scope: AccessScope, known: Set<UUID>, into failure: inout ValidationFailure) {
        if chosen.isEmpty {
            failure.add("municipalities", "Bitte wählen Sie mindestens eine Kommune.")
        } else if !chosen.isSubset(of: known) {
            failure.add("municipalities", "Bitte wählen Sie nur Kommunen dieses Kreises.")
        } else if !scope.mayAssign(chosen.symmetricDifference(existing)) {
            failure.add("municipalities", "Sie können nur die Kommunen Ihres eigenen Bereichs hinzufügen oder entfernen.")
        }
    }

    static func knownMunicipalities(_ scope: AccessScope, on database: any Database) async throws -> Set<UUID> {
        Set(try await Municipality.query(on: database).filter(\.$districtID == scope.districtID).all().compactMap(\.id))
    }

    static func saveProvider(_ input: ProviderInput, id: UUID?, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws -> Provider {
        var existing: Provider?
        if let id { existing = try await provider(id, scope, on: database) }
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "den Namen des Trägers", into: &failure)
        if input.kind == nil { failure.add("kind", "Bitte wählen Sie die Art des Trägers.") }
        if !input.email.isEmpty && !(input.email.contains("@") && input.email.contains(".")) {
            failure.add("email", "Bitte geben Sie eine E-Mail-Adresse wie beratung@beispiel.de an.")
        }
        if !input.website.isEmpty && !(input.website.hasPrefix("https://") || input.website.hasPrefix("http://")) {
            failure.add("website", "Bitte geben Sie die Website mit https:// an.")
        }
        checkMunicipalities(input.municipalityIDs, existing: Set(existing?.municipalityIDs ?? []), scope,
                            known: try await knownMunicipalities(scope, on: database), into: &failure)
        try failure.throwIfAny()
        let provider = existing ?? Provider()
        provider.districtID = scope.districtID
        provider.name = input.name
        provider.kind = input.kind ?? .other
        provider.phone = input.phone
        provider.email = input.email
        provider.website = input.website
        provider.address = input.address
        provider.municipalityIDs = input.municipalityIDs.sorted { $0.uuidString < $1.uuidString }
        provider.isActive = input.isActive
        let action: AuditAction = existing == nil ? .providerCreated : .providerUpdated
        try await database.transaction { database in
            try await provider.save(on: database)
            try await audit.record(action, object: ("provider", provider.id), on: database)
        }
        return provider
    }

    static func saveService(_ input: ServiceInput, id: UUID?, _ scope: AccessScope, checkedBy: UUID?, now: Date,
                            audit: AuditContext, on database: any Database) async throws -> Service {
        var existing: Service?
        if let id { existing = try await service(id, scope, on: database) }
        var failure = ValidationFailure()
        if let providerID = input.providerID {
            if try await Provider.query(on: database).filter(\.$id == providerID).filter(\.$districtID == scope.districtID).first() == nil {
                failure.add("providerId", "Bitte wählen Sie einen Träger aus der Liste.")
            }
        } else {
            failure.add("providerId", "Bitte wählen Sie den Träger des Angebots.")
        }
        Check.name(input.name, field: "name", label: "den Namen des Angebots", into: &failure)
        if input.lifeDomains.isEmpty { failure.add("lifeDomains", "Bitte wählen Sie mindestens ein Handlungsfeld.") }
        if input.accessMode == nil { failure.add("accessMode", "Bitte wählen Sie, wie man zu dem Angebot kommt.") }
        if let from = input.validFrom, let to = input.validTo, to < from {
            failure.add("validTo", "Das Ende der Gültigkeit liegt vor ihrem Beginn.")
        }
        checkMunicipalities(input.municipalityIDs, existing: Set(existing?.municipalityIDs ?? []), scope,
                            known: try await knownMunicipalities(scope, on: database), into: &failure)
        try failure.throwIfAny()
        let service = existing ?? Service()
        service.districtID = scope.districtID
        service.$provider.id = input.providerID ?? UUID()
        service.name = input.name
        service.details = input.details
        service.lifeDomains = LifeDomain.allCases.filter(input.lifeDomains.contains)
        service.legalDomains = LegalDomain.allCases.filter(input.legalDomains.contains)
        service.targetGroups = TargetGroup.allCases.filter(input.targetGroups.contains)
        service.languages = input.languages
        service.municipalityIDs = input.municipalityIDs.sorted { $0.uuidString < $1.uuidString }
        service.location = input.location
        service.openingTimes = input.openingTimes
        service.accessMode = input.accessMode ?? .appointment
        service.validFrom = input.validFrom.map(GermanFormat.isoDay)
        service.validTo = input.validTo.map(GermanFormat.isoDay)
        // Whoever saves an entry has looked at it: that counts as a check.
        service.lastCheckedAt = now
        service.lastCheckedBy = checkedBy
        let action: AuditAction = existing == nil ? .serviceCreated : .serviceUpdated
        try await database.transaction { database in
            try await service.save(on: database)
            try await audit.record(action, object: ("service", service.id), on: database)
        }
        return service
    }

    /// "Still correct": records the check without changing the entry.
    static func markChecked(_ id: UUID, _ scope: AccessScope, by userID: UUID, now: Date, audit: AuditContext, on database: any Database) async throws -> Service {
        let service = try await self.service(id, scope, on: database)
        service.lastCheckedAt = now
        service.lastCheckedBy = userID
        try await database.transaction { database in
            try await service.save(on: database)
            try await audit.record(.serviceChecked, object: ("service", service.id), on: database)
        }
        return service
    }
}
