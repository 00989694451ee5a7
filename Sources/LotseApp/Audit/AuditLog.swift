import Fluent
import Foundation
import LotseCore
import SQLKit
import Vapor

/// What happened, in the trail's own vocabulary, with the German words the data-protection
/// officer reads.
enum AuditAction: String, CaseIterable, Sendable {
    case signInPasswordAccepted = "signIn.passwordAccepted"
    case signInFailed = "signIn.failed"
    case signInLocked = "signIn.locked"
    case signInCodeFailed = "signIn.codeFailed"
    case signInCompleted = "signIn.completed"
    case passwordChanged = "signIn.passwordChanged"
    case authenticatorEnrolled = "signIn.authenticatorEnrolled"
    case signOut = "signOut"
    case sessionEnded = "session.ended"
    case tokenIssued = "token.issued"
    case tokenRefused = "token.refused"
    case tokenRevoked = "token.revoked"
    case accessDenied = "access.denied"
    case accessDeniedRepeated = "access.deniedRepeated"
    case accountRead = "account.read"
    case districtRenamed = "district.renamed"
    case settingsChanged = "district.settingsChanged"
    case districtDeactivated = "district.deactivated"
    case districtActivated = "district.activated"
    case regionCreated = "region.created"
    case regionUpdated = "region.updated"
    case municipalityCreated = "municipality.created"
    case municipalityUpdated = "municipality.updated"
    case usersListed = "user.listed"
    case userRead = "user.read"
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userDeactivated = "user.deactivated"
    case userActivated = "user.activated"
    case userAccessReset = "user.accessReset"
    case auditRead = "audit.read"
    case auditExported = "audit.exported"
    case providerCreated = "provider.created"
    case providerUpdated = "provider.updated"
    case serviceCreated = "service.created"
    case serviceUpdated = "service.updated"
    case serviceChecked = "service.checked"
    case officeHoursCreated = "officeHours.created"
    case officeHoursUpdated = "officeHours.updated"
    case briefContactRecorded = "briefContact.recorded"
    case caseOpened = "case.opened"
    case casesListed = "case.listed"
    case caseRead = "case.read"
    case casePseudonymRead = "case.pseudonymRead"
    case clientCreated = "client.created"
    case clientLinked = "client.linked"
    case clientRead = "client.read"
    case clientUpdated = "client.updated"
    case clientSearched = "client.searched"
    case legalDomainAdded = "client.legalDomainAdded"
    case legalDomainChanged = "client.legalDomainChanged"
    case householdLinked = "client.householdLinked"
    case consentRecorded = "consent.recorded"
    case consentWithdrawn = "consent.withdrawn"
    case consentFormPrinted = "consent.formPrinted"
    case disclosureBlocked = "consent.disclosureBlocked"
    case personalDataRefused = "text.personalDataRefused"
    case grantRequested = "user.grantRequested"
    case grantApproved = "user.grantApproved"
    case grantRejected = "user.grantRejected"
    case intakeRecorded = "case.intakeRecorded"
    case phaseChanged = "case.phaseChanged"
    case caseClosed = "case.closed"
    case caseReopened = "case.reopened"
    case assessmentRecorded = "case.assessmentRecorded"
    case goalAdded = "case.goalAdded"
    case goalUpdated = "case.goalUpdated"
    case actionAdded = "case.actionAdded"
    case actionUpdated = "case.actionUpdated"
    case reviewScheduled = "case.reviewScheduled"
    case reviewRecorded = "case.reviewRecorded"
    case contactLogged = "case.contactLogged"
    case referralCreated = "referral.created"
    case referralUpdated = "referral.updated"
    case conferenceCalled = "conference.called"
    case conferenceRecorded = "conference.recorded"
    case helpPlanAgreed = "helpPlan.agreed"
    case helpPlanReviewed = "helpPlan.reviewed"
    case findingReported = "finding.reported"
    case findingAssigned = "finding.assigned"
    case topicCreated = "topic.created"
    case topicUpdated = "topic.updated"
    case topicMoved = "topic.moved"
    case topicsMerged = "topic.merged"
    case bodyCreated = "body.created"
    case memberAdded = "body.memberAdded"
    case meetingCreated = "meeting.created"
    case agendaItemAdded = "meeting.agendaItemAdded"
    case agendaItemChanged = "meeting.agendaItemChanged"
    case minutesRecorded = "meeting.minutesRecorded"
    case decisionTaken = "decision.taken"
    case decisionUpdated = "decision.updated"
    case evidenceRequested = "topic.evidenceRequested"
    case evidenceAnswered = "topic.evidenceAnswered"
    case stateForwardingRecorded = "topic.stateForwardingRecorded"
    case positionSaved = "programme.positionSaved"
    case positionChanged = "programme.positionChanged"
    case agreementSaved = "programme.agreementSaved"
    case milestoneSaved = "programme.milestoneSaved"
    case milestonePlanSaved = "programme.milestonePlanSaved"
    case goalSaved = "programme.goalSaved"
    case goalDeleted = "programme.goalDeleted"
    case reportGenerated = "report.generated"
    case reportEdited = "report.edited"
    case reportPublished = "report.published"
    case reportTextsSaved = "report.textsSaved"
    case reportRestored = "report.restored"
    case controllingExported = "report.controllingExported"
    case caseAnonymised = "case.anonymised"
    case retentionRun = "retention.run"
    case retentionRead = "retention.read"
    case retentionHeld = "retention.held"
    case retentionHoldLifted = "retention.holdLifted"
    case erasureRequested = "erasure.requested"
    case erasuresRead = "erasure.read"
    case erasureApproved = "erasure.approved"
    case erasureRejected = "erasure.rejected"
    case caseRestricted = "case.restricted"
    case caseRestrictionLifted = "case.restrictionLifted"
    case accessRequested = "access.requested"
    case accessFulfilled = "access.fulfilled"
    case accessExported = "access.exported"
    case accessRequestsRead = "access.read"
    case auditPruned = "audit.pruned"
    case officeCreated = "office.created"
    case officeChanged = "office.changed"
    case checklistCreated = "checklist.created"
    case checklistVersioned = "checklist.versioned"
    case preCheckStarted = "preCheck.started"
    case preCheckAnswered = "preCheck.answered"
    case handoverCreated = "handover.created"
    case handoverRead = "handover.read"
    case handoverReadBlocked = "handover.readBlocked"
    case handoverFeedback = "handover.feedback"
    case backlogRecorded = "backlog.recorded"
    case backlogImported = "backlog.imported"
    case campaignCreated = "campaign.created"
    case campaignChanged = "campaign.changed"
    case campaignEventCreated = "campaign.eventCreated"
    case campaignEventChanged = "campaign.eventChanged"
    case campaignMaterialAdded = "campaign.materialAdded"

