import Fluent
import Foundation
import LotseCore
import Vapor

/// Invented cases in several phases across the demo municipalities, made through the same case
/// work as in the browser: consent, encryption with a key per client, audit entries. Every name
/// is made up. Region 1 (Altenbeken, Bad Lippspringe, Hövelhof) is the demo case manager's own;
/// the others appear to the coordination pseudonymised.
enum DemoCases {
    struct Person {
        let given: String
        let family: String
        let born: String
        let gender: Gender
        let nationality: String
        let languages: [String]
        let interpreter: Bool
        let legal: LegalDomain
    }

    struct Story {
        let town: String
        let channel: AccessChannel
        let referringParty: String
        let daysAgo: Int
        let domains: [LifeDomain]
        let person: Person?
        /// How far the case gets: the last phase it reaches.
        let reaches: Phase
        let consent: Bool
        /// A structural finding the case manager reports from the case (invented).
        var finding: (FindingCategory, LifeDomain, [LegalDomain], FindingLevel, String)? = nil
    }

    static let stories: [Story] = [
        Story(town: "Bad Lippspringe", channel: .officeHours, referringParty: "", daysAgo: 120, domains: [.work, .residence, .language],
              person: Person(given: "Amina", family: "Haddad", born: "1988-03-17", gender: .female, nationality: "syrisch", languages: ["Arabisch", "Deutsch (A2)"],
                             interpreter: true, legal: .asylblg), reaches: .monitoring, consent: true),
        Story(town: "Altenbeken", channel: .jobcenter, referringParty: "Jobcenter Kreis Paderborn", daysAgo: 60, domains: [.work, .housing],
              person: Person(given: "Oleksandr", family: "Kovalenko", born: "1979-11-02", gender: .male, nationality: "ukrainisch", languages: ["Ukrainisch", "Russisch"],
                             interpreter: true, legal: .sgb2), reaches: .goalAgreement, consent: true,
              finding: (.missingService, .housing, [.sgb2], .municipality, "Es fehlen kleine, bezahlbare Wohnungen; Angemessenheitsgrenzen des Jobcenters passen nicht zum örtlichen Markt.")),
        Story(town: "Hövelhof", channel: .walkIn, referringParty: "", daysAgo: 30, domains: [.familyAndChildren, .education],
              person: Person(given: "Fatima", family: "Rahimi", born: "1995-06-30", gender: .female, nationality: "afghanisch", languages: ["Dari", "Englisch"],
                             interpreter: false, legal: .aufenthg), reaches: .assessment, consent: true,
              finding: (.accessBarrier, .language, [.aufenthg], .district, "Integrationskurse mit Kinderbetreuung gibt es im Norden des Kreises nicht; Mütter kleiner Kinder warten über ein Jahr.")),
        Story(town: "Hövelhof", channel: .registrationOffice, referringParty: "", daysAgo: 6, domains: [.residence], person: nil, reaches: .intake, consent: true),
        Story(town: "Bad Lippspringe", channel: .flyer, referringParty: "", daysAgo: 2, domains: [.language], person: nil, reaches: .intake, consent: false),
        Story(town: "Altenbeken", channel: .counsellingService, referringParty: "Migrationsberatung Caritas (Demo)", daysAgo: 300, domains: [.health, .moneyAndBenefits],
              person: Person(given: "Mehmet", family: "Yıldırım", born: "1961-01-09", gender: .male, nationality: "türkisch", languages: ["Türkisch", "Deutsch"],
                             interpreter: false, legal: .sgb12), reaches: .closed, consent: true),
        Story(town: "Paderborn", channel: .youthOffice, referringParty: "Jugendamt der Stadt Paderborn", daysAgo: 90, domains: [.familyAndChildren, .housing],
              person: Person(given: "Grace", family: "Okafor", born: "1992-08-21", gender: .female, nationality: "nigerianisch", languages: ["Englisch", "Igbo"],
                             interpreter: false, legal: .sgb8), reaches: .serviceLinking, consent: true,
              finding: (.accessBarrier, .language, [.sgb8], .district, "Sprachkurse ohne Kinderbetreuung: Alleinerziehende können nicht teilnehmen.")),
        Story(town: "Delbrück", channel: .officeHours, referringParty: "", daysAgo: 150, domains: [.work, .vocationalTraining],
              person: Person(given: "Tigist", family: "Bekele", born: "2001-04-12", gender: .female, nationality: "eritreisch", languages: ["Tigrinya", "Deutsch (B1)"],
                             interpreter: false, legal: .sgb3), reaches: .monitoring, consent: true,
              finding: (.unclearResponsibility, .vocationalTraining, [.sgb3, .sgb2], .state, "Für die Anerkennung ausländischer Berufsabschlüsse ist unklar, wer die Kosten der Übersetzungen trägt.")),
        Story(town: "Büren", channel: .volunteerGroup, referringParty: "Ehrenamtskreis Asyl Büren (Demo)", daysAgo: 10, domains: [.housing], person: nil,
              reaches: .intake, consent: false),
    ]

