import Fluent
import Foundation
import LotseCore

/// The demo's service directory: invented providers and services of the kinds the seeds name
/// (Jobcenter, Jugendamt, Sozialamt, ABH/EBH, JMD, MBE, Flüchtlingsberatung, Integrationsagentur,
/// Sprachkursträger, Ehrenamt, Migrantenorganisation). Names, addresses and numbers are made up;
/// a few entries are deliberately overdue for their yearly check.
enum DemoDirectory {
    struct Entry {
        let provider: String
        let kind: ProviderKind
        let towns: [String]
        let services: [Offer]
    }

    struct Offer {
        let name: String
        let domains: [LifeDomain]
        let legal: [LegalDomain]
        let groups: [TargetGroup]
        let languages: [String]
        let access: AccessMode
        let times: String
        /// Months since the last check; 13 or more shows the "overdue" flag.
        let checkedMonthsAgo: Int
    }

    static let all = ["Altenbeken", "Bad Lippspringe", "Bad Wünnenberg", "Borchen", "Büren", "Delbrück", "Hövelhof", "Lichtenau", "Paderborn", "Salzkotten"]

    static let entries: [Entry] = [
        Entry(provider: "Jobcenter Kreis Paderborn (Demo)", kind: .jobcenter, towns: all, services: [
            Offer(name: "Beratung zu Bürgergeld und Arbeitsvermittlung", domains: [.work, .moneyAndBenefits], legal: [.sgb2], groups: [.everyone],
                  languages: ["Deutsch", "Englisch"], access: .appointment, times: "Mo–Fr 8–12 Uhr nach Termin", checkedMonthsAgo: 2),
        ]),
        Entry(provider: "Kreisjugendamt Paderborn (Demo)", kind: .authority, towns: all.filter { $0 != "Paderborn" }, services: [
            Offer(name: "Hilfen zur Erziehung und Frühe Hilfen", domains: [.familyAndChildren], legal: [.sgb8], groups: [.families],
                  languages: ["Deutsch"], access: .appointment, times: "nach Vereinbarung", checkedMonthsAgo: 4),
        ]),
        Entry(provider: "Sozialamt Kreis Paderborn (Demo)", kind: .authority, towns: all, services: [
            Offer(name: "Leistungen nach dem Asylbewerberleistungsgesetz", domains: [.moneyAndBenefits, .housing], legal: [.asylblg, .sgb12], groups: [.refugees],
                  languages: ["Deutsch"], access: .appointment, times: "Di und Do 8–12 Uhr", checkedMonthsAgo: 14),
        ]),
        Entry(provider: "Ausländer- und Einbürgerungsbehörde Kreis Paderborn (Demo)", kind: .authority, towns: all.filter { $0 != "Paderborn" }, services: [
            Offer(name: "Aufenthaltstitel und Bleiberecht (§§ 25a, 25b AufenthG)", domains: [.residence], legal: [.aufenthg], groups: [.everyone],
                  languages: ["Deutsch", "Englisch"], access: .appointment, times: "nur mit Termin", checkedMonthsAgo: 1),
            Offer(name: "Einbürgerungsberatung", domains: [.naturalisation], legal: [.stag], groups: [.adults],
                  languages: ["Deutsch"], access: .appointment, times: "Mi 14–17 Uhr", checkedMonthsAgo: 3),
        ]),
        Entry(provider: "Ausländer- und Einbürgerungsbehörde Stadt Paderborn (Demo)", kind: .authority, towns: ["Paderborn"], services: [
            Offer(name: "Bleiberecht und Einbürgerung in der Stadt Paderborn", domains: [.residence, .naturalisation], legal: [.aufenthg, .stag],
                  groups: [.everyone], languages: ["Deutsch", "Englisch"], access: .appointment, times: "nur mit Termin", checkedMonthsAgo: 2),
        ]),
        Entry(provider: "Jugendmigrationsdienst Paderborn (Demo-Träger)", kind: .welfareOrganisation, towns: ["Paderborn", "Salzkotten", "Delbrück", "Borchen"], services: [
            Offer(name: "Jugendmigrationsdienst (JMD)", domains: [.education, .vocationalTraining, .language], legal: [.sgb8], groups: [.youngPeople],
                  languages: ["Deutsch", "Arabisch", "Türkisch", "Englisch"], access: .walkIn, times: "Di 14–17 Uhr offene Sprechstunde", checkedMonthsAgo: 5),
        ]),
        Entry(provider: "Wohlfahrtsverband Hochstift (Demo)", kind: .welfareOrganisation, towns: all, services: [
            Offer(name: "Migrationsberatung für Erwachsene (MBE)", domains: [.residence, .work, .moneyAndBenefits, .language], legal: [.aufenthg, .sgb2],
                  groups: [.adults], languages: ["Deutsch", "Russisch", "Ukrainisch"], access: .walkIn, times: "Mo und Do 9–12 Uhr", checkedMonthsAgo: 6),
            Offer(name: "Flüchtlingsberatung", domains: [.residence, .housing, .health], legal: [.asylblg, .aufenthg], groups: [.refugees],
                  languages: ["Deutsch", "Arabisch", "Farsi", "Tigrinya"], access: .walkIn, times: "Mi 9–13 Uhr", checkedMonthsAgo: 15),
            Offer(name: "Integrationsagentur: Antidiskriminierung und Ehrenamtskoordination", domains: [.socialParticipation], legal: [],
                  groups: [.everyone], languages: ["Deutsch"], access: .appointment, times: "nach Vereinbarung", checkedMonthsAgo: 8),
        ]),
        Entry(provider: "Volkshochschule Paderborn (Demo)", kind: .languageCourseProvider, towns: ["Paderborn", "Bad Lippspringe", "Salzkotten", "Büren"], services: [
            Offer(name: "Integrationskurse und Berufssprachkurse", domains: [.language, .work], legal: [.aufenthg], groups: [.adults],
                  languages: ["Deutsch"], access: .referralNeeded, times: "Kurse vormittags und abends", checkedMonthsAgo: 2),
        ]),
        Entry(provider: "Ehrenamtliche Flüchtlingshilfe Delbrück (Demo)", kind: .volunteerInitiative, towns: ["Delbrück", "Hövelhof"], services: [
            Offer(name: "Sprachcafé und Begleitung zu Behörden", domains: [.language, .socialParticipation], legal: [], groups: [.refugees, .families],
                  languages: ["Deutsch", "Englisch", "Arabisch"], access: .walkIn, times: "Sa 10–12 Uhr im Gemeindehaus", checkedMonthsAgo: 20),
        ]),
        Entry(provider: "Deutsch-Syrischer Kulturverein (Demo)", kind: .migrantOrganisation, towns: ["Paderborn", "Bad Lippspringe"], services: [
            Offer(name: "Hausaufgabenhilfe und Elterntreff", domains: [.education, .familyAndChildren], legal: [], groups: [.families, .youngPeople],
                  languages: ["Arabisch", "Deutsch"], access: .walkIn, times: "Fr 15–18 Uhr", checkedMonthsAgo: 9),
        ]),
        Entry(provider: "Gesundheitsamt Kreis Paderborn (Demo)", kind: .healthService, towns: all, services: [
            Offer(name: "Kinder- und Jugendgesundheitsdienst, Impfberatung", domains: [.health], legal: [], groups: [.families],
                  languages: ["Deutsch", "Englisch"], access: .appointment, times: "nach Terminvereinbarung", checkedMonthsAgo: 3),
        ]),
    ]