    var germanName: String {
        switch self {
        case .signInPasswordAccepted: "Anmeldung: Passwort richtig"
        case .signInFailed: "Anmeldung fehlgeschlagen"
        case .signInLocked: "Anmeldung gesperrt (zu viele Fehlversuche)"
        case .signInCodeFailed: "Anmeldung: Code falsch"
        case .signInCompleted: "Anmeldung abgeschlossen"
        case .passwordChanged: "Passwort geändert"
        case .authenticatorEnrolled: "Authenticator-App eingerichtet"
        case .signOut: "Abmeldung"
        case .sessionEnded: "Sitzung beendet"
        case .tokenIssued: "API-Token ausgestellt"
        case .tokenRefused: "API-Token verweigert"
        case .tokenRevoked: "API-Token widerrufen"
        case .accessDenied: "Zugriff verweigert"
        case .accessDeniedRepeated: "Zugriff ohne Anmeldung wiederholt verweigert (zusammengefasst je Adresse und Minute)"
        case .accountRead: "Eigenes Konto angesehen"
        case .districtRenamed: "Kreis umbenannt"
        case .settingsChanged: "Einstellungen des Kreises geändert"
        case .districtDeactivated: "Kreis deaktiviert"
        case .districtActivated: "Kreis aktiviert"
        case .regionCreated: "Region angelegt"
        case .regionUpdated: "Region geändert"
        case .municipalityCreated: "Kommune angelegt"
        case .municipalityUpdated: "Kommune geändert"
        case .usersListed: "Benutzerliste angesehen"
        case .userRead: "Benutzer*in angesehen"
        case .userCreated: "Benutzer*in angelegt"
        case .userUpdated: "Benutzer*in geändert"
        case .userDeactivated: "Benutzer*in deaktiviert"
        case .userActivated: "Benutzer*in aktiviert"
        case .userAccessReset: "Zugang zurückgesetzt"
        case .auditRead: "Protokoll eingesehen"
        case .auditExported: "Protokoll exportiert"
        case .providerCreated: "Träger angelegt"
        case .providerUpdated: "Träger geändert"
        case .serviceCreated: "Angebot angelegt"
        case .serviceUpdated: "Angebot geändert"
        case .serviceChecked: "Angebot als geprüft markiert"
        case .officeHoursCreated: "Sprechstunde angelegt"
        case .officeHoursUpdated: "Sprechstunde geändert"
        case .briefContactRecorded: "Kurzkontakt erfasst"
        case .caseOpened: "Fall eröffnet"
        case .casesListed: "Fallliste mit Namen angesehen"
        case .caseRead: "Fall mit personenbezogenen Daten angesehen"
        case .casePseudonymRead: "Fall pseudonymisiert angesehen"
        case .clientCreated: "Klient*in angelegt"
        case .clientLinked: "Fall mit bekannter Klient*in verknüpft"
        case .clientRead: "Klient*in angesehen (Dublettenprüfung)"
        case .clientUpdated: "Klient*in geändert"
        case .clientSearched: "Klient*innen nach Namen gesucht"
        case .legalDomainAdded: "Rechtskreis erfasst"
        case .legalDomainChanged: "Rechtskreiswechsel erfasst"
        case .householdLinked: "Haushaltsmitglied verknüpft"
        case .consentRecorded: "Erklärung erfasst"
        case .consentWithdrawn: "Erklärung widerrufen"
        case .consentFormPrinted: "Einwilligungsformular gedruckt"
        case .disclosureBlocked: "Weitergabe ohne Schweigepflichtentbindung verhindert"
        case .personalDataRefused: "Text mit Name oder Geburtsdatum einer Person abgelehnt"
        case .grantRequested: "Rolle beantragt (wartet auf Bestätigung)"
        case .grantApproved: "Beantragte Rolle bestätigt"
        case .grantRejected: "Beantragte Rolle abgelehnt"
        case .intakeRecorded: "Ergebnis des Erstgesprächs erfasst"
        case .phaseChanged: "Phase gewechselt"
        case .caseClosed: "Fall abgeschlossen"
        case .caseReopened: "Fall wieder geöffnet"
        case .assessmentRecorded: "Falleinschätzung erfasst"
        case .goalAdded: "Ziel vereinbart"
        case .goalUpdated: "Ziel geändert"
        case .actionAdded: "Maßnahme erfasst"
        case .actionUpdated: "Maßnahme geändert"
        case .reviewScheduled: "Wiedervorlage geplant"
        case .reviewRecorded: "Überprüfung erfasst"
        case .contactLogged: "Kontakt erfasst"
        case .referralCreated: "Verweisung angelegt"
        case .referralUpdated: "Verweisung geändert"
        case .conferenceCalled: "Fallkonferenz einberufen"
        case .conferenceRecorded: "Fallkonferenz erfasst"
        case .helpPlanAgreed: "Hilfeplan vereinbart"
        case .helpPlanReviewed: "Hilfeplan überprüft"
        case .findingReported: "Erkenntnis gemeldet"
        case .findingAssigned: "Erkenntnis einem Thema zugeordnet"
        case .topicCreated: "Thema angelegt"
        case .topicUpdated: "Thema geändert"
        case .topicMoved: "Thema weitergeführt"
        case .topicsMerged: "Themen zusammengeführt"
        case .bodyCreated: "Gremium angelegt"
        case .memberAdded: "Mitglied eines Gremiums erfasst"
        case .meetingCreated: "Sitzung angelegt"
        case .agendaItemAdded: "Tagesordnungspunkt ergänzt"
        case .agendaItemChanged: "Tagesordnung geändert (Punkt bearbeitet, verschoben oder gestrichen)"
        case .minutesRecorded: "Protokoll einer Sitzung erfasst"
        case .decisionTaken: "Beschluss erfasst"
        case .decisionUpdated: "Stand eines Beschlusses geändert"
        case .evidenceRequested: "Rückfrage an Kommunen gestellt"
        case .evidenceAnswered: "Rückfrage beantwortet"
        case .stateForwardingRecorded: "Weiterleitung an das Land festgehalten"
        case .positionSaved: "Stelle angelegt oder geändert"
        case .positionChanged: "Stand einer Stelle geändert"
        case .agreementSaved: "Vereinbarung mit einer Kommune gespeichert"
        case .milestoneSaved: "Meilenstein gespeichert"
        case .milestonePlanSaved: "Meilensteinplan gespeichert"
        case .goalSaved: "Jahresziel gespeichert"
        case .goalDeleted: "Jahresziel gelöscht"
        case .reportGenerated: "Erfahrungsbericht erzeugt"
        case .reportEdited: "Erfahrungsbericht bearbeitet"
        case .reportPublished: "Erfahrungsbericht veröffentlicht"
        case .reportTextsSaved: "Texte für den Erfahrungsbericht gespeichert"
        case .reportRestored: "Frühere Fassung eines Erfahrungsberichts wiederhergestellt"
        case .controllingExported: "Controlling-Daten für das Land exportiert"
        case .caseAnonymised: "Fall nach Ablauf der Aufbewahrungsfrist anonymisiert"
        case .retentionRun: "Löschlauf ausgeführt"
        case .retentionRead: "Löschfristen angesehen"
        case .retentionHeld: "Fall von der Löschung zurückgehalten"
        case .retentionHoldLifted: "Zurückhaltung eines Falls aufgehoben"
        case .erasureRequested: "Löschung einer Person beantragt"
        case .erasuresRead: "Löschanträge angesehen"
        case .erasureApproved: "Löschung bestätigt (Fälle der Person anonymisiert)"
        case .erasureRejected: "Löschantrag abgelehnt"
        case .caseRestricted: "Verarbeitung eines Falls eingeschränkt (Art. 18 DSGVO)"
        case .caseRestrictionLifted: "Einschränkung der Verarbeitung aufgehoben"
        case .accessRequested: "Auskunftsersuchen erfasst (Art. 15 DSGVO)"
        case .accessFulfilled: "Auskunftsersuchen als beantwortet festgehalten"
        case .accessExported: "Auskunft über alle Daten einer Person erstellt"
        case .accessRequestsRead: "Anfragen Betroffener angesehen"
        case .auditPruned: "Protokolleinträge nach Ablauf der Aufbewahrungsfrist gelöscht"
        case .officeCreated: "Ausländer- oder Einbürgerungsbehörde angelegt"
        case .officeChanged: "Ausländer- oder Einbürgerungsbehörde geändert"
        case .checklistCreated: "Checkliste der Voraussetzungen angelegt"
        case .checklistVersioned: "Neue Fassung einer Checkliste angelegt"
        case .preCheckStarted: "Vorprüfung im Fall begonnen"
        case .preCheckAnswered: "Vorprüfung im Fall festgehalten"
        case .handoverCreated: "Vorprüfung an eine Behörde übergeben"
        case .handoverRead: "Übergabe von der Behörde gelesen"
        case .handoverReadBlocked: "Übergabe nicht mehr lesbar (Schweigepflichtentbindung fehlt oder Fall eingeschränkt)"
        case .handoverFeedback: "Rückmeldung der Behörde zu einer Übergabe"
        case .backlogRecorded: "Zahlen zum Antragsstau eines Monats erfasst"
        case .backlogImported: "Zahlen zum Antragsstau aus einer CSV-Datei übernommen"
        case .campaignCreated: "Einbürgerungskampagne angelegt"
        case .campaignChanged: "Einbürgerungskampagne geändert"
        case .campaignEventCreated: "Veranstaltung der Kampagne angelegt"
        case .campaignEventChanged: "Veranstaltung der Kampagne geändert"
        case .campaignMaterialAdded: "Material der Kampagne hinzugefügt"
        }
    }
}

