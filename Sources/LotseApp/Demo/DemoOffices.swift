import Fluent
import Foundation
import LotseCore
import Vapor

/// The demo's immigration and naturalisation offices (seed 001: the Kreis's and the Stadt
/// Paderborn's) and their checklists. The requirements are summaries for the demo, marked as
/// examples on every page: they are not the offices' real checklists and not legal advice.
enum DemoOffices {
    struct Item {
        let title: String
        let source: String
        let explanation: String
        let documents: String
    }

    static let youth: [Item] = [
        .init(title: "Vier Jahre Voraufenthalt", source: "§ 25a Abs. 1 Satz 1 Nr. 1 AufenthG (Beispiel)",
              explanation: "Die Person lebt seit drei oder mehr Jahren ununterbrochen geduldet, gestattet oder mit Aufenthaltserlaubnis in Deutschland (Beispieltext der Demo).",
              documents: "Duldungen oder Aufenthaltstitel der letzten Jahre, Meldebescheinigung"),
        .init(title: "Schulbesuch oder Abschluss", source: "§ 25a Abs. 1 Satz 1 Nr. 2 AufenthG (Beispiel)",
              explanation: "Erfolgreicher Schulbesuch seit drei Jahren oder ein anerkannter Schul- oder Berufsabschluss.",
              documents: "Schulbescheinigungen, Zeugnisse"),
        .init(title: "Antrag vor dem 27. Geburtstag", source: "§ 25a Abs. 1 Satz 1 Nr. 3 AufenthG (Beispiel)",
              explanation: "Der Antrag muss vor Vollendung des 27. Lebensjahres gestellt werden.", documents: "Pass oder Passersatz"),
    ]

    static let sustainable: [Item] = [
        .init(title: "Voraufenthalt von sechs Jahren (vier mit minderjährigem Kind)", source: "§ 25b Abs. 1 Satz 2 Nr. 1 AufenthG (Beispiel)",
              explanation: "Die Person lebt seit sechs Jahren, mit einem minderjährigen Kind im Haushalt seit vier Jahren, geduldet, gestattet oder mit Aufenthaltserlaubnis in Deutschland.",
              documents: "Duldungen oder Aufenthaltstitel, Meldebescheinigung"),
        .init(title: "Bekenntnis zur freiheitlichen demokratischen Grundordnung", source: "§ 25b Abs. 1 Satz 2 Nr. 2 AufenthG (Beispiel)",
              explanation: "Eine Erklärung, die die Behörde vorlegt; Grundkenntnisse der Rechts- und Gesellschaftsordnung.",
              documents: "Unterschriebene Erklärung, ggf. Nachweis „Leben in Deutschland“"),
        .init(title: "Lebensunterhalt überwiegend gesichert", source: "§ 25b Abs. 1 Satz 2 Nr. 3 AufenthG (Beispiel)",
              explanation: "Der Lebensunterhalt ist überwiegend durch Arbeit gesichert oder wird es voraussichtlich sein; Ausnahmen etwa für Studium, Ausbildung, Pflege.",
              documents: "Arbeitsvertrag, Gehaltsabrechnungen der letzten Monate, Bescheide"),
        .init(title: "Mündliche Deutschkenntnisse A2", source: "§ 25b Abs. 1 Satz 2 Nr. 4 AufenthG (Beispiel)",
              explanation: "Hinreichende mündliche Deutschkenntnisse (Niveau A2).", documents: "Sprachzertifikat, z. B. DTZ"),
    ]

    static let opportunity: [Item] = [
        .init(title: "Am 31. Oktober 2022 fünf Jahre geduldet, gestattet oder erlaubt", source: "§ 104c Abs. 1 AufenthG (Beispiel)",
              explanation: "Das Chancen-Aufenthaltsrecht galt für Anträge bis zum 31. Dezember 2025; diese Fassung ist deshalb nur noch für ältere Vorprüfungen gültig.",
              documents: "Duldungen, Meldebescheinigung"),
    ]

    static let naturalisationBefore: [Item] = [
        .init(title: "Acht Jahre rechtmäßiger gewöhnlicher Aufenthalt", source: "§ 10 Abs. 1 StAG a. F. (Beispiel)",
              explanation: "Vor dem 27. Juni 2024: acht Jahre, mit Integrationskurs sieben, bei besonderen Leistungen sechs.", documents: "Aufenthaltstitel, Meldebescheinigung"),
        .init(title: "Deutschkenntnisse B1", source: "§ 10 Abs. 1 Satz 1 Nr. 6 StAG (Beispiel)", explanation: "Ausreichende Deutschkenntnisse (B1).",
              documents: "Sprachzertifikat B1"),
    ]

