import Fluent
import LotseCore
import Vapor

/// What needs the person today, on the start page without a click (issue 18, part 3): for case
/// managers what is due in their cases and the coordination's open questions; for the
/// coordination new findings, overdue decisions and the next meeting; for steering members and
/// office staff in bodies the next meeting and its papers. Each group appears only for a role
/// that may open what it links to, so no entry leads to a refusal.
struct StartToday: Encodable {
    struct Entry: Encodable {
        let label: String
        let detail: String
        let href: String
        let isOverdue: Bool
    }

    struct Group: Encodable {
        let heading: String
        let entries: [Entry]
        let empty: String
        /// "All of them" when the group shows only the first few.
        let more: LayoutContext.NavigationItem?
        var hasEntries: Bool { !entries.isEmpty }

        enum CodingKeys: String, CodingKey { case heading, entries, empty, more, hasEntries }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(heading, forKey: .heading)
            try c.encode(entries, forKey: .entries)
            try c.encode(empty, forKey: .empty)
            try c.encodeIfPresent(more, forKey: .more)
            try c.encode(hasEntries, forKey: .hasEntries)
        }
    }

    let groups: [Group]
    var hasGroups: Bool { !groups.isEmpty }

    enum CodingKeys: String, CodingKey { case groups, hasGroups }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(groups, forKey: .groups)
        try c.encode(hasGroups, forKey: .hasGroups)
    }

    /// How many due entries the start page lists before "all of them".
    static let shown = 8

    static func build(for actor: Actor, _ req: Request) async throws -> StartToday {
        var groups: [Group] = []
        if AccessPolicy.permits(actor, .workOnCases) { groups.append(try await due(req)) }
        if AccessPolicy.permits(actor, .answerEvidenceRequest) { groups.append(try await questions(req)) }
        if AccessPolicy.permits(actor, .manageTopics) { groups.append(try await findings(req)) }
        if AccessPolicy.permits(actor, .manageBodies) { groups.append(try await overdueDecisions(req)) }
        if AccessPolicy.permits(actor, .readSteering) {
            groups.append(try await nextMeeting(req))
        } else if AccessPolicy.permits(actor, .readOwnMeetings) {
            groups.append(try await nextOwnMeeting(req))
        }
        return StartToday(groups: groups)
    }

    static func due(_ req: Request) async throws -> Group {
        let (items, total) = try await req.caseDesk().dueItems(limit: shown)
        let entries = items.map { item in
            Entry(label: "Fall \(item.caseNumber)\(item.clientName.isEmpty ? "" : ", \(item.clientName)")", detail: "\(item.kind): \(item.text), fällig am \(GermanFormat.germanDay(item.dueOn))",
                  href: SiteURL.caseFile(.value(item.caseId)).path + "#" + item.anchor, isOverdue: item.isOverdue)
        }
        return Group(heading: "Heute fällig in Ihren Fällen", entries: entries, empty: "Heute ist in Ihren Fällen nichts fällig.",
                     more: total > items.count ? .init(label: "Alle \(total) fälligen Einträge", href: SiteURL.dueCases.path, isCurrent: false) : nil)
    }

    static func questions(_ req: Request) async throws -> Group {
        let open = try await req.evidenceDesk().openRequests()
        let entries = open.prefix(shown).map { request in
            Entry(label: request.topic, detail: "Frage der Koordinierenden Stelle vom \(GermanFormat.germanDay(request.askedOn)): \(request.question)",
                  href: SiteURL.request(.value(request.id)).path, isOverdue: false)
        }
        return Group(heading: "Rückfragen der Koordinierenden Stelle", entries: Array(entries), empty: "Keine Rückfrage wartet auf Ihre Antwort.",
                     more: open.count > entries.count ? .init(label: "Alle \(open.count) Rückfragen", href: SiteURL.requests.path, isCurrent: false) : nil)
    }

    static func findings(_ req: Request) async throws -> Group {
        let unassigned = try await req.topicDesk().unassignedFindingCount()
        let entries = unassigned == 0 ? [] : [Entry(label: unassigned == 1 ? "1 neue Erkenntnis" : "\(unassigned) neue Erkenntnisse",
                                                    detail: "noch keinem Thema zugeordnet", href: SiteURL.findings.path + "?unassigned=1", isOverdue: false)]
        return Group(heading: "Neue Erkenntnisse aus der Fallarbeit", entries: entries, empty: "Jede Erkenntnis ist einem Thema zugeordnet.", more: nil)
    }

    static func overdueDecisions(_ req: Request) async throws -> Group {
        let overdue = try await req.steeringDesk(.manageBodies).decisions(openOnly: true).filter(\.isOverdue)
        let entries = overdue.prefix(shown).map { decision in
            Entry(label: decision.text, detail: "\(decision.body), zuständig: \(decision.owner), fällig am \(GermanFormat.germanDay(decision.dueOn))",
                  href: SiteURL.decision(.value(decision.id)).path, isOverdue: true)
        }
        return Group(heading: "Überfällige Beschlüsse", entries: Array(entries), empty: "Kein Beschluss ist überfällig.",
                     more: overdue.count > entries.count ? .init(label: "Alle Beschlüsse", href: SiteURL.decisions.path, isCurrent: false) : nil)
    }

    static func nextMeeting(_ req: Request) async throws -> Group {
        let desk = try req.steeringDesk(.readSteering)
        let next = try await Meeting.query(on: desk.db).filter(\.$districtID == desk.scope.districtID).filter(\.$heldOn >= desk.today)
            .sort(\.$heldOn).first()
        let bodyName = try await next.asyncMap { try await Body.find($0.bodyID, on: desk.db)?.name ?? "" } ?? ""
        let entries = try next.map { meeting -> [Entry] in
            let id = try meeting.requireID()
            let when = "\(GermanFormat.germanDay(meeting.heldOn))\(meeting.place.isEmpty ? "" : ", \(meeting.place)")"
            return [Entry(label: "\(bodyName) am \(when)", detail: "Tagesordnung und Beschlüsse", href: SiteURL.meeting(.value(id)).path, isOverdue: false),
                    Entry(label: "Einladung mit den Beschlussvorlagen", detail: "zum Lesen und Drucken", href: SiteURL.meetingInvitation(.value(id)).path, isOverdue: false)]
        } ?? []
        return Group(heading: "Nächste Sitzung", entries: entries, empty: "Es ist keine Sitzung geplant.", more: nil)
    }

    static func nextOwnMeeting(_ req: Request) async throws -> Group {
        let desk = try req.steeringDesk(.readOwnMeetings)
        let upcoming = try await desk.memberMeetings().flatMap { body, meetings in meetings.filter { $0.heldOn >= desk.today }.map { (body.name, $0) } }
            .min { $0.1.heldOn < $1.1.heldOn }
        let entries = try upcoming.map { name, meeting in
            [Entry(label: "\(name) am \(GermanFormat.germanDay(meeting.heldOn))", detail: "Tagesordnung, Beschlussvorlagen und Protokoll",
                   href: SiteURL.memberMeeting(.value(try meeting.requireID())).path, isOverdue: false)]
        } ?? []
        return Group(heading: "Nächste Sitzung", entries: entries, empty: "Für Ihre Gremien ist keine Sitzung geplant.", more: nil)
    }
}

extension TopicDesk {
    /// Findings of the district no topic holds yet: what waits for the coordination's triage.
    func unassignedFindingCount() async throws -> Int {
        let all = try await Finding.query(on: db).filter(\.$districtID == scope.districtID).count()
        let assigned = try await FindingAssignment.query(on: db).filter(\.$districtID == scope.districtID).count()
        return max(0, all - assigned)
    }
}