enum AuditOutcome: String, Sendable, CaseIterable {
    case allowed
    case denied
    case failed

    var germanName: String {
        switch self {
        case .allowed: "erlaubt"
        case .denied: "verweigert"
        case .failed: "fehlgeschlagen"
        }
    }
}

/// Who is acting, from where: what every entry of one request shares.
struct AuditContext: Sendable {
    let districtID: UUID?
    let actorID: UUID?
    let clientAddress: String
    let requestID: String
    let chain: AuditChain?
    let now: @Sendable () -> Date
    /// Where entries outside a transaction go, to be committed together with concurrent ones.
    var groupCommit: AuditGroupCommit? = nil

    /// Appends one entry. Joins the caller's transaction when there is one, so the entry and the
    /// change it records are stored together or not at all; an entry that stands alone is committed
    /// with those of concurrent requests (`AuditGroupCommit`) and is stored when this returns.
    func record(_ action: AuditAction, object: (type: String, id: UUID?)? = nil, outcome: AuditOutcome = .allowed,
                districtID overrideDistrict: UUID? = nil, repeats: Int = 1, on database: any Database) async throws {
        guard let chain else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.")
        }
        switch action {
        case .signInFailed: LotseMetrics.signInFailed(step: "password")
        case .signInCodeFailed: LotseMetrics.signInFailed(step: "code")
        case .signInLocked: LotseMetrics.signInFailed(step: "locked")
        default: break
        }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { LotseMetrics.auditAppended(since: start) }
        let draft = AuditRecord(
            sequence: 0, occurredAtMilliseconds: Int64((now().timeIntervalSince1970 * 1000).rounded()),
            districtID: overrideDistrict ?? districtID, actorID: actorID, clientAddress: clientAddress, requestID: requestID,
            action: action.rawValue, objectType: object?.type, objectID: object?.id?.uuidString, outcome: outcome.rawValue,
            previousHash: "", hash: "", repeats: repeats)
        if !database.inTransaction, let groupCommit {
            try await groupCommit.append(draft)
            return
        }
        try await database.transaction { database in
            try await chain.append([draft], on: database)
        }
    }
}

