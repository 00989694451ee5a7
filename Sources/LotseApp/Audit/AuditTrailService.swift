import Fluent
import Foundation
import LotseCore
import Vapor

/// Searching the audit trail of one district, for the data-protection officer.
enum AuditTrailService {
    struct Filter: Sendable {
        var userID: UUID?
        var objectID: String?
        var action: AuditAction?
        var from: Date?
        var to: Date?
    }

    /// Parses the filter from text fields (the web form and the API use the same rules).
    /// Dates are days (YYYY-MM-DD), taken in Berlin time, `to` inclusive.
    static func filter(user: String, object: String, action: String, from: String, to: String,
                       fields: (user: String, object: String, action: String, from: String, to: String)) throws -> Filter {
        var failure = ValidationFailure()
        var filter = Filter()
        if !user.isEmpty {
            if let id = UUID(uuidString: user) { filter.userID = id } else { failure.add(fields.user, "Bitte wählen Sie eine Person aus der Liste.") }
        }
        if !object.isEmpty {
            if UUID(uuidString: object) != nil { filter.objectID = object.uppercased() } else {
                failure.add(fields.object, "Die Objekt-ID ist eine UUID, z. B. 3F2504E0-4F89-11D3-9A0C-0305E82C3301.")
            }
        }
        if !action.isEmpty {
            if let parsed = AuditAction(rawValue: action) { filter.action = parsed } else { failure.add(fields.action, "Bitte wählen Sie eine Aktion aus der Liste.") }
        }
        if !from.isEmpty {
            if let day = GermanFormat.day(from) { filter.from = day } else { failure.add(fields.from, "Bitte geben Sie das Datum als JJJJ-MM-TT an, z. B. 2026-11-24.") }
        }
        if !to.isEmpty {
            if let day = GermanFormat.day(to) { filter.to = day.addingTimeInterval(24 * 3600) } else {
                failure.add(fields.to, "Bitte geben Sie das Datum als JJJJ-MM-TT an, z. B. 2026-11-24.")
            }
        }
        if let start = filter.from, let end = filter.to, start >= end {
            failure.add(fields.to, "Das Ende des Zeitraums liegt vor seinem Anfang.")
        }
        try failure.throwIfAny()
        return filter
    }

    static func query(_ filter: Filter, _ scope: AccessScope, on database: any Database) -> QueryBuilder<AuditEntry> {
        let query = AuditEntry.query(on: database).filter(\.$districtID == scope.districtID)
        if let user = filter.userID { query.filter(\.$actorID == user) }
        if let object = filter.objectID { query.filter(\.$objectID == object) }
        if let action = filter.action { query.filter(\.$action == action.rawValue) }
        if let from = filter.from { query.filter(\.$occurredAtMilliseconds >= Int64(from.timeIntervalSince1970 * 1000)) }
        if let to = filter.to { query.filter(\.$occurredAtMilliseconds < Int64(to.timeIntervalSince1970 * 1000)) }
        return query
    }

    static func search(_ filter: Filter, _ scope: AccessScope, page: Int, perPage: Int, on database: any Database) async throws -> (entries: [AuditEntry], total: Int) {
        let total = try await query(filter, scope, on: database).count()
        let entries = try await query(filter, scope, on: database).sort(\.$sequence, .descending)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        return (entries, total)
    }

    /// Rows for the CSV export, newest first; capped so one export cannot exhaust the server.
    static let exportLimit = 100_000

    static func csv(_ filter: Filter, _ scope: AccessScope, on database: any Database) async throws -> String {
        let entries = try await query(filter, scope, on: database).sort(\.$sequence, .descending).limit(exportLimit).all()
        let names = try await actorNames(scope, on: database)
        var text = CSV.byteOrderMark + CSV.row(["Nr.", "Zeitpunkt", "Person", "Benutzer-ID", "Adresse", "Aktion", "Objektart", "Objekt-ID", "Ergebnis", "Vorgangsnummer"])
        for entry in entries {
            text += CSV.row([
                String(entry.sequence), GermanFormat.dateTime(entry.occurredAt), name(of: entry, in: names),
                entry.actorID?.uuidString ?? "", entry.clientAddress, label(entry.action), entry.objectType ?? "", entry.objectID ?? "",
                AuditOutcome(rawValue: entry.outcome)?.germanName ?? entry.outcome, entry.requestID,
            ])
        }
        return text
    }

    static func actorNames(_ scope: AccessScope, on database: any Database) async throws -> [UUID: String] {
        let users = try await User.query(on: database).filter(\.$districtID == scope.districtID).all()
        return Dictionary(uniqueKeysWithValues: users.compactMap { user in user.id.map { ($0, "\(user.displayName) (\(user.username))") } })
    }

    static func name(of entry: AuditEntry, in names: [UUID: String]) -> String {
        guard let actor = entry.actorID else { return entry.clientAddress == "Kommandozeile" ? "Betrieb (Kommandozeile)" : "nicht angemeldet" }
        return names[actor] ?? "unbekannt"
    }

    static func label(_ action: String) -> String { AuditAction(rawValue: action)?.germanName ?? action }
}
