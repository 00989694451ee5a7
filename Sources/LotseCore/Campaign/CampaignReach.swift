import Foundation

/// What a naturalisation campaign holds (issue 16, part 6; seeds 001, 003, 004): information
/// evenings and consultation days, and what else a district runs.
public enum CampaignEventKind: String, Vocabulary {
    case informationEvening, consultationDay, other

    public var germanName: String {
        switch self {
        case .informationEvening: "Informationsabend"
        case .consultationDay: "Beratungstag"
        case .other: "weitere Veranstaltung"
        }
    }
}

/// How far a campaign reached, per municipality: events held there, people who came, and the
/// follow-up consultations they led to. Counts only; an event whose counts are not in yet counts
/// as held with no one counted.
public enum CampaignReach {
    public struct Reach: Sendable, Equatable {
        public var events = 0
        public var participants = 0
        public var followUps = 0

        public init(events: Int = 0, participants: Int = 0, followUps: Int = 0) {
            self.events = events
            self.participants = participants
            self.followUps = followUps
        }

        mutating func add(_ event: Event) {
            events += 1
            participants += event.participants ?? 0
            followUps += event.followUps ?? 0
        }
    }

    public struct Event: Sendable, Equatable {
        public let municipalityID: UUID
        public let heldOn: String
        public let participants: Int?
        public let followUps: Int?

        public init(municipalityID: UUID, heldOn: String, participants: Int?, followUps: Int?) {
            self.municipalityID = municipalityID
            self.heldOn = heldOn
            self.participants = participants
            self.followUps = followUps
        }
    }

    /// The reach of the events held by `today` (a planned event reaches no one yet), per municipality.
    public static func byMunicipality(_ events: [Event], today: String) -> [UUID: Reach] {
        var reach: [UUID: Reach] = [:]
        for event in events where event.heldOn <= today { reach[event.municipalityID, default: Reach()].add(event) }
        return reach
    }

    /// All of it together.
    public static func total(_ events: [Event], today: String) -> Reach {
        var reach = Reach()
        for event in events where event.heldOn <= today { reach.add(event) }
        return reach
    }

    public enum Problem: Sendable, Equatable {
        case countOutOfRange(label: String)
        case countsBeforeTheEvent
        case followUpsExceedParticipants

        public var message: String {
            switch self {
            case .countOutOfRange(let label): "„\(label)“ muss eine ganze Zahl zwischen 0 und 100.000 sein."
            case .countsBeforeTheEvent: "Teilnehmende und Folgeberatungen lassen sich erst nach der Veranstaltung zählen."
            case .followUpsExceedParticipants: "Es kann nicht mehr Folgeberatungen als Teilnehmende geben."
            }
        }
    }

    /// Checks the counts of an event held on `heldOn`: none before the day, none negative, and no
    /// more follow-ups than people who came.
    public static func checkCounts(participants: Int?, followUps: Int?, heldOn: String, today: String) -> [(field: String, problem: Problem)] {
        var problems: [(String, Problem)] = []
        for (field, label, value) in [("participants", "Teilnehmende", participants), ("followUps", "Folgeberatungen", followUps)] {
            if let value, !(0...100_000).contains(value) { problems.append((field, .countOutOfRange(label: label))) }
        }
        if (participants != nil || followUps != nil) && heldOn > today { problems.append(("participants", .countsBeforeTheEvent)) }
        if let participants, let followUps, followUps > participants { problems.append(("followUps", .followUpsExceedParticipants)) }
        return problems
    }
}
