import Fluent
import Foundation
import LotseCore
import Vapor

/// Office hours of the case management, kept by those who keep the directory (a case manager for
/// their own municipalities), and read by everyone, signed in or not, on the public pages.
enum OfficeHoursCatalog {
    struct Input: Sendable {
        var municipalityID: UUID?
        var place = ""
        var times = ""
        var languages: [String] = []
        var contact = ""
        var isActive = true
    }

    static func all(_ scope: AccessScope, on database: any Database) async throws -> [OfficeHours] {
        try await OfficeHours.query(on: database).filter(\.$districtID == scope.districtID).all()
    }

    static func entry(_ id: UUID, _ scope: AccessScope, on database: any Database) async throws -> OfficeHours {
        guard let entry = try await OfficeHours.query(on: database).filter(\.$id == id).filter(\.$districtID == scope.districtID).first(),
              scope.reachesAny(districtID: entry.districtID, municipalityIDs: [entry.municipalityID])
        else { throw PublicError.notFound }
        return entry
    }

    /// For the public page: the active office hours of one active municipality. No scope, because
    /// the page is public by design and shows only what was published for it.
    static func published(for municipality: Municipality, on database: any Database) async throws -> [OfficeHours] {
        try await OfficeHours.query(on: database).filter(\.$municipalityID == municipality.requireID()).filter(\.$isActive == true).all()
    }

    static func save(_ input: Input, id: UUID?, _ scope: AccessScope, audit: AuditContext, on database: any Database) async throws -> OfficeHours {
        var existing: OfficeHours?
        if let id { existing = try await entry(id, scope, on: database) }
        var failure = ValidationFailure()
        if let town = input.municipalityID {
            let known = try await Municipality.query(on: database).filter(\.$id == town).filter(\.$districtID == scope.districtID).first() != nil
            if !known {
                failure.add("municipalityId", "Bitte wählen Sie eine Kommune dieses Kreises.")
            } else if !scope.mayAssign([town]) {
                failure.add("municipalityId", "Sie können nur Sprechstunden Ihrer eigenen Kommunen eintragen.")
            }
        } else {
            failure.add("municipalityId", "Bitte wählen Sie die Kommune.")
        }
        Check.name(input.place, field: "place", label: "den Ort der Sprechstunde", into: &failure)
        Check.name(input.times, field: "times", label: "Tage und Uhrzeiten", into: &failure)
        try failure.throwIfAny()
        let entry = existing ?? OfficeHours()
        entry.districtID = scope.districtID
        entry.municipalityID = input.municipalityID ?? UUID()
        entry.place = input.place
        entry.times = input.times
        entry.languages = input.languages
        entry.contact = input.contact
        entry.isActive = input.isActive
        let action: AuditAction = existing == nil ? .officeHoursCreated : .officeHoursUpdated
        try await database.transaction { database in
            try await entry.save(on: database)
            try await audit.record(action, object: ("officeHours", entry.id), on: database)
        }
        return entry
    }
}