    static func seed(_ app: Application, districtID: UUID) async throws {
        guard try await CaseFile.query(on: app.db).filter(\.$districtID == districtID).count() == 0,
              let caseManager = try await User.query(on: app.db).filter(\.$username == "demo.casemanagement").first(),
              let wrapper = app.lotse.clientKeys, let blindIndex = app.lotse.blindIndex else { return }
        let towns = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
            .compactMap { town in town.id.map { (town.name, $0) } })
        let providers = Dictionary(uniqueKeysWithValues: try await Provider.query(on: app.db).filter(\.$districtID == districtID).all()
            .compactMap { p in p.id.map { (p.name, $0) } })
        let start = app.lotse.configuration.now()
        func desk(_ daysAgo: Int) -> CaseDesk {
            CaseDesk(scope: .operatorCommand(.workOnCases, districtID: districtID), db: app.db,
                     vault: ClientVault(keys: app.db(.keyStore), wrapper: wrapper), blindIndex: blindIndex,
                     audit: app.audit(requestID: "demo"), now: start.addingTimeInterval(Double(-daysAgo) * 86_400), actorID: caseManager.id ?? UUID())
        }
        func day(_ daysAgo: Int) -> String { desk(daysAgo).today }
        let jobcenter = providers["Jobcenter Kreis Paderborn (Demo)"]

