/// A district's own words for the programme (issue 19, part 1): Coesfeld steers with a
/// "Steuerungsgruppe" and counts "Modul I–III", Höxter has a "Lenkungskreis", Paderborn a
/// "Lenkungsgruppe" and "Baustein 1–3". Every sentence Lotse writes about the programme takes its
/// nouns from here, so a report reads in the district's language. The defaults are Paderborn's.
public struct DistrictWords: Sendable, Equatable {
    public var steeringBody: String
    public var steeringBodyGender: GrammaticalGender
    public var blockWord: String
    public var blockNumbering: BlockNumbering
    /// The blocks' titles after the number ("Koordinierung und Assistenz").
    public var blockTitles: [BuildingBlock: String]
    /// Names of the other body kinds; a kind not named keeps Lotse's name.
    public var bodyNames: [BodyKind: String]
    public var conferenceNames: [ConferenceLevel: String]

    public init(steeringBody: String = "Lenkungsgruppe", steeringBodyGender: GrammaticalGender = .feminine, blockWord: String = "Baustein",
                blockNumbering: BlockNumbering = .arabic, blockTitles: [BuildingBlock: String] = [:], bodyNames: [BodyKind: String] = [:],
                conferenceNames: [ConferenceLevel: String] = [:]) {
        self.steeringBody = steeringBody
        self.steeringBodyGender = steeringBodyGender
        self.blockWord = blockWord
        self.blockNumbering = blockNumbering
        self.blockTitles = blockTitles
        self.bodyNames = bodyNames
        self.conferenceNames = conferenceNames
    }

    public static let standard = DistrictWords()

    // MARK: The steering body in a sentence

    /// "die Lenkungsgruppe", "der Lenkungskreis", "das Steuerungsgremium".
    public var theSteeringBody: String { "\(steeringBodyGender.article) \(steeringBody)" }
    /// At the start of a sentence.
    public var TheSteeringBody: String { capitalised(theSteeringBody) }
    /// "der Lenkungsgruppe", "des Lenkungskreises": as in "Sitzungen …", "Mitglied …".
    public var ofTheSteeringBody: String {
        steeringBodyGender == .feminine ? "der \(steeringBody)" : "des \(Self.genitive(steeringBody))"
    }
    /// "in die Lenkungsgruppe", "in den Lenkungskreis": where something is brought.
    public var intoTheSteeringBody: String {
        let article = switch steeringBodyGender {
        case .feminine: "die"
        case .masculine: "den"
        case .neuter: "das"
        }
        return "in \(article) \(steeringBody)"
    }
    /// "in der Lenkungsgruppe", "im Lenkungskreis".
    public var inTheSteeringBody: String { steeringBodyGender == .feminine ? "in der \(steeringBody)" : "im \(steeringBody)" }

    /// The genitive of a masculine or neuter noun: "Lenkungskreis" → "Lenkungskreises",
    /// "Steuerungsgremium" → "Steuerungsgremiums". A district whose noun bends otherwise can name
    /// a feminine body or write the phrase into its standing texts.
    static func genitive(_ noun: String) -> String {
        let sibilant = ["s", "ß", "x", "z"].contains { noun.lowercased().hasSuffix($0) }
        return noun + (sibilant ? "es" : "s")
    }

    // MARK: Blocks, bodies, conferences, roles, measures

    /// "Baustein 2", "Modul II".
    public func blockLabel(_ block: BuildingBlock) -> String { "\(blockWord) \(blockNumbering.text(block.number))" }

    /// "Baustein 2: Case Management", "Modul II: Case Management".
    public func blockName(_ block: BuildingBlock) -> String { "\(blockLabel(block)): \(blockTitles[block] ?? block.title)" }

    public func name(_ kind: BodyKind) -> String { kind == .steeringGroup ? steeringBody : bodyNames[kind] ?? kind.germanName }

    public func name(_ level: ConferenceLevel) -> String { conferenceNames[level] ?? level.germanName }

    public func name(_ role: Role) -> String { role == .steeringMember ? "Mitglied \(ofTheSteeringBody)" : role.germanName }

    /// A step of the topics' ladder, naming the district's bodies.
    public func name(_ status: TopicStatus) -> String {
        switch status {
        case .planningConference: singular(.planningConference)
        case .body: "lokales Gremium oder \(steeringBody)"
        case .followUp: "\(singular(.workingGroup)), Austausch oder Auftrag"
        default: status.germanName
        }
    }

    /// The measure as a goal form offers it, in the district's words.
    public func name(_ measure: GoalMeasure) -> String {
        switch measure {
        case .steeringMeetings: "Sitzungen \(ofTheSteeringBody) (mindestens N)"
        case .topicsFromCaseWork: "Themen aus der Fallarbeit \(inTheSteeringBody) (mindestens N)"
        case .planningConferencesPerMeeting: "\(plural(.planningConference)) vor jeder Sitzung \(ofTheSteeringBody) (mindestens N)"
        case .workingGroupsFromCaseWork: "\(plural(.workingGroup)) aus der Fallarbeit eingerichtet (mindestens N)"
        default: measure.germanName
        }
    }

