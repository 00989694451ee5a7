import Fluent
import Foundation
import LotseCore
import Vapor

/// Everything Lotse holds about one person (Art. 15 GDPR), for the person: their identity and its
/// corrections, every case of theirs the case manager is responsible for with every field, which
/// organisation received what and when (from the audit trail), and the information Art. 15 (1)
/// requires. The browser prints it as a German document; the API and the download give the same
/// as JSON. Other people of the household are counted, not named (Art. 15 (4)).
struct AccessExport: Encodable, Sendable {
    struct Person: Encodable, Sendable {
        let identity: ClientIdentity
        let gender: Coded?
        let legalDomains: [CaseDetail.LegalDomainView]
        let householdMembers: Int
    }

    /// One passing-on to an organisation: a referral or a case conference.
    struct Disclosure: Encodable, Sendable {
        let on: String
        let caseNumber: String
        let recipient: String
        let what: String
    }

    let generatedAt: Date
    let generatedBy: String
    let controller: String
    let person: Person
    let corrections: [CaseDetail.CorrectionView]
    let cases: [CaseDetail]
    /// Case numbers of the person's cases in municipalities outside the case manager's scope:
    /// named so the person knows where to ask, not opened.
    let casesElsewhere: [String]
    let disclosures: [Disclosure]
    let information: [PrivacyNotice.Section]
}

extension CaseDesk {
    /// The access export of the person of `caseID`. Audited as one export besides the reads.
    func accessExport(_ caseID: UUID, generatedBy: String) async throws -> AccessExport {
        let file = try await caseFile(caseID)
        guard let clientID = file.clientID, let client = try await Client.find(clientID, on: db) else {
            throw PublicError(status: .conflict, reason: "Zu diesem Fall ist keine Person erfasst: Er enthält keine Angaben zu einer Person, über die Auskunft zu geben wäre.")
        }
        let identity = try await identity(of: client)
        let all = try await CaseFile.query(on: db).filter(\.$clientID == clientID).filter(\.$erasedOn == nil).sort(\.$openedOn).all()
        let reachable = all.filter { scope.contains(ResourceLocation(districtID: $0.districtID, municipalityID: $0.municipalityID)) }
        var cases: [CaseDetail] = []
        for one in reachable { cases.append(try await detail(try one.requireID(), forExport: true)) }
        let memberships = try await LegalDomainMembership.query(on: db).filter(\.$clientID == clientID).sort(\.$beganOn).all()
        let housemates = try await Client.query(on: db).filter(\.$householdID == client.householdID).filter(\.$id != clientID).count()
        let corrections = try await ClientCorrection.query(on: db).filter(\.$clientID == clientID).all()
        let disclosures = try await disclosures(of: cases)
        let periods = try await DistrictSetting.retention(of: file.districtID, on: db)
        let district = try await District.find(file.districtID, on: db)?.name ?? ""
        let notice = PrivacyNotice(districtName: district, closedCaseMonths: periods.closedCaseMonths, firstContactMonths: periods.firstContactMonths)
        let export = AccessExport(
            generatedAt: now, generatedBy: generatedBy, controller: notice.controller,
            person: .init(identity: identity, gender: try? Coded(Gender.self, identity.gender),
                          legalDomains: memberships.map { m in
                              .init(legalDomain: Coded(m.legalDomain), beganOn: m.beganOn, endedOn: m.endedOn, previous: m.previousLegalDomain.map(Coded.init))
                          },
                          householdMembers: housemates),
            corrections: try Self.correctionViews(corrections, cipher: try await vault.cipher(for: clientID),
                                                  names: try await userNames(corrections.map(\.correctedBy))),
            cases: cases, casesElsewhere: all.filter { one in !reachable.contains { $0.id == one.id } }.map(\.number),
            disclosures: disclosures,
            information: notice.sections(recipients: Array(Set(disclosures.map(\.recipient))).sorted()))
        try await record(.accessExported, "client", clientID)
        return export
    }

    /// Who received what, and when: the audit entries of every referral, conference and handover
    /// to an office of the cases (and each opening by the office), with the organisation(s) and what went there.
    private func disclosures(of cases: [CaseDetail]) async throws -> [AccessExport.Disclosure] {
        var about: [String: (caseNumber: String, recipients: [String], what: String, day: String)] = [:]
        for detail in cases {
            for referral in detail.referrals {
                let items = referral.handoverItems.map(\.name).joined(separator: ", ")
                about[referral.id.uuidString] = (detail.number, [referral.provider],
                                                 "Verweisung (\(referral.lifeDomain.name))" + (items.isEmpty ? ", ohne Übergabe von Angaben" : "; übergeben: \(items)"),
                                                 referral.referredOn)
            }
            for conference in detail.conferences {
                about[conference.id.uuidString] = (detail.number, conference.participants, "\(conference.level.name): Besprechung Ihres Falls", conference.heldOn)
            }
            for handover in detail.handovers {
                about[handover.id.uuidString] = (detail.number, [handover.office],
                                                 "Vorprüfung \(handover.procedure.name): Name, Geburtsdatum und Stand jeder Voraussetzung", handover.handedOverOn)
            }
        }
        guard !about.isEmpty else { return [] }
        let actions = [AuditAction.referralCreated, .referralUpdated, .conferenceRecorded, .conferenceCalled, .handoverCreated, .handoverRead].map(\.rawValue)
        let entries = try await AuditEntry.query(on: db).filter(\.$objectID ~~ Array(about.keys)).filter(\.$action ~~ actions)
            .filter(\.$outcome == AuditOutcome.allowed.rawValue).sort(\.$sequence).all()
        var seen = Set<String>()
        let logged = entries.flatMap { entry -> [AccessExport.Disclosure] in
            guard let id = entry.objectID, let known = about[id] else { return [] }
            let day = GermanFormat.isoDay(entry.occurredAt)
            let what = switch entry.action {
            case AuditAction.referralUpdated.rawValue: known.what + " (fortgeschrieben)"
            case AuditAction.handoverRead.rawValue: known.what + " (von der Behörde geöffnet)"
            default: known.what
            }
            return known.recipients.filter { seen.insert("\(id)/\($0)/\(day)/\(what)").inserted }
                .map { AccessExport.Disclosure(on: day, caseNumber: known.caseNumber, recipient: $0, what: what) }
        }
        // An entry older than the audit trail's retention period is gone: the day the case itself records stands in.
        let inTrail = Set(entries.compactMap(\.objectID))
        let fromCase = about.filter { !inTrail.contains($0.key) }.values.flatMap { known in
            known.recipients.map { AccessExport.Disclosure(on: known.day, caseNumber: known.caseNumber, recipient: $0,
                                                           what: known.what + " (Tag aus dem Fall; der Protokolleintrag ist nach seiner Frist gelöscht)") }
        }
        return (logged + fromCase).sorted { ($0.on, $0.caseNumber) < ($1.on, $1.caseNumber) }
    }
}
