import Fluent
import Foundation
import LotseCore
import Vapor

/// The people behind some cases, opened only for the server's own check that a text going to the
/// coordination (a finding, topic, evidence answer or decision) names none of them: the clients
/// and everyone in their households. Nothing of it is shown or stored; a refusal is audited, so
/// trying out names is visible to the data-protection officer.
struct KnownPeople: Sendable {
    let db: any Database
    let vault: ClientVault
    let audit: AuditContext

    static let refusal = "Der Text nennt den Namen oder das Geburtsdatum einer Person aus den zugehörigen Fällen (auch in anderer "
        + "Schreibweise). Bitte beschreiben Sie die Lage ohne Personenbezug: Die Koordination und die Gremien dürfen niemanden erkennen."

    func behind(cases caseIDs: [UUID]) async throws -> [KnownPerson] {
        guard !caseIDs.isEmpty else { return [] }
        return try await people(try await CaseFile.query(on: db).filter(\.$id ~~ caseIDs).all().compactMap(\.clientID))
    }

    func behind(findings findingIDs: [UUID]) async throws -> [KnownPerson] {
        guard !findingIDs.isEmpty else { return [] }
        return try await behind(cases: try await Finding.query(on: db).filter(\.$id ~~ findingIDs).all().map(\.caseFileID))
    }

    func behind(topic topicID: UUID) async throws -> [KnownPerson] {
        try await behind(findings: try await FindingAssignment.query(on: db).filter(\.$topicID == topicID).all().map(\.findingID))
    }

    /// Everyone with a case in a municipality: whom an answer from there might name.
    func living(in municipalityID: UUID) async throws -> [KnownPerson] {
        try await people(try await Client.query(on: db).filter(\.$municipalityID == municipalityID).all().compactMap(\.id))
    }

    /// Adds the refusal to each field whose text names one of `people`, and audits it once.
    /// Answers whether it refused: then the softer warning (which a confirmation overrides) is moot.
    @discardableResult
    func refuse(_ texts: [(field: String, text: String)], naming people: [KnownPerson], object: (String, UUID?),
                into failure: inout ValidationFailure, message: String = refusal) async throws -> Bool {
        let named = texts.filter { PersonMention.found(in: $0.text, people: people) }
        guard !named.isEmpty else { return false }
        for (field, _) in named { failure.add(field, message) }
        try await audit.record(.personalDataRefused, object: object, outcome: .denied, on: db)
        return true
    }

    private func people(_ clientIDs: [UUID]) async throws -> [KnownPerson] {
        guard !clientIDs.isEmpty else { return [] }
        let households = Set(try await Client.query(on: db).filter(\.$id ~~ clientIDs).all().map(\.householdID))
        let members = try await Client.query(on: db).filter(\.$householdID ~~ Array(households)).all()
        let ciphers = try await vault.ciphers(for: members.compactMap(\.id))
        return try members.compactMap { member in
            // An erased client's key is gone: nothing left that could be named.
            guard let id = member.id, let cipher = ciphers[id],
                  let identity = try cipher.openJSON(ClientIdentity.self, member.sealedIdentity, Client.schema, id, "identity") else { return nil }
            return KnownPerson(givenNames: identity.givenNames, familyName: identity.familyName, birthDate: identity.birthDate)
        }
    }
}

extension Request {
    func knownPeople() throws -> KnownPeople { try application.knownPeople(audit: audit, db: db) }
}

extension Application {
    func knownPeople(audit: AuditContext, db: (any Database)? = nil) throws -> KnownPeople {
        guard let wrapper = lotse.clientKeys else { throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.") }
        return KnownPeople(db: db ?? self.db, vault: ClientVault(keys: self.db(.keyStore), wrapper: wrapper), audit: audit)
    }
}
