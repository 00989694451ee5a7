import Fluent
import Foundation
import LotseCore
import Vapor

/// Brief contacts and opening cases: what exists before any personal data.
extension CaseDesk {
    struct BriefContactInput: Sendable {
        var municipalityID: UUID?
        var contactOn = ""
        var accessChannel: AccessChannel?
        var lifeDomains: [LifeDomain] = []
        var outcome: BriefContactOutcome?
    }

    struct CaseInput: Sendable {
        var municipalityID: UUID?
        var openedOn = ""
        var accessChannel: AccessChannel?
        var referringParty = ""
        var lifeDomains: [LifeDomain] = []
    }

    func checkMunicipality(_ id: UUID?, into failure: inout ValidationFailure) async throws {
        guard let id else { return failure.add("municipalityId", "Bitte wählen Sie die Kommune.") }
        let known = try await Municipality.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() != nil
        if !known || !scope.mayAssign([id]) { failure.add("municipalityId", "Bitte wählen Sie eine Ihrer Kommunen.") }
    }

    func recordBriefContact(_ input: BriefContactInput) async throws -> BriefContact {
        var failure = ValidationFailure()
        try await checkMunicipality(input.municipalityID, into: &failure)
        let day = Check.day(input.contactOn, field: "contactOn", label: "das Datum", into: &failure)
        Check.choice(input.accessChannel, field: "accessChannel", label: "den Zugangsweg", into: &failure)
        if input.lifeDomains.isEmpty { failure.add("lifeDomains", "Bitte wählen Sie mindestens ein Thema (Handlungsfeld).") }
        Check.choice(input.outcome, field: "outcome", label: "das Ergebnis", into: &failure)
        let (municipalityID, contactOn, channel, outcome) = try failure.checked(input.municipalityID, day, input.accessChannel, input.outcome)
        let contact = BriefContact()
        contact.districtID = scope.districtID
        contact.municipalityID = municipalityID
        contact.contactOn = contactOn
        contact.accessChannel = channel
        contact.lifeDomains = input.lifeDomains
        contact.outcome = outcome
        contact.recordedBy = actorID
        try await db.transaction { db in
            try await contact.create(on: db)
            try await record(.briefContactRecorded, "briefContact", contact.id, on: db)
        }
        return contact
    }

    func briefContacts() async throws -> [BriefContact] {
        var query = BriefContact.query(on: db).filter(\.$districtID == scope.districtID)
        if let towns = scope.municipalityIDs { query = query.filter(\.$municipalityID ~~ Array(towns)) }
        return try await query.sort(\.$contactOn, .descending).limit(200).all()
    }

    /// Turns a brief contact into a case: the case starts with what the contact held.
    /// A brief contact in the person's scope; others are "not found".
    func briefContact(_ id: UUID) async throws -> BriefContact {
        guard let contact = try await BriefContact.find(id, on: db),
              scope.contains(ResourceLocation(districtID: contact.districtID, municipalityID: contact.municipalityID))
        else { throw PublicError.notFound }
        return contact
    }

    func convert(briefContactID: UUID) async throws -> CaseFile {
        let contact = try await briefContact(briefContactID)
        if let existing = contact.caseFileID { return try await caseFile(existing) }
        let input = CaseInput(municipalityID: contact.municipalityID, openedOn: today,
                              accessChannel: contact.accessChannel,
                              referringParty: "", lifeDomains: contact.lifeDomains)
        return try await openCase(input, from: contact)
    }

    func openCase(_ input: CaseInput, from contact: BriefContact? = nil) async throws -> CaseFile {
        var failure = ValidationFailure()
        try await checkMunicipality(input.municipalityID, into: &failure)
        let day = Check.day(input.openedOn, field: "openedOn", label: "das Datum des Erstkontakts", into: &failure)
        Check.choice(input.accessChannel, field: "accessChannel", label: "den Zugangsweg", into: &failure)
        if input.accessChannel?.needsReferringParty == true {
            Check.name(input.referringParty, field: "referringParty", label: "die meldende Stelle", into: &failure)
        } else if input.referringParty.count > 120 {
            failure.add("referringParty", "Die meldende Stelle darf höchstens 120 Zeichen lang sein.")
        }
        let (municipalityID, openedOn, channel) = try failure.checked(input.municipalityID, day, input.accessChannel)
        let fileID = UUID()
        let file = CaseFile()
        file.id = fileID
        file.districtID = scope.districtID
        file.municipalityID = municipalityID
        file.accessChannel = channel
        file.lifeDomains = input.lifeDomains
        file.phase = .intake
        file.caseManagerID = actorID
        file.openedOn = openedOn
        let event = PhaseEvent()
        event.caseFileID = fileID
        event.phase = .intake
        event.enteredAt = now
        if !input.referringParty.isEmpty {
            // No client yet: the text is sealed with a key of the case's own (the key first, in its store).
            let caseKey = try await vault.create(clientID: fileID, districtID: scope.districtID)
            file.sealedReferringParty = try caseKey.seal(input.referringParty, CaseFile.schema, fileID, "referringParty")
        }
        try await db.transaction { db in
            file.number = try await nextNumber(on: db)
            try await file.create(on: db)
            try await event.create(on: db)
            if let contact {
                contact.caseFileID = file.id
                contact.outcome = .caseOpened
                try await contact.save(on: db)
            }
            try await record(.caseOpened, "case", file.id, on: db)
        }
        return file
    }

    /// Year and running number within the district. The unique index on (district, number) is the
    /// guard against two openings at once; the second then fails and the person tries again.
    private func nextNumber(on db: any Database) async throws -> String {
        let year = String(today.prefix(4))
        let count = try await CaseFile.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$number >= year + "-").filter(\.$number < year + "-~").count()
        return year + "-" + String(format: "%04d", count + 1)
    }
}