extension AuditChain {
    /// Appends entries that are already complete but for their place in the chain, under one lock of
    /// the head: the entry of a change, the entries of concurrent reads (`AuditGroupCommit`) and the
    /// data generator's years of history all come this way. Must run inside the transaction that
    /// stores what the entries record.
    func append(_ drafts: [AuditRecord], on database: any Database) async throws {
        guard !drafts.isEmpty, let sql = database as? any SQLDatabase else { return }
        // The increment comes first and takes the head's lock (its row on PostgreSQL, the write lock
        // on SQLite), so two writers never extend the same hash; it returns the head it leaves: one
        // statement, not an update and a read (issue 17).
        struct Head: Decodable { let last_sequence: Int64; let last_hash: String }
        guard let head = try await sql.update(AuditChainHead.schema).set(SQLIdentifier("last_sequence"), to: SQLRaw("last_sequence + \(drafts.count)"))
            .where("id", .equal, SQLBind(1)).returning("last_sequence", "last_hash").first(decoding: Head.self) else {
            throw PublicError(status: .internalServerError, reason: "Das Protokoll ist nicht eingerichtet.")
        }
        var previous = head.last_hash
        var entries: [AuditEntry] = []
        entries.reserveCapacity(drafts.count)
        for (offset, draft) in drafts.enumerated() {
            var record = draft
            record.sequence = head.last_sequence - Int64(drafts.count) + Int64(offset) + 1
            record = seal(record, after: previous)
            previous = record.hash
            entries.append(AuditEntry(record))
        }
        // SQLite allows 32,766 bound values in one statement; 13 columns × 1,000 rows stays below.
        for start in stride(from: 0, to: entries.count, by: 1_000) {
            try await entries[start..<min(start + 1_000, entries.count)].create(on: database)
        }
        try await sql.update(AuditChainHead.schema).set("last_hash", to: previous).where("id", .equal, SQLBind(1)).run()
    }
}

