import Fluent
import Foundation
import LotseCore
import Vapor

/// The demo's naturalisation campaign (issue 16, part 6; seeds 001 and 004): run by the
/// coordination with the offices and two partners, with information evenings and consultation
/// days across the Kreis, one still ahead, and flyers in four languages. Made up; the flyers'
/// addresses point to example.org.
enum DemoCampaign {
    static func seed(_ app: Application, districtID: UUID, now: Date) async throws {
        guard try await Campaign.query(on: app.db).filter(\.$districtID == districtID).count() == 0,
              let coordinator = try await User.query(on: app.db).filter(\.$username == "demo.koordination").first()?.id else { return }
        let towns = Dictionary(try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all().compactMap { t in t.id.map { (t.name, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let providers = Dictionary(try await Provider.query(on: app.db).filter(\.$districtID == districtID).all().compactMap { p in p.id.map { (p.name, $0) } },
                                   uniquingKeysWith: { first, _ in first })
        let partners = ["Wohlfahrtsverband Hochstift (Demo)", "Ausländer- und Einbürgerungsbehörde Kreis Paderborn (Demo)",
                        "Ausländer- und Einbürgerungsbehörde Stadt Paderborn (Demo)"].compactMap { providers[$0] }
        let desk = CampaignDesk(scope: .operatorCommand(.manageCampaign, districtID: districtID), db: app.db,
                                audit: app.audit(requestID: "demo").inDistrict(districtID), now: now, actorID: coordinator)
        let start = RetentionRule.day(desk.today, minusMonths: 8)
        let campaign = try await desk.save(.init(
            title: "Einbürgerungskampagne „Ich bin Paderborner*in“ (Demo)",
            aims: "Menschen, die die Voraussetzungen erfüllen, über die Einbürgerung informieren und zum Antrag ermutigen; Beratung in den Sprachen der größten Gruppen; die Einbürgerungsbehörden entlasten, indem Anträge vollständig eingehen.",
            targetGroups: [.adults, .youngPeople, .families], languages: ["Deutsch", "Arabisch", "Türkisch", "Ukrainisch"], partnerIDs: partners,
            startsOn: start), id: nil)
        let id = try campaign.requireID()
        let events: [(CampaignEventKind, Int, String, String, [String], Int?, Int?)] = [
            (.informationEvening, 220, "Paderborn", "Historisches Rathaus, Großer Saal", ["Deutsch", "Arabisch"], 64, 21),
            (.consultationDay, 180, "Paderborn", "Kreishaus, Foyer", ["Deutsch", "Türkisch"], 38, 17),
            (.informationEvening, 150, "Delbrück", "Stadthalle", ["Deutsch", "Ukrainisch"], 27, 9),
            (.informationEvening, 120, "Büren", "Volkshochschule", ["Deutsch", "Arabisch"], 19, 6),
            (.consultationDay, 90, "Bad Lippspringe", "Rathaus, Sitzungssaal", ["Deutsch"], 12, 5),
            (.informationEvening, 45, "Salzkotten", "Bürgerhaus", ["Deutsch", "Türkisch"], 23, 8),
            (.informationEvening, -21, "Hövelhof", "Pfarrheim", ["Deutsch", "Arabisch"], nil, nil),
        ]
        for (kind, daysAgo, town, place, languages, participants, followUps) in events {
            guard let townID = towns[town] else { continue }
            try await desk.saveEvent(.init(kind: kind, heldOn: RetentionRule.day(desk.today, plus: -daysAgo), place: place, municipalityID: townID,
                                           languages: languages, partnerIDs: Array(partners.prefix(1)),
                                           participants: participants.map(String.init) ?? "", followUps: followUps.map(String.init) ?? ""),
                                     campaignID: id, eventID: nil)
        }
        let everywhere = Array(towns.values)
        for (language, file) in [("Deutsch", "de"), ("Arabisch", "ar"), ("Türkisch", "tr"), ("Ukrainisch", "uk")] {
            try await desk.addMaterial(.init(title: "Flyer: Einbürgerung – lohnt sich das für mich? (Demo)", language: language,
                                             link: "https://example.org/lotse-demo/einbuergerung-\(file).pdf", municipalityIDs: everywhere),
                                       campaignID: id)
        }
    }
}
