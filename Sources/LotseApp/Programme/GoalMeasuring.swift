import Fluent
import Foundation
import LotseCore

/// A goal as pages, the API and the report show it: each criterion with its figure and the items
/// behind it, and the verdict.
struct GoalView: Encodable, Sendable {
    struct CriterionView: Encodable, Sendable {
        let measure: Coded
        let target: Int
        let sentence: String
        let met: Bool
        let figure: Int
        let base: Int?
        let items: [String]
        let hasItems: Bool
        let missing: [String]
        let hasMissing: Bool
    }

    let id: UUID
    let number: Int
    let title: String
    let isMeasured: Bool
    let criteria: [CriterionView]
    let verdict: Coded
    let evidence: String
    let hasEvidence: Bool
}

/// What Lotse holds about a period, read once and measured for every criterion.
struct PeriodFacts: Sendable {
    let period: ReportingPeriod
    let today: String
    /// Held steering-group meetings of the period, by day.
    let steeringMeetings: [Meeting]
    /// Planning conferences held after the last steering-group meeting before the period, up to
    /// the period's last meeting or end: the ones that can prepare the period's meetings.
    let planningConferences: [Meeting]
    let previousSteeringMeeting: String?
    /// Topics from case work (holding at least one finding) on a steering-group agenda, with the day.
    let topicsDiscussed: [(title: String, day: String)]
    let workingGroups: [String]
    let staffing: StaffingFacts
    let concepts: Set<UUID>
    /// Baustein 3: what the offices reported for the period's months, and the campaign's events held in it.
    let baustein3: Baustein3Facts
    let words: DistrictWords

