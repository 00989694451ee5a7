import Fluent
import Foundation
import LotseCore
import SQLKit
import Vapor

/// What identifies a client: stored only sealed with the client's own key.
struct ClientIdentity: Codable, Sendable, Equatable {
    var givenNames = ""
    var familyName = ""
    var birthDate = ""
    var gender = Gender.unspecified.rawValue
    var nationalities: [String] = []
    var languages: [String] = []
    var interpreterNeeded = false
    var phone = ""
    var email = ""
    var address = ""
    var residenceStatus = ""

    var fullName: String { [givenNames, familyName].filter { !$0.isEmpty }.joined(separator: " ") }
}

/// Likely duplicates were found: the person decides between an existing client and a new one.
struct DuplicateCandidates: Error, Sendable {
    struct Candidate: Sendable, Encodable {
        let clientId: UUID
        let name: String
        let birthDate: String
        let municipality: String
        let caseNumbers: [String]
    }

    let candidates: [Candidate]
}

/// Clients: created after the consent, found by keyed hash, their legal domains and households.
extension CaseDesk {
    /// Checks the identity and brings the birth date into the stored form (YYYY-MM-DD).
    func checkIdentity(_ identity: inout ClientIdentity, into failure: inout ValidationFailure) {
        Check.name(identity.familyName, field: "familyName", label: "den Familiennamen", into: &failure)
        if identity.givenNames.count > 120 { failure.add("givenNames", "Die Vornamen dürfen höchstens 120 Zeichen lang sein.") }
        if let day = Check.day(identity.birthDate, field: "birthDate", label: "das Geburtsdatum", required: false, into: &failure) {
            identity.birthDate = day
            if day > today { failure.add("birthDate", "Das Geburtsdatum liegt in der Zukunft.") }
        }
        if Gender(rawValue: identity.gender) == nil { failure.add("gender", "Bitte wählen Sie eine Angabe zum Geschlecht.") }
        if !identity.email.isEmpty && !(identity.email.contains("@") && identity.email.contains(".")) {
            failure.add("email", "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.")
        }
        for (field, value) in [("phone", identity.phone), ("address", identity.address), ("residenceStatus", identity.residenceStatus)] where value.count > 500 {
            failure.add(field, "Die Angabe darf höchstens 500 Zeichen lang sein.")
        }
    }

    /// The keyed tokens of a name and birth date: exact words, their sounds, the day.
    func tokens(name: String, birthDate: String) -> [(kind: String, token: String)] {
        blindIndex.clientTokens(name: name, birthDate: birthDate, districtID: scope.districtID)
    }

    /// Clients in scope whose name sounds alike (two words, or one with the same birth date).
    func likelyDuplicates(of identity: ClientIdentity) async throws -> [Client] {
        let wanted = tokens(name: identity.fullName, birthDate: identity.birthDate)
        let found = try await ClientSearchToken.query(on: db).filter(\.$districtID == scope.districtID)
            .filter(\.$token ~~ wanted.map(\.token)).all()
        var score: [UUID: (phonetic: Int, birth: Bool)] = [:]
        for token in found {
            var entry = score[token.clientID] ?? (0, false)
            if token.kind == "phonetic" { entry.phonetic += 1 }
            if token.kind == "birthDate" { entry.birth = true }
            score[token.clientID] = entry
        }
        let ids = score.filter { $0.value.phonetic >= 2 || ($0.value.birth && $0.value.phonetic >= 1) }.map(\.key)
        return try await clientsInScope(ids)
    }