    /// The first name of a body kind ("Arbeitsgruppe / Projektgruppe" → "Arbeitsgruppe"), for sentences.
    public func singular(_ kind: BodyKind) -> String {
        String(name(kind).split(separator: "/").first ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// The plural of a body kind's first name, for the German nouns bodies are named with
    /// ("-gruppe" → "-gruppen", "-konferenz" → "-konferenzen", "-kreis" → "-kreise").
    public func plural(_ kind: BodyKind) -> String { Self.plural(singular(kind)) }

    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("e") { return noun + "n" }
        if noun.hasSuffix("z") || noun.hasSuffix("ung") || noun.hasSuffix("schaft") { return noun + "en" }
        if noun.hasSuffix("kreis") || noun.hasSuffix("tisch") { return noun + "e" }
        if noun.hasSuffix("gremium") { return String(noun.dropLast(2)) + "en" }
        return noun
    }

    private func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

public enum GrammaticalGender: String, Vocabulary {
    case feminine, masculine, neuter

    public var germanName: String {
        switch self {
        case .feminine: "die (z. B. die Lenkungsgruppe)"
        case .masculine: "der (z. B. der Lenkungskreis)"
        case .neuter: "das (z. B. das Steuerungsgremium)"
        }
    }

    public var article: String {
        switch self {
        case .feminine: "die"
        case .masculine: "der"
        case .neuter: "das"
        }
    }
}

public enum BlockNumbering: String, Vocabulary {
    case arabic, roman

    public var germanName: String {
        switch self {
        case .arabic: "1, 2, 3"
        case .roman: "I, II, III"
        }
    }

    public func text(_ number: Int) -> String {
        switch self {
        case .arabic: String(number)
        case .roman: ["", "I", "II", "III", "IV", "V"][min(max(number, 0), 5)]
        }
    }
}

/// The words a district can set, as stored (`district_terms.term`) and sent in the API.
public enum DistrictTerm: String, Vocabulary {
    case steeringBody, steeringBodyGender, blockWord, blockNumbering
    case coordinationTitle, caseManagementTitle, immigrationOfficeTitle
    case planningConference, workingGroup, qualityCircle, roundTable
    case municipalConference, districtConference

    public var germanName: String {
        switch self {
        case .steeringBody: "Name des Steuerungsgremiums"
        case .steeringBodyGender: "Artikel des Steuerungsgremiums"
        case .blockWord: "Wort für die Bausteine"
        case .blockNumbering: "Nummerierung der Bausteine"
        case .coordinationTitle: "Titel des ersten Bausteins"
        case .caseManagementTitle: "Titel des zweiten Bausteins"
        case .immigrationOfficeTitle: "Titel des dritten Bausteins"
        case .planningConference: "Name der Planungskonferenz"
        case .workingGroup: "Name der Arbeitsgruppen"
        case .qualityCircle: "Name des Qualitätszirkels"
        case .roundTable: "Name der Runden Tische"
        case .municipalConference: "Name der kommunalen Fallkonferenz"
        case .districtConference: "Name der Fallkonferenz auf Kreisebene"
        }
    }

    /// Names are short nouns: at most this many characters.
    public static let maximumLength = 80

    /// The value a district that sets nothing has.
    public var standard: String {
        let words = DistrictWords.standard
        switch self {
        case .steeringBody: return words.steeringBody
        case .steeringBodyGender: return words.steeringBodyGender.rawValue
        case .blockWord: return words.blockWord
        case .blockNumbering: return words.blockNumbering.rawValue
        case .coordinationTitle: return BuildingBlock.coordination.title
        case .caseManagementTitle: return BuildingBlock.caseManagement.title
        case .immigrationOfficeTitle: return BuildingBlock.immigrationOffice.title
        case .planningConference: return BodyKind.planningConference.germanName
        case .workingGroup: return BodyKind.workingGroup.germanName
        case .qualityCircle: return BodyKind.qualityCircle.germanName
        case .roundTable: return BodyKind.roundTable.germanName
        case .municipalConference: return ConferenceLevel.municipal.germanName
        case .districtConference: return ConferenceLevel.district.germanName
        }
    }

    /// The words from stored terms; an unknown or unreadable value keeps the default.
    public static func words(_ stored: [DistrictTerm: String]) -> DistrictWords {
        var words = DistrictWords.standard
        for (term, value) in stored { words.set(term, value) }
        return words
    }
}

extension DistrictWords {
    /// The value of a term, as the settings form and the API show it.
    public func value(_ term: DistrictTerm) -> String {
        switch term {
        case .steeringBody: steeringBody
        case .steeringBodyGender: steeringBodyGender.rawValue
        case .blockWord: blockWord
        case .blockNumbering: blockNumbering.rawValue
        case .coordinationTitle: blockTitles[.coordination] ?? BuildingBlock.coordination.title
        case .caseManagementTitle: blockTitles[.caseManagement] ?? BuildingBlock.caseManagement.title
        case .immigrationOfficeTitle: blockTitles[.immigrationOffice] ?? BuildingBlock.immigrationOffice.title
        case .planningConference: name(BodyKind.planningConference)
        case .workingGroup: name(.workingGroup)
        case .qualityCircle: name(.qualityCircle)
        case .roundTable: name(.roundTable)
        case .municipalConference: name(.municipal)
        case .districtConference: name(.district)
        }
    }

    mutating func set(_ term: DistrictTerm, _ value: String) {
        switch term {
        case .steeringBody: steeringBody = value
        case .steeringBodyGender: if let gender = GrammaticalGender(rawValue: value) { steeringBodyGender = gender }
        case .blockWord: blockWord = value
        case .blockNumbering: if let numbering = BlockNumbering(rawValue: value) { blockNumbering = numbering }
        case .coordinationTitle: blockTitles[.coordination] = value
        case .caseManagementTitle: blockTitles[.caseManagement] = value
        case .immigrationOfficeTitle: blockTitles[.immigrationOffice] = value
        case .planningConference: bodyNames[.planningConference] = value
        case .workingGroup: bodyNames[.workingGroup] = value
        case .qualityCircle: bodyNames[.qualityCircle] = value
        case .roundTable: bodyNames[.roundTable] = value
        case .municipalConference: conferenceNames[.municipal] = value
        case .districtConference: conferenceNames[.district] = value
        }
    }
}