extension AuditContext {
    /// The same context for work done on behalf of one district without a signed-in person (the
    /// retention run): its entries belong to that district, so its data-protection officer sees them.
    func inDistrict(_ districtID: UUID) -> AuditContext {
        AuditContext(districtID: districtID, actorID: actorID, clientAddress: clientAddress, requestID: requestID, chain: chain, now: now,
                     groupCommit: groupCommit)
    }
}

extension Request {
    /// The audit context of this request: the signed-in person (or the one named by a sign-in
    /// step), their district, the client address and the request id.
    var audit: AuditContext {
        let user = signedIn?.user
        return AuditContext(
            districtID: user?.districtID, actorID: user?.id ?? pendingSession?.$user.id, clientAddress: clientAddress,
            requestID: id, chain: lotse.auditChain, now: lotse.configuration.now, groupCommit: lotse.auditGroupCommit)
    }

    /// The same for a person identified during sign-in, before the request knows them.
    func audit(as user: User) -> AuditContext {
        AuditContext(districtID: user.districtID, actorID: user.id, clientAddress: clientAddress, requestID: id,
                     chain: lotse.auditChain, now: lotse.configuration.now, groupCommit: lotse.auditGroupCommit)
    }
}

extension Application {
    /// For command-line tools: the operator acts, from this machine.
    func audit(requestID: String) -> AuditContext {
        AuditContext(districtID: nil, actorID: nil, clientAddress: "Kommandozeile", requestID: requestID,
                     chain: lotse.auditChain, now: lotse.configuration.now, groupCommit: lotse.auditGroupCommit)
    }
}
