import Fluent
import Foundation
import LotseCore
import Vapor

/// CSV export and import of the directory: one row per service, with its provider's columns (a
/// provider without services has a row with empty service columns). Lists inside a cell are
/// separated by commas; life domains and the other vocabularies are written by their German
/// names and read by name or code; municipalities by name; dates as TT.MM.JJJJ.
/// An import changes nothing unless every row is valid.
enum DirectoryTransfer {
    static let header = ["Träger", "Art des Trägers", "Telefon", "E-Mail", "Website", "Anschrift", "Kommunen des Trägers",
                         "Angebot", "Beschreibung", "Handlungsfelder", "Rechtskreise", "Zielgruppen", "Sprachen",
                         "Kommunen des Angebots", "Ort", "Zeiten", "Zugang", "Gültig ab", "Gültig bis"]

    struct RejectedRow: Sendable, Codable {
        let line: Int
        let reasons: [String]
    }

    struct Summary: Sendable, Content {
        var providersCreated = 0
        var providersUpdated = 0
        var servicesCreated = 0
        var servicesUpdated = 0
    }

    struct Rejected: Error, Sendable {
        let rows: [RejectedRow]
    }

    // MARK: Export

    static func export(_ scope: AccessScope, on database: any Database) async throws -> String {
        let names = try await OrganisationService.municipalityNames(scope, on: database)
        let providers = try await DirectoryCatalog.providers(scope, on: database)
        let services = try await DirectoryCatalog.services(scope, on: database)
        func towns(_ ids: [UUID]) -> String { ids.compactMap { names[$0] }.sorted().joined(separator: ", ") }
        func labels<V: Vocabulary>(_ codes: [V]) -> String { codes.map(\.germanName).joined(separator: ", ") }
        var text = CSV.byteOrderMark + CSV.row(header)
        for provider in providers {
            let providerColumns = [provider.name, provider.kind.germanName, provider.phone, provider.email,
                                   provider.website, provider.address, towns(provider.municipalityIDs)]
            let own = services.filter { $0.$provider.id == provider.id }
            if own.isEmpty { text += CSV.row(providerColumns + Array(repeating: "", count: 12)) }
            for service in own {
                text += CSV.row(providerColumns + [
                    service.name, service.details, labels(service.lifeDomains), labels(service.legalDomains),
                    labels(service.targetGroups), service.languages.joined(separator: ", "), towns(service.municipalityIDs),
                    service.location, service.openingTimes, service.accessMode.germanName,
                    service.validFrom.flatMap(GermanFormat.day).map(GermanFormat.date) ?? "",
                    service.validTo.flatMap(GermanFormat.day).map(GermanFormat.date) ?? "",
                ])
            }
        }
        return text
    }

    // MARK: Import