    static let naturalisationNow: [Item] = [
        .init(title: "Fünf Jahre rechtmäßiger gewöhnlicher Aufenthalt", source: "§ 10 Abs. 1 StAG (Beispiel)",
              explanation: "Seit dem 27. Juni 2024 fünf Jahre, bei besonderen Integrationsleistungen drei.", documents: "Aufenthaltstitel, Meldebescheinigung"),
        .init(title: "Deutschkenntnisse B1", source: "§ 10 Abs. 1 Satz 1 Nr. 6 StAG (Beispiel)", explanation: "Ausreichende Deutschkenntnisse (B1).",
              documents: "Sprachzertifikat B1"),
        .init(title: "Einbürgerungstest", source: "§ 10 Abs. 1 Satz 1 Nr. 7 StAG (Beispiel)",
              explanation: "Kenntnisse der Rechts- und Gesellschaftsordnung, nachgewiesen durch den Einbürgerungstest.", documents: "Bescheinigung über den bestandenen Test"),
        .init(title: "Lebensunterhalt ohne Leistungen nach SGB II oder XII", source: "§ 10 Abs. 1 Satz 1 Nr. 3 StAG (Beispiel)",
              explanation: "Der Lebensunterhalt ist ohne Bürgergeld oder Sozialhilfe gesichert; Ausnahmen sind eng.",
              documents: "Arbeitsvertrag, Gehaltsabrechnungen, Mietvertrag"),
    ]

    /// Creates the two offices and their example checklists, once.
    static func seed(_ app: Application, districtID: UUID, now: Date) async throws {
        guard try await ImmigrationOffice.query(on: app.db).filter(\.$districtID == districtID).count() == 0 else { return }
        let towns = try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
        guard let city = towns.first(where: { $0.name == "Paderborn" })?.id,
              let officer = try await User.query(on: app.db).filter(\.$username == "demo.abh").first()?.id else { return }
        let scope = AccessScope.operatorCommand(.administerOrganisation, districtID: districtID)
        let audit = app.audit(requestID: "demo").inDistrict(districtID)
        // Each office is linked to its entry in the directory, which a client's waiver names.
        let providers = Dictionary(try await Provider.query(on: app.db).filter(\.$districtID == districtID).all().compactMap { p in p.id.map { (p.name, $0) } },
                                   uniquingKeysWith: { first, _ in first })
        let kreisName = "Ausländer- und Einbürgerungsbehörde Kreis Paderborn (Demo)", stadtName = "Ausländer- und Einbürgerungsbehörde Stadt Paderborn (Demo)"
        try await OfficeService.save(.init(name: kreisName, kinds: [.residence, .naturalisation],
                                           municipalityIDs: Set(towns.compactMap(\.id)).subtracting([city]), providerID: providers[kreisName]),
                                     id: nil, scope, audit: audit, on: app.db)
        let stadt = try await OfficeService.save(.init(name: stadtName, kinds: [.residence, .naturalisation],
                                                       municipalityIDs: [city], memberIDs: [officer], providerID: providers[stadtName]),
                                                 id: nil, scope, audit: audit, on: app.db)
        let desk = ChecklistDesk(scope: .operatorCommand(.maintainRequirements, districtID: districtID), db: app.db, audit: audit, now: now, actorID: officer)
        func input(_ procedure: Procedure, _ title: String, _ from: String, _ items: [Item]) -> ChecklistDesk.ChecklistInput {
            .init(procedure: procedure, title: title, validFrom: from,
                  items: items.map { .init(title: $0.title, legalSource: $0.source, explanation: $0.explanation, documents: $0.documents) }, isExample: true)
        }
        // The checklists belong to the office their staff keep; the Kreis's office has no demo account.
        let officeID = try stadt.requireID()
        try await desk.create(input(.youthResidence, "Aufenthaltserlaubnis für gut integrierte junge Menschen (§ 25a)", "2024-01-01", youth), officeID: officeID)
        try await desk.create(input(.sustainableIntegration, "Aufenthaltserlaubnis bei nachhaltiger Integration (§ 25b)", "2024-01-01", sustainable), officeID: officeID)
        let chance = try await desk.create(input(.opportunityResidence, "Chancen-Aufenthaltsrecht (§ 104c)", "2022-12-31", opportunity), officeID: officeID)
        chance.validUntil = "2025-12-31"
        try await chance.save(on: app.db)
        let before = try await desk.create(input(.naturalisation, "Einbürgerung (Anspruchseinbürgerung, StAG)", "2023-01-01", naturalisationBefore), officeID: officeID)
        try await desk.newVersion(input(.naturalisation, "Einbürgerung (Anspruchseinbürgerung, StAG)", "2024-06-27", naturalisationNow), of: try before.requireID())
        try await preCheck(app, districtID: districtID, now: now)
        try await backlog(app, districtID: districtID, now: now, officeID: officeID, officer: officer)
        try await exchange(app, districtID: districtID, now: now, officer: officer)
    }