    /// Office hours in eight of the ten municipalities: the annual report 2022/23 (seed 000) says
    /// case management was active "in acht der zehn kreisangehörigen Kommunen". Which two were not
    /// is our assumption.
    static let officeHours: [(town: String, place: String, times: String, languages: [String])] = [
        ("Paderborn", "Bürgerbüro, Am Abdinghof 11 (Demo)", "dienstags und donnerstags 9–12 Uhr", ["Deutsch", "Englisch", "Arabisch"]),
        ("Delbrück", "Rathaus, Zimmer 104 (Demo)", "mittwochs 14–17 Uhr", ["Deutsch", "Türkisch"]),
        ("Salzkotten", "Rathaus, Raum 2.07 (Demo)", "montags 9–12 Uhr", ["Deutsch", "Ukrainisch"]),
        ("Büren", "Familienzentrum (Demo)", "donnerstags 13–16 Uhr", ["Deutsch", "Arabisch"]),
        ("Bad Lippspringe", "Rathaus, Erdgeschoss (Demo)", "dienstags 14–17 Uhr", ["Deutsch", "Russisch"]),
        ("Hövelhof", "Bürgerhaus (Demo)", "freitags 9–12 Uhr", ["Deutsch", "Englisch"]),
        ("Borchen", "Rathaus, Zimmer 9 (Demo)", "mittwochs 9–12 Uhr", ["Deutsch"]),
        ("Altenbeken", "Gemeindezentrum (Demo)", "jeden 1. und 3. Montag 14–16 Uhr", ["Deutsch", "Arabisch"]),
    ]

    /// Adds the directory when the demo district has none yet.
    static func seed(districtID: UUID, now: Date, on database: any Database) async throws {
        guard try await Provider.query(on: database).filter(\.$districtID == districtID).count() == 0 else { return }
        let towns = try await Municipality.query(on: database).filter(\.$districtID == districtID).all()
        let ids = Dictionary(uniqueKeysWithValues: towns.compactMap { town in town.id.map { (town.name, $0) } })
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        for (index, hours) in officeHours.enumerated() {
            guard let town = ids[hours.town] else { continue }
            let entry = OfficeHours()
            entry.districtID = districtID
            entry.municipalityID = town
            entry.place = hours.place
            entry.times = hours.times
            entry.languages = hours.languages
            entry.contact = String(format: "05251 000-%03d, kim@demo.example", 500 + index)
            entry.isActive = true
            try await entry.create(on: database)
        }
        for (index, entry) in entries.enumerated() {
            let provider = Provider()
            provider.districtID = districtID
            provider.name = entry.provider
            provider.kind = entry.kind
            provider.phone = String(format: "05251 000-%03d", index * 10 + 100)
            provider.email = "kontakt\(index + 1)@demo.example"
            provider.website = "https://demo.example/traeger-\(index + 1)"
            provider.address = "Musterstraße \(index + 1), 33100 Paderborn"
            provider.municipalityIDs = entry.towns.compactMap { ids[$0] }
            provider.isActive = true
            try await provider.create(on: database)
            for offer in entry.services {
                let service = Service()
                service.districtID = districtID
                service.$provider.id = try provider.requireID()
                service.name = offer.name
                service.details = "Erfundener Demo-Eintrag."
                service.lifeDomains = offer.domains
                service.legalDomains = offer.legal
                service.targetGroups = offer.groups
                service.languages = offer.languages
                service.municipalityIDs = provider.municipalityIDs
                service.location = provider.address
                service.openingTimes = offer.times
                service.accessMode = offer.access
                service.lastCheckedAt = calendar.date(byAdding: .month, value: -offer.checkedMonthsAgo, to: now)
                try await service.create(on: database)
            }
        }
    }
}