    /// Checks every row; throws `Rejected` with all problems, or applies all rows in one transaction.
    static func importCSV(_ text: String, _ scope: AccessScope, by userID: UUID?, now: Date, audit: AuditContext,
                          on database: any Database) async throws -> Summary {
        guard scope.municipalityIDs == nil else {
            throw PublicError.forbidden("Der Import betrifft das ganze Verzeichnis und ist deshalb der Koordination vorbehalten.")
        }
        let rows: [[String]]
        do {
            rows = try CSV.parse(text)
        } catch let error as CSV.ParseError {
            throw Rejected(rows: [RejectedRow(line: error.line, reasons: ["Ein Anführungszeichen wird nicht geschlossen."])])
        }
        guard let first = rows.first, first.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            throw Rejected(rows: [RejectedRow(line: 1, reasons: ["Die erste Zeile muss die Spaltenköpfe enthalten: " + header.joined(separator: ";")])])
        }
        let towns = try await OrganisationService.municipalities(scope, on: database)
        let townIDs = Dictionary(towns.compactMap { town in town.id.map { (town.name.lowercased(), $0) } }, uniquingKeysWith: { first, _ in first })
        var rejected: [RejectedRow] = []
        var plans: [(provider: DirectoryCatalog.ProviderInput, service: DirectoryCatalog.ServiceInput?)] = []
        for (offset, raw) in rows.dropFirst().enumerated() {
            let line = offset + 2
            var reasons: [String] = []
            guard raw.count == header.count else {
                rejected.append(RejectedRow(line: line, reasons: ["Die Zeile hat \(raw.count) statt \(header.count) Spalten."]))
                continue
            }
            let cells = raw.map { CSV.value($0).trimmingCharacters(in: .whitespaces) }
            func list(_ index: Int) -> [String] { cells[index].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            func vocabulary<V: Vocabulary>(_ index: Int, _ type: V.Type, _ column: String) -> Set<V> {
                Set(list(index).compactMap { value in
                    guard let parsed = V(codeOrName: value) else { reasons.append("\(column): „\(value)“ ist unbekannt."); return nil }
                    return parsed
                })
            }
            func municipalities(_ index: Int, _ column: String) -> Set<UUID> {
                Set(list(index).compactMap { name in
                    guard let id = townIDs[name.lowercased()] else { reasons.append("\(column): Eine Kommune „\(name)“ gibt es in diesem Kreis nicht."); return nil }
                    return id
                })
            }
            func date(_ index: Int, _ column: String) -> Date? {
                let value = cells[index]
                guard !value.isEmpty else { return nil }
                let parts = value.split(separator: ".")
                let iso = parts.count == 3 ? "\(parts[2])-\(parts[1])-\(parts[0])" : value
                guard let date = GermanFormat.day(iso) else { reasons.append("\(column): „\(value)“ ist kein Datum (TT.MM.JJJJ)."); return nil }
                return date
            }
            if cells[0].isEmpty { reasons.append("Träger: Der Name fehlt.") }
            if !cells[3].isEmpty && !(cells[3].contains("@") && cells[3].contains(".")) { reasons.append("E-Mail: „\(cells[3])“ ist keine E-Mail-Adresse.") }
            if !cells[4].isEmpty && !(cells[4].hasPrefix("https://") || cells[4].hasPrefix("http://")) { reasons.append("Website: Bitte mit https:// angeben.") }
            let kind = ProviderKind(codeOrName: cells[1])
            if kind == nil { reasons.append("Art des Trägers: „\(cells[1])“ ist unbekannt.") }
            let provider = DirectoryCatalog.ProviderInput(name: cells[0], kind: kind, phone: cells[2], email: cells[3], website: cells[4],
                                                          address: cells[5], municipalityIDs: municipalities(6, "Kommunen des Trägers"))
            if provider.municipalityIDs.isEmpty && cells[6].isEmpty { reasons.append("Kommunen des Trägers: Mindestens eine Kommune ist nötig.") }
            var service: DirectoryCatalog.ServiceInput?
            if !cells[7].isEmpty {
                let access = AccessMode(codeOrName: cells[16])
                if access == nil { reasons.append("Zugang: „\(cells[16])“ ist unbekannt.") }
                let domains = vocabulary(9, LifeDomain.self, "Handlungsfelder")
                if domains.isEmpty && cells[9].isEmpty { reasons.append("Handlungsfelder: Mindestens ein Handlungsfeld ist nötig.") }
                let serviceTowns = municipalities(13, "Kommunen des Angebots")
                if serviceTowns.isEmpty && cells[13].isEmpty { reasons.append("Kommunen des Angebots: Mindestens eine Kommune ist nötig.") }
                let from = date(17, "Gültig ab")
                let to = date(18, "Gültig bis")
                if let from, let to, to < from { reasons.append("Gültig bis: Das Ende liegt vor dem Beginn.") }
                service = DirectoryCatalog.ServiceInput(
                    providerID: nil, name: cells[7], details: cells[8], lifeDomains: domains, legalDomains: vocabulary(10, LegalDomain.self, "Rechtskreise"),
                    targetGroups: vocabulary(11, TargetGroup.self, "Zielgruppen"), languages: list(12), municipalityIDs: serviceTowns,
                    location: cells[14], openingTimes: cells[15], accessMode: access, validFrom: from, validTo: to)
            }
            if reasons.isEmpty { plans.append((provider, service)) } else { rejected.append(RejectedRow(line: line, reasons: reasons)) }
        }
        guard rejected.isEmpty else { throw Rejected(rows: rejected) }
        return try await apply(plans, scope, by: userID, now: now, audit: audit, on: database)
    }

    /// Providers are matched by name, services by provider and name: re-importing an export
    /// updates the same entries instead of creating copies.
    static func apply(_ plans: [(provider: DirectoryCatalog.ProviderInput, service: DirectoryCatalog.ServiceInput?)], _ scope: AccessScope,
                      by userID: UUID?, now: Date, audit: AuditContext, on database: any Database) async throws -> Summary {
        try await database.transaction { database in
            var summary = Summary()
            var providerIDs: [String: UUID] = [:]
            for plan in plans {
                let key = plan.provider.name.lowercased()
                if providerIDs[key] == nil {
                    let existing = try await Provider.query(on: database).filter(\.$districtID == scope.districtID).filter(\.$name == plan.provider.name).first()
                    let saved = try await DirectoryCatalog.saveProvider(plan.provider, id: existing?.id, scope, audit: audit, on: database)
                    providerIDs[key] = try saved.requireID()
                    if existing == nil { summary.providersCreated += 1 } else { summary.providersUpdated += 1 }
                }
                guard var service = plan.service, let providerID = providerIDs[key] else { continue }
                service.providerID = providerID
                let existing = try await Service.query(on: database).filter(\.$provider.$id == providerID).filter(\.$name == service.name).first()
                _ = try await DirectoryCatalog.saveService(service, id: existing?.id, scope, checkedBy: userID, now: now, audit: audit, on: database)
                if existing == nil { summary.servicesCreated += 1 } else { summary.servicesUpdated += 1 }
            }
            return summary
        }
    }
}