    /// The exchange meetings of the coordination with the offices (seed 001: "regelmäßiger
    /// Austausch"), a body like the others with the Stadt office's demo account as a member: one
    /// meeting held with minutes and a task, the next one planned.
    static func exchange(_ app: Application, districtID: UUID, now: Date, officer: UUID) async throws {
        guard let coordinator = try await User.query(on: app.db).filter(\.$username == "demo.koordination").first()?.id else { return }
        func desk(_ daysAgo: Int) throws -> SteeringDesk {
            SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                         now: now.addingTimeInterval(Double(-daysAgo) * 86_400), actorID: coordinator,
                         people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        let body = try await desk(90).createBody(.init(name: "Austauschtreffen KIM und Ausländer- und Einbürgerungsbehörden", kind: .roundTable,
                                                       mandate: "Regelmäßiger Austausch der Koordinierenden Stelle mit den Behörden über Antragsstau, Vorprüfungen und die Einbürgerungskampagne."))
        let bodyID = try body.requireID()
        try await desk(90).addMember(.init(name: "Aylin Yıldız", organisation: "Ausländer- und Einbürgerungsbehörde Stadt Paderborn", function: "Sachbearbeitung",
                                           userID: officer), bodyID: bodyID)
        try await desk(90).addMember(.init(name: "Jonas Becker", organisation: "KIM Kreis Paderborn", function: "Koordinierende Stelle"), bodyID: bodyID)
        let held = try await desk(30).createMeeting(bodyID: bodyID, heldOn: GermanFormat.isoDay(now.addingTimeInterval(-30 * 86_400)), place: "Kreishaus Paderborn, Raum 1.08")
        let heldID = try held.requireID()
        try await desk(30).addAgendaItem(.init(title: "Antragsstau und Vorprüfungen aus dem Case Management"), meetingID: heldID)
        try await desk(30).addAgendaItem(.init(title: "Termine der Einbürgerungskampagne im Frühjahr"), meetingID: heldID)
        _ = try await desk(30).decide(.init(text: "Die Behörde nennt dem Case Management die Unterlagen, die bei Übergaben nach § 25b am häufigsten fehlen.",
                                            kind: .task, owner: "Ausländer- und Einbürgerungsbehörde Stadt Paderborn",
                                            dueOn: GermanFormat.isoDay(now.addingTimeInterval(14 * 86_400))), meetingID: heldID)
        try await desk(30).recordMinutes("Übergaben kommen vollständiger an; der Antragsstau älter als sechs Monate sinkt. Nächste Kampagnentermine abgestimmt.",
                                         present: held.invitedMemberIDs, meetingID: heldID)
        _ = try await desk(30).createMeeting(bodyID: bodyID, heldOn: GermanFormat.isoDay(now.addingTimeInterval(60 * 86_400)), place: "Rathaus Paderborn")
    }

    /// A year of the Stadt office's backlog figures, imported as its CSV export would be: the
    /// backlog older than six months shrinks as the extra staff work it off (seed 001's first aim).
    static func backlog(_ app: Application, districtID: UUID, now: Date, officeID: UUID, officer: UUID) async throws {
        let desk = BacklogDesk(scope: .operatorCommand(.reportBacklog, districtID: districtID), db: app.db,
                               audit: app.audit(requestID: "demo").inDistrict(districtID), now: now, actorID: officer)
        var month = RetentionRule.day(RetentionRule.monthStart(desk.today), minusMonths: 12)
        var lines = [BacklogRules.header]
        for step in 0..<12 {
            let german = BacklogRules.germanMonth(String(month.prefix(7)))
            lines.append([german, "§ 25a", "\(3 + step % 2)", "2", "0", "0", "\(24 - step)", "\(12 - step / 2)", "\(8 - step / 2)"])
            lines.append([german, "§ 25b", "\(6 + step % 3)", "4", "1", "0", "\(58 - 2 * step)", "\(30 - 2 * step)", "\(22 - 2 * step)"])
            lines.append([german, "Einbürgerung", "\(38 + step)", "\(30 + 2 * step)", "1", "2", "\(420 - 12 * step)", "\(230 - 11 * step)", "\(160 - 12 * step)"])
            month = RetentionRule.day(month, minusMonths: -1)
        }
        _ = try await desk.importCSV(lines.map { $0.joined(separator: ";") }.joined(separator: "\r\n"), officeID: officeID)
    }

    /// Pre-checks for § 25b in two open cases with a client, each handed over with the client's
    /// waiver to the office responsible: one of region 1 (the demo case manager's) to the Kreis's
    /// office, one of the city to the Stadt's office, whose demo account has reported back.
    static func preCheck(_ app: Application, districtID: UUID, now: Date) async throws {
        guard let manager = try await User.query(on: app.db).filter(\.$username == "demo.casemanagement").first()?.id,
              let officer = try await User.query(on: app.db).filter(\.$username == "demo.abh").first()?.id,
              let wrapper = app.lotse.clientKeys, let blindIndex = app.lotse.blindIndex else { return }
        let restricted = Set(try await CaseRestriction.query(on: app.db).filter(\.$liftedOn == nil).all().map(\.caseFileID))
        let towns = try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
        let regionOne = Set(towns.filter { DemoSeeder.regions[0].municipalities.contains($0.name) }.compactMap(\.id))
        let city = Set(towns.filter { $0.name == "Paderborn" }.compactMap(\.id))
        let candidates = try await CaseFile.query(on: app.db).filter(\.$districtID == districtID).filter(\.$phase != .closed).filter(\.$clientID != nil)
            .sort(\.$number).all().filter { !restricted.contains($0.id ?? UUID()) }
        guard let checklist = try await RequirementChecklist.query(on: app.db).filter(\.$districtID == districtID)
            .filter(\.$procedure == .sustainableIntegration).first() else { return }
        let vault = ClientVault(keys: app.db(.keyStore), wrapper: wrapper)
        func desk(_ daysAgo: Int) -> CaseDesk {
            CaseDesk(scope: .operatorCommand(.workOnCases, districtID: districtID), db: app.db, vault: vault, blindIndex: blindIndex,
                     audit: app.audit(requestID: "demo"), now: now.addingTimeInterval(Double(-daysAgo) * 86_400), actorID: manager)
        }
        func office(_ daysAgo: Int) -> HandoverDesk {
            HandoverDesk(scope: .operatorCommand(.receiveHandovers, districtID: districtID), db: app.db, vault: vault,
                         audit: app.audit(requestID: "demo"), now: now.addingTimeInterval(Double(-daysAgo) * 86_400), actorID: officer)
        }
        /// Pre-check, waiver for the responsible office and handover, `daysAgo`.
        func handedOver(_ file: CaseFile, daysAgo: Int) async throws -> OfficeHandover? {
            let caseID = try file.requireID()
            let check = try await desk(daysAgo + 2).startPreCheck(checklistID: try checklist.requireID(), caseID: caseID)
            try await desk(daysAgo + 2).answerPreCheck(
                [.init(status: .notMet, note: "Fünf Jahre erreicht, sechs im Frühjahr (Demo).", reviewOn: RetentionRule.day(desk(0).today, plus: 120)),
                 .init(status: .met, note: "Erklärung liegt vor."), .init(status: .unknown, note: "Arbeitsvertrag befristet, Verlängerung offen."),
                 .init(status: .met, note: "DTZ A2 vorhanden.")],
                preCheckID: try check.requireID(), caseID: caseID)
            guard let providerID = try await desk(daysAgo).responsibleOffice(for: .sustainableIntegration, file: file)?.providerID else { return nil }
            _ = try await desk(daysAgo + 1).recordConsent(.init(kind: .disclosure, status: .given, method: .signedForm, givenOn: desk(daysAgo + 1).today,
                                                                recipientProviderID: providerID,
                                                                purpose: "Übergabe der Vorprüfung zum Bleiberecht (§ 25b AufenthG) und Rückmeldungen zum Verfahren"),
                                                          caseID: caseID)
            return try await desk(daysAgo).handOver(preCheckID: try check.requireID(), caseID: caseID)
        }
        if let file = candidates.first(where: { regionOne.contains($0.municipalityID) }) { _ = try await handedOver(file, daysAgo: 10) }
        if let file = candidates.first(where: { city.contains($0.municipalityID) }), let handover = try await handedOver(file, daysAgo: 60) {
            let id = try handover.requireID()
            try await office(55).recordFeedback(.init(status: .received, happenedOn: office(55).today), handoverID: id)
            try await office(40).recordFeedback(.init(status: .documentsRequested, happenedOn: office(40).today,
                                                      note: "Bitte Nachweis über die Kita-Betreuung und aktuelle Gehaltsabrechnungen nachreichen (Demo)."),
                                                handoverID: id)
            try await office(20).recordFeedback(.init(status: .applicationFiled, happenedOn: office(20).today), handoverID: id)
        }
    }
}