    func clientsInScope(_ ids: [UUID]) async throws -> [Client] {
        guard !ids.isEmpty else { return [] }
        var query = Client.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$id ~~ ids)
        if let towns = scope.municipalityIDs { query = query.filter(\.$municipalityID ~~ Array(towns)) }
        return try await query.all()
    }

    func identity(of client: Client) async throws -> ClientIdentity {
        try identity(of: client, cipher: try await vault.cipher(for: client.requireID()))
    }

    /// With the client's cipher at hand: the case page unwraps each client key once (issue 17).
    func identity(of client: Client, cipher: ClientCipher) throws -> ClientIdentity {
        try cipher.openJSON(ClientIdentity.self, client.sealedIdentity, Client.schema, client.id, "identity") ?? ClientIdentity()
    }

    func candidates(_ clients: [Client]) async throws -> [DuplicateCandidates.Candidate] {
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        var result: [DuplicateCandidates.Candidate] = []
        for client in clients {
            let identity = try await identity(of: client)
            let numbers = try await CaseFile.query(on: db).filter(\.$clientID == client.requireID()).all().map(\.number)
            result.append(.init(clientId: try client.requireID(), name: identity.fullName, birthDate: identity.birthDate,
                                municipality: towns[client.municipalityID] ?? "", caseNumbers: numbers))
            try await record(.clientRead, "client", client.id)
        }
        return result
    }

    /// Creates the client of a case. Needs the case-management consent; shows likely duplicates
    /// first unless the person has seen them and chose a new client.
    func createClient(_ entered: ClientIdentity, caseID: UUID, confirmedNew: Bool) async throws -> Client {
        var identity = entered
        let file = try await changeableCase(caseID)
        guard file.clientID == nil else { throw PublicError(status: .conflict, reason: "Für diesen Fall ist bereits eine Person als Klient*in erfasst.") }
        guard try await hasCaseManagementConsent(file) else {
            throw Self.consentMissing(file)
        }
        var failure = ValidationFailure()
        checkIdentity(&identity, into: &failure)
        try failure.throwIfAny()
        if !confirmedNew {
            let duplicates = try await likelyDuplicates(of: identity)
            if !duplicates.isEmpty { throw DuplicateCandidates(candidates: try await candidates(duplicates)) }
        }
        let client = Client()
        let clientID = UUID()
        client.id = clientID
        client.districtID = scope.districtID
        client.municipalityID = file.municipalityID
        client.householdID = UUID()
        // The key first, in its own store: a client row without a key would be unreadable.
        let cipher = try await vault.create(clientID: clientID, districtID: scope.districtID)
        client.sealedIdentity = try cipher.sealJSON(identity, Client.schema, clientID, "identity")
        try await resealCaseTexts(of: file, with: cipher)
        file.clientID = clientID
        file.ageAtOpening = AgeBands.age(born: identity.birthDate, on: file.openedOn)
        let searchTokens = tokens(name: identity.fullName, birthDate: identity.birthDate)
        try await db.transaction { db in
            try await client.create(on: db)
            try await saveTokens(searchTokens, clientID: clientID, on: db)
            try await file.save(on: db)
            try await record(.clientCreated, "client", clientID, on: db)
        }
        try await vault.destroy(clientID: try file.requireID())
        return client
    }

    private func saveTokens(_ tokens: [(kind: String, token: String)], clientID: UUID, on db: any Database) async throws {
        try await ClientSearchToken.query(on: db).filter(\.$clientID == clientID).delete()
        for (kind, value) in tokens {
            let token = ClientSearchToken()
            token.districtID = scope.districtID
            token.clientID = clientID
            token.kind = kind
            token.token = value
            try await token.create(on: db)
        }
    }

    /// The case belongs to a client already known (chosen from the duplicates).
    func linkClient(_ chosen: UUID?, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        guard let clientID = chosen else {
            var failure = ValidationFailure()
            failure.add("clientId", "Bitte wählen Sie die Person aus der Liste der möglichen Dubletten.")
            throw failure
        }
        guard file.clientID == nil else { throw PublicError(status: .conflict, reason: "Für diesen Fall ist bereits eine Person als Klient*in erfasst.") }
        guard try await hasCaseManagementConsent(file) else {
            throw Self.consentMissing(file)
        }
        guard let client = try await clientsInScope([clientID]).first else { throw PublicError.notFound }
        try await resealCaseTexts(of: file, with: try await vault.cipher(for: try client.requireID()))
        file.clientID = client.id
        file.ageAtOpening = AgeBands.age(born: try await identity(of: client).birthDate, on: file.openedOn)
        try await db.transaction { db in
            try await file.save(on: db)
            try await record(.clientLinked, "case", file.id, on: db)
        }
        try await vault.destroy(clientID: try file.requireID())
    }

    /// Texts entered before the client was known were sealed with the case's own key: from now on
    /// they are sealed with the client's, so erasing the client erases them too. The caller
    /// destroys the case key once the case is saved.
    private func resealCaseTexts(of file: CaseFile, with cipher: ClientCipher) async throws {
        guard let sealed = file.sealedReferringParty else { return }
        let text = try await vault.cipher(for: try file.requireID()).open(sealed, CaseFile.schema, file.id, "referringParty")
        file.sealedReferringParty = try cipher.seal(text, CaseFile.schema, file.id, "referringParty")
    }

    func updateClient(_ entered: ClientIdentity, caseID: UUID) async throws {
        var identity = entered
        let file = try await changeableCase(caseID)
        guard let clientID = file.clientID, let client = try await Client.find(clientID, on: db) else { throw PublicError.notFound }
        var failure = ValidationFailure()
        checkIdentity(&identity, into: &failure)
        try failure.throwIfAny()
        let cipher = try await vault.cipher(for: clientID)
        let correction = try correction(from: try await self.identity(of: client), to: identity, clientID: clientID, caseID: caseID, cipher: cipher)
        client.sealedIdentity = try cipher.sealJSON(identity, Client.schema, clientID, "identity")
        let searchTokens = tokens(name: identity.fullName, birthDate: identity.birthDate)
        // Every case of the client takes the corrected age at its own opening.
        let cases = try await CaseFile.query(on: db).filter(\.$clientID == clientID).all()
        for other in cases { other.ageAtOpening = AgeBands.age(born: identity.birthDate, on: other.openedOn) }
        try await db.transaction { db in
            try await client.save(on: db)
            for other in cases where other.hasChanges { try await other.save(on: db) }
            try await correction?.create(on: db)
            try await saveTokens(searchTokens, clientID: clientID, on: db)
            try await record(.clientUpdated, "client", clientID, on: db)
        }
    }

    /// Cases in scope whose client's name matches every word typed, exactly or by sound.
    func searchCases(name: String) async throws -> [CaseFile] {
        let keys = NameMatching.keys(name)
        guard !keys.exact.isEmpty else { return [] }
        var matches: Set<UUID>?
        for word in keys.exact {
            let sound = NameMatching.colognePhonetic(word)
            var wanted = [blindIndex.token(word, kind: "name", districtID: scope.districtID)]
            if !sound.isEmpty { wanted.append(blindIndex.token(sound, kind: "phonetic", districtID: scope.districtID)) }
            let hits = try await clients(withAnyOf: wanted)
            matches = matches.map { $0.intersection(hits) } ?? hits
        }
        let clients = try await clientsInScope(Array(matches ?? []))
        try await record(.clientSearched, "client", nil)
        guard !clients.isEmpty else { return [] }
        return try await CaseFile.query(on: db).filter(\.$clientID ~~ clients.compactMap(\.id)).all()
            .filter { scope.contains(ResourceLocation(districtID: $0.districtID, municipalityID: $0.municipalityID)) }
    }

    /// The district's clients with any of these tokens. One column through SQLKit: a common name
    /// word belongs to hundreds of clients, and a Fluent model per token row cost a search most
    /// of its time (issue 17).
    private func clients(withAnyOf tokens: [String]) async throws -> Set<UUID> {
        guard let sql = db as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Die Suche braucht eine SQL-Datenbank.") }
        struct Hit: Decodable { let client_id: UUID }
        return Set(try await sql.select().distinct().column("client_id").from(ClientSearchToken.schema)
            .where("district_id", .equal, scope.districtID).where("token", .in, tokens)
            .all(decoding: Hit.self).map(\.client_id))
    }

    // MARK: Legal domains and household

    struct LegalDomainInput: Sendable {
        var legalDomain: LegalDomain?
        var beganOn = ""
        /// A change of legal domain: the one this replaces ends on the same day.
        var replaces: LegalDomain?
    }

    func addLegalDomain(_ input: LegalDomainInput, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        guard let clientID = file.clientID else { throw PublicError.notFound }
        var failure = ValidationFailure()
        Check.choice(input.legalDomain, field: "legalDomain", label: "den Rechtskreis", into: &failure)
        let day = Check.day(input.beganOn, field: "beganOn", label: "den Beginn", into: &failure)
        let current = try await LegalDomainMembership.query(on: db).filter(\.$clientID == clientID).filter(\.$endedOn == nil).all()
        var ended: LegalDomainMembership?
        if let replaces = input.replaces {
            ended = current.first { $0.legalDomain == replaces }
            if ended == nil { failure.add("replaces", "Die Klient*in ist derzeit nicht im Rechtskreis \(replaces.germanName).") }
            if replaces == input.legalDomain { failure.add("replaces", "Ein Wechsel braucht zwei verschiedene Rechtskreise.") }
        }
        if let domain = input.legalDomain, input.replaces != domain, current.contains(where: { $0.legalDomain == domain }) {
            failure.add("legalDomain", "Die Klient*in ist bereits im Rechtskreis \(domain.germanName).")
        }
        if let ended, let day, day < ended.beganOn { failure.add("beganOn", "Der Wechsel liegt vor dem Beginn des bisherigen Rechtskreises.") }
        let (legalDomain, beganOn) = try failure.checked(input.legalDomain, day)
        let membership = LegalDomainMembership()
        membership.districtID = scope.districtID
        membership.clientID = clientID
        membership.legalDomain = legalDomain
        membership.beganOn = beganOn
        membership.previousLegalDomain = input.replaces
        let endedMembership = ended
        try await db.transaction { db in
            if let ended = endedMembership {
                ended.endedOn = day
                try await ended.save(on: db)
            }
            try await membership.create(on: db)
            try await record(input.replaces == nil ? .legalDomainAdded : .legalDomainChanged, "client", clientID, on: db)
        }
    }

    /// Links the clients of two cases as one household, by the other case's number.
    func linkHousehold(caseID: UUID, memberCaseNumber: String) async throws {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        let other = try await CaseFile.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$number == memberCaseNumber).first()
        if memberCaseNumber.isEmpty {
            failure.add("memberCaseNumber", "Bitte geben Sie die Fallnummer des Haushaltsmitglieds ein.")
        } else if !(other.map { scope.contains(ResourceLocation(districtID: $0.districtID, municipalityID: $0.municipalityID)) } ?? false) {
            failure.add("memberCaseNumber", "Unter Ihren Fällen gibt es keinen mit der Nummer \(memberCaseNumber).")
        } else if other?.clientID == nil {
            failure.add("memberCaseNumber", "Im Fall \(memberCaseNumber) ist noch keine Person als Klient*in erfasst.")
        } else if other?.clientID == file.clientID {
            failure.add("memberCaseNumber", "Das ist dieselbe Person.")
        }
        guard let clientID = file.clientID, let own = try await Client.find(clientID, on: db) else { throw PublicError.notFound }
        try failure.throwIfAny()
        guard let memberID = other?.clientID, let member = try await Client.find(memberID, on: db) else { throw PublicError.notFound }
        let household = own.householdID
        let moving = try await Client.query(on: db).filter(\.$householdID == member.householdID).all()
        try await db.transaction { db in
            for client in moving {
                client.householdID = household
                try await client.save(on: db)
            }
            try await record(.householdLinked, "client", clientID, on: db)
        }
    }
}