        for (index, story) in stories.enumerated() {
            guard let town = towns[story.town] else { continue }
            var age = story.daysAgo
            let file = try await desk(age).openCase(.init(municipalityID: town, openedOn: day(age), accessChannel: story.channel,
                                                          referringParty: story.referringParty, lifeDomains: story.domains))
            let id = try file.requireID()
            guard story.consent else { continue }
            _ = try await desk(age).recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: day(age)), caseID: id)
            guard let person = story.person else { continue }
            _ = try await desk(age).createClient(ClientIdentity(
                givenNames: person.given, familyName: person.family, birthDate: person.born, gender: person.gender.rawValue,
                nationalities: [person.nationality], languages: person.languages, interpreterNeeded: person.interpreter,
                phone: String(format: "0151 0000%04d", 100 + index), email: "", address: "Demoweg \(index + 3), \(story.town)",
                residenceStatus: "erfundene Angabe für die Demo"), caseID: id, confirmedNew: true)
            try await desk(age).addLegalDomain(.init(legalDomain: person.legal, beganOn: day(age + 200)), caseID: id)
            try await desk(age).recordIntake(.caseManagement, caseID: id)
            age -= 3
            for domain in story.domains {
                try await desk(age).assess(.init(lifeDomain: domain, priority: domain == story.domains.first ? .high : .medium, text: .init(
                    situation: "Erfundene Ausgangslage im Handlungsfeld \(domain.germanName).",
                    needs: "Klärung und Begleitung im Handlungsfeld \(domain.germanName).",
                    resources: "Motiviert, gute Unterstützung durch die Familie.")), caseID: id)
            }
            try await desk(age).logContact(.init(contactOn: day(age), kind: .inPerson, minutes: "60", interpreterUsed: person.interpreter,
                                                 note: "Erstgespräch und Falleinschätzung."), caseID: id)
            if let (category, domain, legal, level, text) = story.finding {
                _ = try await desk(age).reportFinding(.init(category: category, lifeDomain: domain, legalDomains: legal, level: level, description: text), caseID: id)
            }
            guard story.reaches > .assessment else { continue }
            age -= 7
            try await desk(age).changePhase(to: .goalAgreement, caseID: id)
            for domain in story.domains {
                try await desk(age).addGoal(.init(lifeDomain: domain, description: "Erfundenes Ziel: nächster Schritt im Handlungsfeld \(domain.germanName).",
                                                  agreedOn: day(age)), caseID: id)
            }
            let goals = try await Goal.query(on: app.db).filter(\.$caseFileID == id).all()
            for (number, goal) in goals.enumerated() {
                try await desk(age).addAction(.init(goalID: goal.id, text: .init(what: "Unterlagen zusammenstellen und Termin vereinbaren",
                                                                                 who: number == 0 ? "Klient*in" : "Case Management"),
                                                    dueOn: day(age - 14 - number * 30)), caseID: id)
            }
            guard story.reaches > .goalAgreement else { continue }
            age -= 7
            try await desk(age).changePhase(to: .serviceLinking, caseID: id)
            if let jobcenter {
                _ = try await desk(age).recordConsent(.init(kind: .disclosure, status: .given, method: .signedForm, givenOn: day(age),
                                                            recipientProviderID: jobcenter, purpose: "Abstimmung zu Arbeitsvermittlung und Leistungen",
                                                            validUntil: day(age - 365)), caseID: id)
                _ = try await desk(age).refer(.init(providerID: jobcenter, lifeDomain: .work, reason: "Begleitung bei der Arbeitssuche",
                                                    handoverItems: [.contactData, .assessment], status: .handedOver), caseID: id)
                _ = try await desk(age - 5).holdConference(.init(level: .municipal, heldOn: day(age - 5), participantIDs: [jobcenter],
                                                                 minutes: "Erfundenes Protokoll: Zuständigkeiten geklärt.",
                                                                 actions: [.init(text: .init(what: "Rückmeldung zum Vermittlungsvorschlag", who: "Jobcenter"),
                                                                                 dueOn: day(age - 20))]), caseID: id)
            }
            guard story.reaches > .serviceLinking else { continue }
            age -= 14
            try await desk(age).changePhase(to: .monitoring, caseID: id)
            try await desk(age).scheduleReview(dueOn: day(max(age - 30, -1)), caseID: id)
            if person.legal == .asylblg {
                try await desk(age).addLegalDomain(.init(legalDomain: .sgb2, beganOn: day(age), replaces: .asylblg), caseID: id)
                _ = try await desk(age).reportFinding(.init(
                    category: .interfaceProblem, lifeDomain: .moneyAndBenefits, legalDomains: [.asylblg, .sgb2], level: .district,
                    description: "Beim Wechsel vom AsylbLG ins SGB II entstehen Lücken von mehreren Wochen ohne Leistungen, weil die Anträge nacheinander statt parallel bearbeitet werden."),
                    caseID: id)
            }
            guard story.reaches == .closed else { continue }
            try await desk(age - 30).close(.init(reason: .goalsReached, goalAttainment: .mostly, evaluation: "Erfundene Auswertung: Ziele überwiegend erreicht."), caseID: id)
            // The person later asked to be erased: the request waits for the data-protection officer.
            try await desk(age - 40).requestErasure(reason: "Antrag der Person (Demo), schriftlich beim Case Management eingegangen", caseID: id,
                                                    people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        // Two first contacts that ended in the intake phase half a year ago: the data-protection
        // officer's "Löschfristen" show one due (the nightly run anonymises it, client and key
        // included) and one due within the month.
        for (town, daysAgo, person) in [("Hövelhof", 200, ("Samir", "Demir")), ("Lichtenau", 170, nil)] {
            guard let townID = towns[town] else { continue }
            let file = try await desk(daysAgo + 5).openCase(.init(municipalityID: townID, openedOn: day(daysAgo + 5), accessChannel: .officeHours,
                                                                  lifeDomains: [.residence]))
            let id = try file.requireID()
            if let (given, family) = person {
                _ = try await desk(daysAgo + 5).recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: day(daysAgo + 5)), caseID: id)
                _ = try await desk(daysAgo + 5).createClient(ClientIdentity(givenNames: given, familyName: family, birthDate: "1990-05-05"), caseID: id, confirmedNew: true)
            }
            try await desk(daysAgo + 5).recordIntake(.informationOnly, caseID: id)
            try await desk(daysAgo).close(.init(reason: .intakeCompleted, goalAttainment: .notApplicable), caseID: id)
        }
        // The rights of a data subject at work (issue 15): a person whose phone number was corrected,
        // who asked for access twelve days ago (the answer is due) and, disputing her residence
        // status, had the processing restricted five days ago.
        if let town = towns["Altenbeken"] {
            let file = try await desk(40).openCase(.init(municipalityID: town, openedOn: day(40), accessChannel: .walkIn, lifeDomains: [.residence]))
            let id = try file.requireID()
            _ = try await desk(40).recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: day(40)), caseID: id)
            var identity = ClientIdentity(givenNames: "Leyla", familyName: "Karimi", birthDate: "1979-09-14", gender: Gender.female.rawValue,
                                          nationalities: ["iranisch"], languages: ["Persisch", "Deutsch"], phone: "0151 00000999",
                                          address: "Demoweg 40, Altenbeken", residenceStatus: "erfundene Angabe für die Demo")
            _ = try await desk(40).createClient(identity, caseID: id, confirmedNew: true)
            try await desk(38).recordIntake(.caseManagement, caseID: id)
            identity.phone = "0151 00000998"
            try await desk(20).updateClient(identity, caseID: id)
            try await desk(12).recordAccessRequest(receivedOn: day(12), caseID: id)
            try await desk(5).restrict(reason: "Die Person bestreitet die Angabe zum Aufenthaltsstatus; die Klärung mit der Ausländerbehörde läuft (Demo).",
                                       caseID: id)
        }
        let contacts: [(String, AccessChannel, [LifeDomain], BriefContactOutcome, Int)] = [
            ("Altenbeken", .officeHours, [.language], .informationGiven, 1), ("Bad Lippspringe", .walkIn, [.housing], .referredOn, 3),
            ("Hövelhof", .officeHours, [.work, .moneyAndBenefits], .appointmentMade, 4), ("Paderborn", .flyer, [.residence], .informationGiven, 8),
            ("Salzkotten", .officeHours, [.education], .informationGiven, 12), ("Lichtenau", .recommendation, [.health], .referredOn, 20),
        ]
        try await DemoTopics.seed(app, districtID: districtID, start: start)
        try await DemoSteering.seed(app, districtID: districtID, start: start)
        try await DemoProgramme.seed(app, districtID: districtID) { now in
            CaseDesk(scope: .operatorCommand(.workOnCases, districtID: districtID), db: app.db, vault: ClientVault(keys: app.db(.keyStore), wrapper: wrapper),
                     blindIndex: blindIndex, audit: app.audit(requestID: "demo"), now: now, actorID: caseManager.id ?? UUID())
        }
        for (town, channel, domains, outcome, daysAgo) in contacts {
            guard let id = towns[town] else { continue }
            _ = try await desk(daysAgo).recordBriefContact(.init(municipalityID: id, contactOn: day(daysAgo), accessChannel: channel,
                                                                 lifeDomains: domains, outcome: outcome))
        }
    }
}
