/// One thing a goal asks for: a measure and, where it counts, the number to reach.
public struct GoalCriterion: Sendable, Equatable {
    public let measure: GoalMeasure
    public let target: Int

    public init(measure: GoalMeasure, target: Int) {
        self.measure = measure
        self.target = target
    }

    /// "steeringMeetings:2": as stored.
    public var code: String { "\(measure.rawValue):\(target)" }

    public init?(code: String) {
        let parts = code.split(separator: ":")
        guard parts.count == 2, let measure = GoalMeasure(rawValue: String(parts[0])), let target = Int(parts[1]) else { return nil }
        self.init(measure: measure, target: target)
    }
}

/// What Lotse found for a criterion in a period: the figure, what it is compared with where the
/// goal says "all" or "per meeting", and the items behind it (meetings, topics, municipalities).
public struct GoalMeasurement: Sendable, Equatable {
    public let figure: Int
    /// All municipalities (for "everywhere"), or the number of steering-group meetings (per meeting).
    public let base: Int?
    public let items: [String]
    /// What is still missing (municipalities without case management or concept).
    public let missing: [String]

    public init(figure: Int, base: Int? = nil, items: [String] = [], missing: [String] = []) {
        self.figure = figure
        self.base = base
        self.items = items
        self.missing = missing
    }
}

/// How a goal's verdict follows from its criteria, and the year's overall verdict from the goals
/// (seed 000: Ziel 1 reached, 2 and 3 not → "Die angestrebten Ziele wurden teilweise erreicht").
public enum GoalRules {
    public static func isMet(_ criterion: GoalCriterion, _ measurement: GoalMeasurement) -> Bool {
        switch criterion.measure {
        case .caseManagementEverywhere, .conceptsEverywhere:
            guard let base = measurement.base, base > 0 else { return false }
            return measurement.figure >= base
        case .planningConferencesPerMeeting:
            // The figure counts the meetings that had enough conferences before them: all of them.
            guard let meetings = measurement.base, meetings > 0 else { return false }
            return measurement.figure >= meetings
        case .steeringMeetings, .topicsFromCaseWork, .workingGroupsFromCaseWork, .campaignEvents:
            return measurement.figure >= criterion.target
        case .backlogOverSixMonthsAtMost:
            // Without any office's figures there is nothing to show that the backlog is small.
            guard let offices = measurement.base, offices > 0 else { return false }
            return measurement.figure <= criterion.target
        }
    }

    /// All criteria met: reached; none: not reached; some: partly reached.
    public static func verdict(_ met: [Bool]) -> GoalVerdict {
        if !met.isEmpty && met.allSatisfy({ $0 }) { return .reached }
        if !met.contains(true) { return .notReached }
        return .partlyReached
    }

    /// Every goal reached: reached; every goal not reached: not reached; otherwise partly.
    public static func overall(_ verdicts: [GoalVerdict]) -> GoalVerdict {
        if !verdicts.isEmpty && verdicts.allSatisfy({ $0 == .reached }) { return .reached }
        if verdicts.allSatisfy({ $0 == .notReached }) { return .notReached }
        return .partlyReached
    }

    /// The sentence a report states for a criterion, in German and in the district's words.
    public static func sentence(_ criterion: GoalCriterion, _ m: GoalMeasurement, words: DistrictWords = .standard) -> String {
        let target = criterion.target
        switch criterion.measure {
        case .steeringMeetings:
            return "\(words.TheSteeringBody) hat \(times(m.figure)) getagt (Ziel: mindestens \(times(target)))."
        case .topicsFromCaseWork:
            return "\(capitalised(words.inTheSteeringBody)) wurden \(m.figure) \(m.figure == 1 ? "Thema" : "Themen") aus der Fallarbeit behandelt (Ziel: mindestens \(target))."
        case .planningConferencesPerMeeting:
            let conferences = target == 1 ? words.singular(.planningConference) : words.plural(.planningConference)
            guard let meetings = m.base, meetings > 0 else {
                return "Im Zeitraum fand keine Sitzung \(words.ofTheSteeringBody) statt, vor der \(words.plural(.planningConference)) gezählt werden könnten "
                    + "(Ziel: vor jeder Sitzung mindestens \(target) \(conferences))."
            }
            return "Vor \(m.figure) von \(meetings) \(meetings == 1 ? "Sitzung" : "Sitzungen") \(words.ofTheSteeringBody) fanden mindestens \(target) "
                + "\(conferences) statt, gezählt seit der jeweils vorigen Sitzung (Ziel: vor jeder Sitzung mindestens \(target))."
        case .caseManagementEverywhere:
            return "Case Management war in \(m.figure) von \(m.base ?? 0) kreisangehörigen Kommunen aktiv (Ziel: in allen)."
        case .workingGroupsFromCaseWork:
            let groups = m.figure == 1 ? words.singular(.workingGroup) : words.plural(.workingGroup)
            return "Aus der Fallarbeit \(m.figure == 1 ? "wurde" : "wurden") auf Beschluss \(words.ofTheSteeringBody) \(m.figure) kreisweite \(groups) eingerichtet "
                + "(Ziel: mindestens \(target))."
        case .conceptsEverywhere:
            return "Ein sozialräumliches Konzept gilt in \(m.figure) von \(m.base ?? 0) Kommunen mit aktivem Case Management (Ziel: in allen)."
        case .backlogOverSixMonthsAtMost:
            guard let offices = m.base, offices > 0 else {
                return "Keine Behörde hat für den Zeitraum Zahlen zum Antragsstau gemeldet (Ziel: höchstens \(target) Anträge älter als sechs Monate)."
            }
            return "Am Ende des Zeitraums waren \(m.figure) Anträge länger als sechs Monate anhängig, nach den Zahlen von \(offices) "
                + "\(offices == 1 ? "Behörde" : "Behörden") (Ziel: höchstens \(target))."
        case .campaignEvents:
            return "Die Einbürgerungskampagne hatte \(m.figure) \(m.figure == 1 ? "Veranstaltung" : "Veranstaltungen") (Ziel: mindestens \(target))."
        }
    }

    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    static func times(_ count: Int) -> String {
        switch count {
        case 1: "einmal"
        case 2: "zweimal"
        case 3: "dreimal"
        default: "\(count)-mal"
        }
    }
}

/// "n planning conferences before each meeting" (seed 000, Ausblick, Ziel 2): the conferences
/// held after the previous meeting, up to and including this meeting's day, count for this
/// meeting. Four conferences after both meetings of a year prepare neither of them.
public enum ConferencesBeforeMeetings {
    public struct Match: Sendable, Equatable {
        public let meeting: String
        public let conferences: [String]
    }

    /// Days as YYYY-MM-DD; `previousMeeting` is the last meeting before the first one given, if any.
    public static func match(meetings: [String], conferences: [String], previousMeeting: String?) -> [Match] {
        var after = previousMeeting
        return meetings.sorted().map { day in
            let counted = conferences.filter { conference in (after.map { conference > $0 } ?? true) && conference <= day }.sorted()
            after = day
            return Match(meeting: day, conferences: counted)
        }
    }

    /// How many of the meetings had at least `target` conferences before them.
    public static func prepared(_ matches: [Match], target: Int) -> Int { matches.filter { $0.conferences.count >= target }.count }
}