    static func load(_ desk: ProgrammeDesk, _ period: ReportingPeriod) async throws -> PeriodFacts {
        let db = desk.db
        let district = desk.scope.districtID
        let bodies = try await Body.query(on: db).filter(\.$districtID == district).all()
        func ids(_ kind: BodyKind) -> [UUID] { bodies.filter { $0.kind == kind }.compactMap(\.id) }
        let lastDay = min(period.end, desk.today)
        func held(_ kind: BodyKind) async throws -> [Meeting] {
            let bodyIDs = ids(kind)
            guard !bodyIDs.isEmpty else { return [] }
            return try await Meeting.query(on: db).filter(\.$districtID == district).filter(\.$bodyID ~~ bodyIDs)
                .filter(\.$heldOn >= period.start).filter(\.$heldOn <= lastDay).sort(\.$heldOn).all()
        }
        let steering = try await held(.steeringGroup)
        let staffing = try await StaffingFacts.load(desk)
        let steeringIDs = ids(.steeringGroup)
        let previous = steeringIDs.isEmpty ? nil : try await Meeting.query(on: db).filter(\.$districtID == district).filter(\.$bodyID ~~ steeringIDs)
            .filter(\.$heldOn < period.start).sort(\.$heldOn, .descending).first()?.heldOn
        let conferenceIDs = ids(.planningConference)
        let conferences = conferenceIDs.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$districtID == district)
            .filter(\.$bodyID ~~ conferenceIDs).filter(\.$heldOn > previous ?? "").filter(\.$heldOn <= lastDay).sort(\.$heldOn).all()
        let meetingDays = Dictionary(uniqueKeysWithValues: steering.compactMap { m in m.id.map { ($0, m.heldOn) } })
        let items = meetingDays.isEmpty ? [] : try await AgendaItem.query(on: db).filter(\.$meetingID ~~ Array(meetingDays.keys)).all()
        let topicIDs = Set(items.compactMap(\.topicID))
        let fromCaseWork = topicIDs.isEmpty ? [] : Set(try await FindingAssignment.query(on: db).filter(\.$topicID ~~ Array(topicIDs)).all().map(\.topicID))
        let topics = fromCaseWork.isEmpty ? [] : try await Topic.query(on: db).filter(\.$id ~~ Array(fromCaseWork)).all()
        var discussed: [(String, String)] = []
        for topic in topics {
            let first = items.filter { $0.topicID == topic.id }.compactMap { meetingDays[$0.meetingID] }.min() ?? ""
            discussed.append((topic.title, first))
        }
        // District-wide working groups set up by a steering-group decision on a topic (from case
        // work) taken in the period (seed 000, Ziel 3: "wenn … die Lenkungsgruppe die Gründung … beschließt").
        let groupBodies = bodies.filter { $0.kind == .workingGroup && $0.decisionID != nil && $0.municipalityID == nil }
        let decisions = groupBodies.isEmpty ? [] : try await Decision.query(on: db).filter(\.$id ~~ groupBodies.compactMap(\.decisionID)).all()
        // The decisions' meetings, read once: their days, and which were the steering body's.
        let decisionMeetings = try await decisions.isEmpty ? [] : Meeting.query(on: db).filter(\.$id ~~ decisions.map(\.meetingID)).all()
        let steeringMeetingIDs = Set(decisionMeetings.filter { steeringIDs.contains($0.bodyID) }.compactMap(\.id))
        let decidedOn = Dictionary(uniqueKeysWithValues: decisionMeetings.compactMap { m in m.id.map { ($0, m.heldOn) } })
        let groups = groupBodies.filter { body in
            guard let decision = decisions.first(where: { $0.id == body.decisionID }), decision.topicID != nil,
                  let meetingDay = decidedOn[decision.meetingID], steeringMeetingIDs.contains(decision.meetingID) else { return false }
            let day = decision.day(meetingDay: meetingDay)
            return period.contains(day) && day <= desk.today
        }.map(\.name)
        let concepts = try await Agreement.query(on: db).filter(\.$districtID == district).filter(\.$kind == .localConcept)
            .filter(\.$status == .inForce).filter(\.$datedOn <= period.end).all().map(\.municipalityID)
        return PeriodFacts(period: period, today: desk.today, steeringMeetings: steering, planningConferences: conferences, previousSteeringMeeting: previous,
                           topicsDiscussed: discussed.sorted { ($0.1, $0.0) < ($1.1, $1.0) }, workingGroups: groups.sorted(),
                           staffing: staffing, concepts: Set(concepts),
                           baustein3: try await Baustein3Facts.load(district: district, from: period.start, to: period.end, today: desk.today, on: db),
                           words: staffing.words)
    }

    /// The planning conferences counted for each of the period's steering-group meetings.
    var conferencesBeforeMeetings: [ConferencesBeforeMeetings.Match] {
        ConferencesBeforeMeetings.match(meetings: steeringMeetings.map(\.heldOn), conferences: planningConferences.map(\.heldOn),
                                        previousMeeting: previousSteeringMeeting)
    }

    /// Planning conferences held in the period itself (the controlling export's count).
    var planningConferencesInPeriod: [Meeting] { planningConferences.filter { period.contains($0.heldOn) } }

    func measure(_ criterion: GoalCriterion) -> GoalMeasurement {
        switch criterion.measure {
        case .steeringMeetings:
            return GoalMeasurement(figure: steeringMeetings.count, items: steeringMeetings.map { GermanFormat.germanDay($0.heldOn) })
        case .topicsFromCaseWork:
            return GoalMeasurement(figure: topicsDiscussed.count, items: topicsDiscussed.map { "\($0.title) (\(GermanFormat.germanDay($0.day)))" })
        case .planningConferencesPerMeeting:
            let matches = conferencesBeforeMeetings
            let conference = words.singular(.planningConference)
            return GoalMeasurement(figure: ConferencesBeforeMeetings.prepared(matches, target: criterion.target), base: matches.count,
                                   items: matches.map { match in
                                       let days = match.conferences.map(GermanFormat.germanDay).joined(separator: ", ")
                                       return "Sitzung am \(GermanFormat.germanDay(match.meeting)): "
                                           + (match.conferences.isEmpty ? "keine \(conference) seit der vorigen Sitzung"
                                               : "\(match.conferences.count) × \(conference) (\(days))")
                                   })
        case .caseManagementEverywhere:
            let active = staffing.activeCaseManagement(in: period)
            let towns = staffing.towns
            return GoalMeasurement(figure: towns.filter { active.contains($0.id ?? UUID()) }.count, base: towns.count,
                                   items: towns.filter { active.contains($0.id ?? UUID()) }.map(\.name),
                                   missing: towns.filter { !active.contains($0.id ?? UUID()) }.map(\.name))
        case .workingGroupsFromCaseWork:
            return GoalMeasurement(figure: workingGroups.count, items: workingGroups)
        case .conceptsEverywhere:
            let active = staffing.towns.filter { staffing.activeCaseManagement(in: period).contains($0.id ?? UUID()) }
            let with = active.filter { concepts.contains($0.id ?? UUID()) }
            return GoalMeasurement(figure: with.count, base: active.count, items: with.map(\.name),
                                   missing: active.filter { !concepts.contains($0.id ?? UUID()) }.map(\.name))
        case .backlogOverSixMonthsAtMost:
            let latest = baustein3.latestBacklog
            return GoalMeasurement(figure: latest.reduce(0) { $0 + $1.overSix }, base: latest.count,
                                   items: latest.map { "\($0.office) (\(BacklogRules.germanMonth($0.month))): \($0.overSix)" })
        case .campaignEvents:
            return GoalMeasurement(figure: baustein3.events.count,
                                   items: baustein3.events.map { "\(GermanFormat.germanDay($0.heldOn)): \($0.kind.germanName), \($0.place)" })
        }
    }

    func view(_ goal: AnnualGoal) throws -> GoalView {
        // A stored criterion no version of Lotse knows fails the page rather than vanishing from the goal.
        let criteria = try goal.criteria.map { code in
            guard let criterion = GoalCriterion(code: code) else { throw UnknownStoredCode(type: "GoalCriterion", code: code) }
            return criterion
        }
        let views = criteria.map { criterion in
            let m = measure(criterion)
            return GoalView.CriterionView(measure: Coded(criterion.measure, name: words.name(criterion.measure)), target: criterion.target,
                                          sentence: GoalRules.sentence(criterion, m, words: words),
                                          met: GoalRules.isMet(criterion, m), figure: m.figure, base: m.base, items: m.items, hasItems: !m.items.isEmpty,
                                          missing: m.missing, hasMissing: !m.missing.isEmpty)
        }
        let verdict = criteria.isEmpty ? (goal.statedVerdict ?? .notReached) : GoalRules.verdict(views.map(\.met))
        return GoalView(id: try goal.requireID(), number: goal.position, title: goal.title, isMeasured: !criteria.isEmpty, criteria: views,
                        verdict: Coded(verdict), evidence: goal.evidence, hasEvidence: !goal.evidence.isEmpty)
    }
}

extension ProgrammeDesk {
    func goals(of period: ReportingPeriod) async throws -> [AnnualGoal] {
        try await AnnualGoal.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$periodKind == period.kind)
            .filter(\.$periodStart == period.startYear).sort(\.$position).all()
    }

    /// The goals of a period with what Lotse measured, and the overall verdict.
    func evaluatedGoals(_ period: ReportingPeriod, facts loaded: PeriodFacts? = nil) async throws -> (goals: [GoalView], overall: GoalVerdict) {
        let facts = if let loaded { loaded } else { try await PeriodFacts.load(self, period) }
        let views = try await goals(of: period).map(facts.view)
        return (views, GoalRules.overall(try views.map { try GoalVerdict.stored($0.verdict.code) }))
    }
}
