import Fluent
import Foundation
import LotseCore
import Vapor

/// The district's immigration and naturalisation offices, kept by its administration: name, kinds,
/// the municipalities each is responsible for, and the people of the `immigrationOffice` role who
/// work there. Shared by the browser and the API.
enum OfficeService {
    struct OfficeInput: Sendable {
        var name = ""
        var kinds: [OfficeKind] = []
        var municipalityIDs: Set<UUID> = []
        var memberIDs: Set<UUID> = []
        var isActive = true
        /// Its entry in the directory; without one no pre-check can be handed over to it.
        var providerID: UUID?
    }

    static func offices(districtID: UUID, on db: any Database) async throws -> [ImmigrationOffice] {
        try await ImmigrationOffice.query(on: db).filter(\.$districtID == districtID).sort(\.$name).all()
    }

    static func office(_ id: UUID, districtID: UUID, on db: any Database) async throws -> ImmigrationOffice {
        guard let office = try await ImmigrationOffice.query(on: db).filter(\.$id == id).filter(\.$districtID == districtID).first() else {
            throw PublicError.notFound
        }
        return office
    }

    static func members(of officeIDs: [UUID], on db: any Database) async throws -> [OfficeMember] {
        officeIDs.isEmpty ? [] : try await OfficeMember.query(on: db).filter(\.$officeID ~~ officeIDs).all()
    }

    /// The office `user` works for, if any.
    static func office(of userID: UUID, on db: any Database) async throws -> ImmigrationOffice? {
        guard let member = try await OfficeMember.query(on: db).filter(\.$userID == userID).first() else { return nil }
        return try await ImmigrationOffice.find(member.officeID, on: db)
    }

    /// `officeID` if `userID` works there. Another office's matters are not there to be kept (404,
    /// as a case of another municipality is not there for a case manager); `what` says which.
    static func requireMember(_ officeID: UUID, userID: UUID, districtID: UUID, what: String, on db: any Database) async throws -> ImmigrationOffice {
        let office = try await office(officeID, districtID: districtID, on: db)
        guard try await OfficeMember.query(on: db).filter(\.$officeID == officeID).filter(\.$userID == userID).first() != nil else {
            throw PublicError(status: .notFound, reason: "\(what) von „\(office.name)“ pflegt diese Behörde selbst; Sie gehören nicht zu ihr.")
        }
        return office
    }

    /// The district's users who hold the office role: the people an office can be staffed with.
    static func officeStaff(districtID: UUID, on db: any Database) async throws -> [User] {
        try await StaffDirectory.holders(of: .immigrationOffice, districtID: districtID, activeOnly: false, on: db)
    }

    @discardableResult
    static func save(_ input: OfficeInput, id: UUID?, _ scope: AccessScope, audit: AuditContext, on db: any Database) async throws -> ImmigrationOffice {
        let office = try await id.asyncMap { try await Self.office($0, districtID: scope.districtID, on: db) } ?? ImmigrationOffice()
        var failure = ValidationFailure()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.text(name, field: "name", label: "den Namen der Behörde", max: 200, into: &failure)
        if input.kinds.isEmpty { failure.add("kinds", "Bitte wählen Sie, ob die Behörde über den Aufenthalt, die Einbürgerung oder beides entscheidet.") }
        let towns = try await Municipality.query(on: db).filter(\.$districtID == scope.districtID).all()
        let names = Dictionary(uniqueKeysWithValues: towns.compactMap { town in town.id.map { ($0, town.name) } })
        if input.municipalityIDs.isEmpty {
            failure.add("municipalities", "Bitte wählen Sie die Kommunen, für die die Behörde zuständig ist.")
        } else if !input.municipalityIDs.isSubset(of: Set(names.keys)) {
            failure.add("municipalities", "Bitte wählen Sie nur Kommunen aus der Liste.")
        }
        let staff = Set(try await officeStaff(districtID: scope.districtID, on: db).compactMap(\.id))
        if !input.memberIDs.isSubset(of: staff) {
            failure.add("members", "Bitte wählen Sie nur Personen mit der Rolle Ausländer- und Einbürgerungsbehörde aus der Liste.")
        }
        if let providerID = input.providerID,
           try await Provider.query(on: db).filter(\.$id == providerID).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add("providerId", "Bitte wählen Sie den Eintrag der Behörde aus dem Angebotsverzeichnis dieses Kreises.")
        }
        let wanted = OfficeJurisdiction.Office(id: office.id ?? UUID(), name: name, kinds: Set(input.kinds), municipalityIDs: input.municipalityIDs)
        let others = try await offices(districtID: scope.districtID, on: db).filter { $0.isActive && $0.id != office.id }.map(\.jurisdiction)
        if input.isActive, let overlap = OfficeJurisdiction.overlaps(of: wanted, with: others).first {
            failure.add("municipalities", "Für \(names[overlap.municipalityID] ?? "eine gewählte Kommune") ist als \(overlap.kind.germanName) "
                        + "schon „\(overlap.other.name)“ zuständig. Jede Kommune hat je Aufgabe genau eine Behörde.")
        }
        try failure.throwIfAny()
        office.districtID = scope.districtID
        office.name = name
        office.kinds = OfficeKind.allCases.filter(input.kinds.contains)
        office.municipalityIDs = towns.compactMap(\.id).filter(input.municipalityIDs.contains)
        office.isActive = input.isActive
        office.providerID = input.providerID
        try await db.transaction { db in
            try await office.save(on: db)
            let officeID = try office.requireID()
            try await OfficeMember.query(on: db).filter(\.$officeID == officeID).delete()
            // One office per person: joining this one leaves any other.
            if !input.memberIDs.isEmpty { try await OfficeMember.query(on: db).filter(\.$userID ~~ Array(input.memberIDs)).delete() }
            for userID in input.memberIDs.sorted(by: { $0.uuidString < $1.uuidString }) {
                let member = OfficeMember()
                (member.officeID, member.userID) = (officeID, userID)
                try await member.create(on: db)
            }
            try await audit.record(id == nil ? .officeCreated : .officeChanged, object: (ImmigrationOffice.schema, office.id), on: db)
        }
        return office
    }
}

extension FormFields {
    /// The office form's fields, from the browser or the API.
    var officeInput: OfficeService.OfficeInput {
        OfficeService.OfficeInput(name: text("name"), kinds: choices("kinds", OfficeKind.self), municipalityIDs: Set(uuids("municipalities")),
                                  memberIDs: Set(uuids("members")), isActive: isActiveChoice, providerID: uuid("providerId"))
    }
}
