import Fluent
import Foundation
import LotseCore
import Vapor

/// What every operation of case work needs: the scope the access policy granted, both databases,
/// the keys, the audit context and the clock. Made per request by `Request.caseDesk(_:)`.
struct CaseDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let vault: ClientVault
    let blindIndex: BlindIndex
    let audit: AuditContext
    let now: Date
    let actorID: UUID

    var today: String { GermanFormat.isoDay(now) }

    /// The case at `id`, if the scope reaches its municipality; anything else looks like nothing.
    func caseFile(_ id: UUID) async throws -> CaseFile {
        guard let file = try await CaseFile.find(id, on: db),
              scope.contains(ResourceLocation(districtID: file.districtID, municipalityID: file.municipalityID))
        else { throw PublicError.notFound }
        if let erasedOn = file.erasedOn { throw Self.anonymised(file, on: erasedOn) }
        return file
    }

    /// An anonymised case is only counted: it has nothing left to show or change.
    static func anonymised(_ file: CaseFile, on day: String) -> PublicError {
        PublicError(status: .gone, reason: "Der Fall \(file.number) wurde am \(GermanFormat.germanDay(day)) nach Ablauf der Aufbewahrungsfrist "
                    + "anonymisiert. Es gibt keine personenbezogenen Daten mehr zu ihm; er zählt nur noch in den Statistiken.")
    }

    /// Without the case-management consent a case holds only what a brief contact holds; the
    /// refusal leads to the page that records the consent.
    static func consentMissing(_ file: CaseFile, _ reason: String = DisclosureBlock.noCaseManagementConsent.message) -> PublicError {
        PublicError(status: .conflict, reason: reason,
                    remedy: file.id.map { .init(label: "Einverständniserklärung erfassen", href: SiteURL.caseStep(.value($0), .consent).path) })
    }

    /// The cipher of the case's client; cases without a client have no personal data to seal.
    func cipher(for file: CaseFile) async throws -> ClientCipher {
        guard let clientID = file.clientID else {
            throw PublicError(status: .conflict, reason: "Für diesen Fall ist noch keine Person als Klient*in erfasst.",
                              remedy: file.id.map { .init(label: "Person erfassen", href: SiteURL.caseClient(.value($0)).path) })
        }
        return try await vault.cipher(for: clientID)
    }

    func record(_ action: AuditAction, _ type: String, _ id: UUID?, outcome: AuditOutcome = .allowed, on database: (any Database)? = nil) async throws {
        try await audit.record(action, object: (type, id), outcome: outcome, on: database ?? db)
    }
}

/// Sealing and opening one field: the context names table, row and field, so a sealed value moved
/// to another row or column does not open.
extension ClientCipher {
    func seal(_ text: String, _ table: String, _ id: UUID?, _ field: String) throws -> String {
        try seal(text, context: "\(table)/\(id?.uuidString ?? "")/\(field)")
    }

    func open(_ sealed: String?, _ table: String, _ id: UUID?, _ field: String) throws -> String {
        guard let sealed else { return "" }
        return try open(sealed, context: "\(table)/\(id?.uuidString ?? "")/\(field)")
    }

    func sealJSON<T: Encodable>(_ value: T, _ table: String, _ id: UUID?, _ field: String) throws -> String {
        try seal(String(decoding: try JSONEncoder().encode(value), as: UTF8.self), table, id, field)
    }

    func openJSON<T: Decodable>(_ type: T.Type, _ sealed: String?, _ table: String, _ id: UUID?, _ field: String) throws -> T? {
        guard let sealed else { return nil }
        return try JSONDecoder().decode(T.self, from: Data(try open(sealed, table, id, field).utf8))
    }
}

extension Request {
    /// The desk for `action`; refuses (403) when the policy does not grant it.
    func caseDesk(_ action: Action = .workOnCases) throws -> CaseDesk {
        let authorized = try authorize(action)
        guard let wrapper = lotse.clientKeys, let blindIndex = lotse.blindIndex else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.")
        }
        return CaseDesk(scope: authorized.scope, db: db, vault: ClientVault(keys: db(.keyStore), wrapper: wrapper),
                        blindIndex: blindIndex, audit: audit, now: now, actorID: authorized.user.id ?? UUID())
    }
}

/// Checks of case forms shared by the browser and the API.
extension Check {
    /// A calendar day (YYYY-MM-DD). Returns the day, or nil after adding a message.
    @discardableResult
    static func day(_ text: String, field: String, label: String, required: Bool = true, into failure: inout ValidationFailure) -> String? {
        if text.isEmpty {
            if required { failure.add(field, "Bitte geben Sie \(label) an.") }
            return nil
        }
        // Browsers without a date picker send what was typed: accept the German form too.
        let parts = text.split(separator: ".").map(String.init)
        let iso = parts.count == 3 ? "\(parts[2])-\(parts[1].count == 1 ? "0" + parts[1] : parts[1])-\(parts[0].count == 1 ? "0" + parts[0] : parts[0])" : text
        guard GermanFormat.day(iso) != nil else {
            failure.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) ist kein gültiges Datum (z. B. 24.11.2026).")
            return nil
        }
        return iso
    }

    /// A label that is a dependent clause ("wie die Erklärung abgegeben wurde") needs a comma before
    /// it and another verb form ("Bitte geben Sie an, was …" instead of "Bitte geben Sie was … ein").
    static func isClause(_ label: String) -> Bool {
        ["wie ", "ob ", "wer ", "was ", "wann ", "wo ", "welche"].contains { label.hasPrefix($0) }
    }

    static func choice<V: Vocabulary>(_ value: V?, field: String, label: String, into failure: inout ValidationFailure) {
        if value == nil { failure.add(field, isClause(label) ? "Bitte wählen Sie, \(label)." : "Bitte wählen Sie \(label).") }
    }

    static func text(_ value: String, field: String, label: String, max: Int = 4000, required: Bool = true, into failure: inout ValidationFailure) {
        if value.isEmpty {
            if required { failure.add(field, isClause(label) ? "Bitte geben Sie an, \(label)." : "Bitte geben Sie \(label) ein.") }
        } else if value.count > max {
            failure.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) darf höchstens \(max) Zeichen lang sein.")
        }
    }
}

extension Check {
    /// The day a piece of work happened (`DayOfWork`): today when left empty, never in the future,
    /// never before `earliest` (named by `after`, e.g. "dem vorigen Schritt").
    static func dayOfWork(_ text: String, field: String, label: String, today: String, earliest: String? = nil, after: String = "",
                          into failure: inout ValidationFailure) -> String? {
        if text.isEmpty { return today }
        guard let day = Check.day(text, field: field, label: label, into: &failure) else { return nil }
        switch DayOfWork.problem(day, today: today, notBefore: earliest) {
        case .inTheFuture:
            failure.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) liegt in der Zukunft. Bitte geben Sie den Tag an, an dem es war: heute oder früher.")
            return nil
        case .before(let earliest):
            failure.add(field, "\(label.prefix(1).uppercased() + label.dropFirst()) liegt vor \(after) (\(GermanFormat.germanDay(earliest))). Bitte prüfen Sie das Datum.")
            return nil
        case nil:
            return day
        }
    }
}
