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
        try await OfficeService.save(.init(name: "Ausländer- und Einbürgerungsbehörde Kreis Paderborn (Demo)", kinds: [.residence, .naturalisation],
                                                       municipalityIDs: Set(towns.compactMap(\.id)).subtracting([city])),
                                                 id: nil, scope, audit: audit, on: app.db)
        let stadt = try await OfficeService.save(.init(name: "Ausländer- und Einbürgerungsbehörde Stadt Paderborn (Demo)", kinds: [.residence, .naturalisation],
                                                       municipalityIDs: [city], memberIDs: [officer]),
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
    }

    /// A case manager's pre-check for § 25b in an open case of region 1 with a client, not restricted.
    static func preCheck(_ app: Application, districtID: UUID, now: Date) async throws {
        guard let manager = try await User.query(on: app.db).filter(\.$username == "demo.casemanagement").first()?.id,
              let wrapper = app.lotse.clientKeys, let blindIndex = app.lotse.blindIndex else { return }
        let restricted = Set(try await CaseRestriction.query(on: app.db).filter(\.$liftedOn == nil).all().map(\.caseFileID))
        let towns = try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
        let regionOne = Set(towns.filter { DemoSeeder.regions[0].municipalities.contains($0.name) }.compactMap(\.id))
        let candidates = try await CaseFile.query(on: app.db).filter(\.$districtID == districtID).filter(\.$phase != .closed).filter(\.$clientID != nil)
            .sort(\.$number).all()
        guard let file = candidates.first(where: { regionOne.contains($0.municipalityID) && !restricted.contains($0.id ?? UUID()) }),
              let checklist = try await RequirementChecklist.query(on: app.db).filter(\.$districtID == districtID)
                .filter(\.$procedure == .sustainableIntegration).first() else { return }
        let desk = CaseDesk(scope: .operatorCommand(.workOnCases, districtID: districtID), db: app.db,
                            vault: ClientVault(keys: app.db(.keyStore), wrapper: wrapper), blindIndex: blindIndex,
                            audit: app.audit(requestID: "demo"), now: now, actorID: manager)
        let caseID = try file.requireID()
        let check = try await desk.startPreCheck(checklistID: try checklist.requireID(), caseID: caseID)
        try await desk.answerPreCheck([.init(status: .notMet, note: "Fünf Jahre erreicht, sechs im Frühjahr (Demo).", reviewOn: RetentionRule.day(desk.today, plus: 120)),
                                       .init(status: .met, note: "Erklärung liegt vor."), .init(status: .unknown, note: "Arbeitsvertrag befristet, Verlängerung offen."),
                                       .init(status: .met, note: "DTZ A2 vorhanden.")],
                                      preCheckID: try check.requireID(), caseID: caseID)
    }
}
