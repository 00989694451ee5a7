import Foundation
import Testing
@testable import LotseCore

/// Issue 19: each district in its own words, the planning-conference rule as seed 000 states it,
/// and staffing per region and town as seed 003 reports it.
@Suite struct DistrictWordsTests {
    static let coesfeld = DistrictTerm.words([.steeringBody: "Steuerungsgruppe", .blockWord: "Modul", .blockNumbering: "roman",
                                              .districtConference: "Individuelle Teilhabekonferenz"])
    static let hoexter = DistrictTerm.words([.steeringBody: "Lenkungskreis", .steeringBodyGender: "masculine", .blockNumbering: "roman"])

    @Test func paderbornsWordsAreTheDefault() {
        let words = DistrictWords.standard
        #expect(words.TheSteeringBody == "Die Lenkungsgruppe" && words.ofTheSteeringBody == "der Lenkungsgruppe" && words.inTheSteeringBody == "in der Lenkungsgruppe")
        #expect(words.blockName(.caseManagement) == "Baustein 2: Case Management" && BuildingBlock.caseManagement.germanName == "Baustein 2: Case Management")
        #expect(words.name(.steeringMember) == "Mitglied der Lenkungsgruppe" && words.name(.steeringMember) == Role.steeringMember.germanName)
        #expect(GoalRules.sentence(.init(measure: .steeringMeetings, target: 2), .init(figure: 2)) == "Die Lenkungsgruppe hat zweimal getagt (Ziel: mindestens zweimal).")
        for term in DistrictTerm.allCases { #expect(words.value(term) == term.standard, "\(term)") }
    }

    @Test func coesfeldSteersWithAGroupOfModules() {
        let words = Self.coesfeld
        #expect(words.name(.steeringMember) == "Mitglied der Steuerungsgruppe")
        #expect(words.blockName(.caseManagement) == "Modul II: Case Management" && words.blockLabel(.immigrationOffice) == "Modul III")
        #expect(words.name(ConferenceLevel.district) == "Individuelle Teilhabekonferenz" && words.name(ConferenceLevel.municipal) == "kommunale Fallkonferenz")
        #expect(words.name(GoalMeasure.steeringMeetings) == "Sitzungen der Steuerungsgruppe (mindestens N)")
        #expect(GoalRules.sentence(.init(measure: .steeringMeetings, target: 2), .init(figure: 1), words: words) == "Die Steuerungsgruppe hat einmal getagt (Ziel: mindestens zweimal).")
        let topics = GoalRules.sentence(.init(measure: .topicsFromCaseWork, target: 2), .init(figure: 2), words: words)
        #expect(topics.hasPrefix("In der Steuerungsgruppe wurden 2 Themen") && !topics.contains("Lenkungsgruppe"))
        #expect(words.name(TopicStatus.body) == "lokales Gremium oder Steuerungsgruppe")
    }

    @Test func hoextersLenkungskreisIsMasculine() {
        let words = Self.hoexter
        #expect(words.TheSteeringBody == "Der Lenkungskreis" && words.ofTheSteeringBody == "des Lenkungskreises" && words.inTheSteeringBody == "im Lenkungskreis")
        #expect(words.name(.steeringMember) == "Mitglied des Lenkungskreises" && words.blockName(.coordination) == "Baustein I: Koordinierung und Assistenz")
        #expect(GoalRules.sentence(.init(measure: .topicsFromCaseWork, target: 2), .init(figure: 1), words: words).hasPrefix("Im Lenkungskreis wurden 1 Thema"))
        #expect(DistrictWords.genitive("Steuerungsgremium") == "Steuerungsgremiums" && DistrictWords.plural("Projektgruppe") == "Projektgruppen")
    }

    /// Seed 000, Ausblick Ziel 2: two planning conferences before each steering-group meeting.
    @Test func planningConferencesCountBetweenThePreviousAndThisMeeting() {
        let meetings = ["2023-11-22", "2024-04-20"]
        // Four conferences, all after both meetings: the yearly total is 4, but no meeting was prepared.
        let after = ConferencesBeforeMeetings.match(meetings: meetings, conferences: ["2024-05-02", "2024-05-20", "2024-06-10", "2024-07-01"],
                                                    previousMeeting: "2023-04-20")
        #expect(after.map(\.conferences.count) == [0, 0] && ConferencesBeforeMeetings.prepared(after, target: 2) == 0)
        #expect(!GoalRules.isMet(.init(measure: .planningConferencesPerMeeting, target: 2), .init(figure: 0, base: 2)))
        // Two before each, one on the day of the second meeting: both prepared.
        let before = ConferencesBeforeMeetings.match(meetings: meetings, conferences: ["2023-09-10", "2023-10-15", "2024-02-01", "2024-04-20"],
                                                     previousMeeting: "2023-04-20")
        #expect(before.map(\.conferences) == [["2023-09-10", "2023-10-15"], ["2024-02-01", "2024-04-20"]])
        #expect(ConferencesBeforeMeetings.prepared(before, target: 2) == 2)
        // A conference on the day of the previous meeting prepared that one, not the next.
        let sameDay = ConferencesBeforeMeetings.match(meetings: ["2023-11-22"], conferences: ["2023-04-20", "2023-06-01"], previousMeeting: "2023-04-20")
        #expect(sameDay.first?.conferences == ["2023-06-01"])
        let sentence = GoalRules.sentence(.init(measure: .planningConferencesPerMeeting, target: 2), .init(figure: 0, base: 2), words: Self.coesfeld)
        #expect(sentence.hasPrefix("Vor 0 von 2 Sitzungen der Steuerungsgruppe fanden mindestens 2 Planungskonferenzen statt"))
    }

    @Test func anFTERaisedLaterLeavesThePastAsItWas() {
        let changes = [PositionChange(day: "2021-03-01", status: .advertised), PositionChange(day: "2022-01-01", status: .advertised, fteHundredths: 100)]
        #expect(PositionTimeline.fte(on: "2021-12-31", initial: 50, changes) == 50)
        #expect(PositionTimeline.fte(on: "2022-01-01", initial: 50, changes) == 100)
        #expect(PositionTimeline.fte(on: "2020-12-31", initial: 50, changes) == 50)
    }

    /// Seed 003 §7.2: Höxter's four cluster regions and its case-management posts, "Soll 2021".
    @Test func hoextersPostsCountPerClusterRegionAndTown() {
        let (nord, sued, mitte, ost) = (UUID(), UUID(), UUID(), UUID())
        let names = ["Steinheim", "Nieheim", "Marienmünster", "Warburg", "Willebadessen", "Borgentreich", "Bad Driburg", "Brakel", "Höxter", "Beverungen"]
        let regionOf = [nord, nord, nord, sued, sued, sued, mitte, mitte, ost, ost]
        let towns = zip(names, regionOf).map { StaffingAreas.Place(id: UUID(), name: $0, region: $1) }
        func town(_ name: String) -> UUID { towns.first { $0.name == name }!.id }
        let posts = [
            StaffedPost(title: "CM Steinheim", block: .caseManagement, target: 50, filled: 0, towns: [town("Steinheim")], region: nil),
            StaffedPost(title: "CM Marienmünster/Nieheim", block: .caseManagement, target: 50, filled: 0, towns: [town("Marienmünster"), town("Nieheim")], region: nil),
            StaffedPost(title: "CM Warburg", block: .caseManagement, target: 100, filled: 0, towns: [town("Warburg")], region: nil),
            StaffedPost(title: "CM Brakel", block: .caseManagement, target: 100, filled: 100, towns: [town("Brakel")], region: nil),
            StaffedPost(title: "CM Beverungen", block: .caseManagement, target: 100, filled: 0, towns: [town("Beverungen")], region: nil),
            StaffedPost(title: "Koordinierung", block: .coordination, target: 350, filled: 350, towns: [], region: nil),
        ]
        let regions = StaffingAreas.perRegion(posts, regions: [(nord, "I. Nordkreis"), (sued, "II. Südkreis"), (mitte, "III. Mitte-West"), (ost, "IV. Ost")], towns: towns)
        #expect(regions.map(\.name) == ["I. Nordkreis", "II. Südkreis", "III. Mitte-West", "IV. Ost", "kreisweit"])
        #expect(regions.map(\.target) == [100, 100, 100, 100, 350] && regions.map(\.filled) == [0, 0, 100, 0, 350])
        #expect(regions[0].byBlock[.caseManagement]?.target == 100 && regions[0].posts == ["CM Steinheim: 0,5", "CM Marienmünster/Nieheim: 0,5"])
        let perTown = StaffingAreas.perTown(posts, towns: towns)
        #expect(perTown.first { $0.name == "Nieheim" }?.target == 25 && perTown.first { $0.name == "Marienmünster" }?.target == 25)
        #expect(perTown.first { $0.name == "Höxter" }?.target == 0 && perTown.last?.name == "kreisweit")
        // A post for a whole region counts fully there and in equal shares for its towns.
        let regional = [StaffedPost(title: "CM Ost", block: .caseManagement, target: 100, filled: 100, towns: [], region: ost)]
        #expect(StaffingAreas.perRegion(regional, regions: [(ost, "IV. Ost")], towns: towns).map(\.filled) == [100])
        #expect(StaffingAreas.perTown(regional, towns: towns).filter { $0.filled > 0 }.map(\.name) == ["Höxter", "Beverungen"])
    }
}

@Suite struct AgeBandsTests {
    @Test func bandsAreReadAsTypedAndCountWholeYears() {
        let bands = AgeBands.standard
        #expect(bands.bands.map(\.code) == ["0-6", "6-18", "18-27", "27+"])
        #expect(bands.bands.map(\.label) == ["0 bis unter 6 Jahre", "6 bis unter 18 Jahre", "18 bis unter 27 Jahre", "27 Jahre und älter"])
        #expect(bands.band(of: 5)?.code == "0-6" && bands.band(of: 6)?.code == "6-18" && bands.band(of: 27)?.code == "27+" && bands.band(of: -1) == nil)
        #expect(AgeBands(text: "6; 18 27") == bands && AgeBands(text: "18, 6") == nil && AgeBands(text: "6, achtzehn") == nil && AgeBands(text: "") == nil)
        #expect(AgeBands(bounds: [0, 6]) == nil && AgeBands(bounds: [1, 2, 3, 4, 5, 6, 7]) == nil)
        #expect(AgeBands.age(born: "2010-05-01", on: "2027-01-15") == 16 && AgeBands.age(born: "2003-01-15", on: "2027-01-15") == 24)
        #expect(AgeBands.age(born: "2003-01-16", on: "2027-01-15") == 23 && AgeBands.age(born: "2030-01-01", on: "2027-01-15") == nil)
    }
}
