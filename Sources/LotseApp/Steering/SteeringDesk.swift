import Fluent
import Foundation
import LotseCore
import Vapor

/// Bodies, their members and meetings, agendas, minutes and decisions. Nothing personal about
/// clients; members are officials named in their function.
struct SteeringDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID
    /// Whom a text from here must not name (`PersonMention`).
    let people: KnownPeople
    /// For the counts from case work it publishes (`FigurePublisher`); nil where it publishes none.
    var recordKeys: RecordKeys? = nil

    func figurePublisher() async throws -> FigurePublisher {
        try await FigurePublisher.load(district: scope.districtID, keys: recordKeys, on: db)
    }

    var today: String { GermanFormat.isoDay(now) }

    func record(_ action: AuditAction, _ type: String, _ id: UUID?, on database: any Database) async throws {
        try await audit.record(action, object: (type, id), on: database)
    }

    func body(_ id: UUID) async throws -> Body {
        guard let body = try await Body.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else { throw PublicError.notFound }
        return body
    }

    func meeting(_ id: UUID) async throws -> Meeting {
        guard let meeting = try await Meeting.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else { throw PublicError.notFound }
        return meeting
    }

    func decision(_ id: UUID) async throws -> Decision {
        guard let decision = try await Decision.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else { throw PublicError.notFound }
        return decision
    }

    // MARK: Bodies and members

    struct BodyInput: Sendable {
        var name = ""
        var kind: BodyKind?
        var municipalityID: UUID?
        var mandate = ""
        /// The age groups it serves (`AgeBands.Band.code`); none: all ages.
        var ageBands: [String] = []
    }

    /// The age groups of a body, named in the district's bands; a code the bands no longer have
    /// shows as it was stored rather than vanishing.
    func ageBandViews(_ codes: [String]?) async throws -> [Coded] {
        guard let codes, !codes.isEmpty else { return [] }
        let bands = try await DistrictSetting.ageBands(of: scope.districtID, on: db)
        return codes.map { Coded(code: $0, name: bands.band(code: $0)?.label ?? $0) }
    }

    func createBody(_ input: BodyInput, decisionID: UUID? = nil, on database: (any Database)? = nil) async throws -> Body {
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "den Namen des Gremiums", into: &failure)
        Check.choice(input.kind, field: "kind", label: "die Art des Gremiums", into: &failure)
        Check.text(input.mandate, field: "mandate", label: "den Auftrag", max: 4000, required: input.kind == .workingGroup, into: &failure)
        if let town = input.municipalityID,
           try await Municipality.query(on: database ?? db).filter(\.$id == town).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add("municipalityId", "Bitte wählen Sie eine Kommune dieses Kreises.")
        }
        let bands = try await DistrictSetting.ageBands(of: scope.districtID, on: database ?? db)
        if input.ageBands.contains(where: { bands.band(code: $0) == nil }) {
            failure.add("ageBands", "Bitte wählen Sie Altersgruppen des Kreises: \(bands.bands.map(\.label).joined(separator: "; ")).")
        }
        let validKind = try failure.checked(input.kind)
        let body = Body()
        body.districtID = scope.districtID
        body.name = input.name
        body.kind = validKind
        body.municipalityID = input.municipalityID
        body.mandate = input.mandate
        body.decisionID = decisionID
        body.isActive = true
        // In the bands' own order, each once.
        body.ageBands = input.ageBands.isEmpty ? nil : bands.bands.map(\.code).filter(input.ageBands.contains)
        if let database {
            try await body.create(on: database)
            try await record(.bodyCreated, "body", body.id, on: database)
        } else {
            try await db.transaction { db in
                try await body.create(on: db)
                try await record(.bodyCreated, "body", body.id, on: db)
            }
        }
        return body
    }

    struct MemberInput: Sendable {
        var name = ""
        var organisation = ""
        var function = ""
        /// An account of the office role, for a member who reads the body's papers in Lotse.
        var userID: UUID?
    }

    func addMember(_ input: MemberInput, bodyID: UUID) async throws {
        let body = try await body(bodyID)
        var failure = ValidationFailure()
        Check.name(input.name, field: "name", label: "den Namen", into: &failure)
        Check.name(input.organisation, field: "organisation", label: "die Organisation", into: &failure)
        if input.function.count > 120 { failure.add("function", "Die Funktion darf höchstens 120 Zeichen lang sein.") }
        if let userID = input.userID, try await !Self.accountChoices(districtID: scope.districtID, on: db).contains(where: { $0.id == userID }) {
            failure.add("userId", "Bitte wählen Sie ein Konto der Ausländer- und Einbürgerungsbehörden aus der Liste.")
        }
        try failure.throwIfAny()
        let member = BodyMember()
        member.userID = input.userID
        member.bodyID = try body.requireID()
        member.name = input.name
        member.organisation = input.organisation
        member.function = input.function
        try await db.transaction { db in
            try await member.create(on: db)
            try await record(.memberAdded, "body", body.id, on: db)
        }
    }

    /// The accounts a member can have: the district's office staff (issue 16, part 8). Other roles
    /// that take part read steering as a whole or not at all.
    static func accountChoices(districtID: UUID, on db: any Database) async throws -> [(id: UUID, label: String)] {
        try await StaffDirectory.holders(of: .immigrationOffice, districtID: districtID, activeOnly: true, on: db)
            .compactMap { user in user.id.map { ($0, user.displayName) } }
    }

    // MARK: Meetings

    func createMeeting(bodyID: UUID, heldOn: String, place: String, startsAt: String = "") async throws -> Meeting {
        let body = try await body(bodyID)
        var failure = ValidationFailure()
        let day = Check.day(heldOn, field: "heldOn", label: "das Datum der Sitzung", into: &failure)
        Check.name(place, field: "place", label: "den Ort", into: &failure)
        let time = startsAt.isEmpty ? nil : MeetingTime.normalised(startsAt)
        if !startsAt.isEmpty && time == nil { failure.add("startsAt", "Bitte geben Sie die Uhrzeit als Stunden und Minuten an, z. B. 14:00.") }
        let validDay = try failure.checked(day)
        let members = try await BodyMember.query(on: db).filter(\.$bodyID == body.requireID()).all()
        let meeting = Meeting()
        meeting.districtID = scope.districtID
        meeting.bodyID = try body.requireID()
        meeting.heldOn = validDay
        meeting.place = place
        meeting.invitedMemberIDs = members.compactMap(\.id)
        meeting.presentMemberIDs = []
        meeting.minutes = ""
        meeting.startsAt = time
        try await db.transaction { db in
            try await meeting.create(on: db)
            try await record(.meetingCreated, "meeting", meeting.id, on: db)
        }
        return meeting
    }

    struct AgendaInput: Sendable {
        var title = ""
        var topicID: UUID?
        var sourceBodyID: UUID?
        var proposedResolution = ""
    }

    func addAgendaItem(_ input: AgendaInput, meetingID: UUID) async throws {
        let meeting = try await meeting(meetingID)
        var failure = ValidationFailure()
        var title = input.title
        if let topicID = input.topicID {
            if let topic = try await Topic.query(on: db).filter(\.$id == topicID).filter(\.$districtID == scope.districtID).first() {
                if title.isEmpty { title = topic.title }
            } else {
                failure.add("topicId", "Bitte wählen Sie ein Thema dieses Kreises.")
            }
        }
        if let source = input.sourceBodyID, try await Body.query(on: db).filter(\.$id == source).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add("sourceBodyId", "Bitte wählen Sie ein Gremium dieses Kreises.")
        }
        Check.name(title, field: "title", label: "den Tagesordnungspunkt", into: &failure)
        Check.text(input.proposedResolution, field: "proposedResolution", label: "den Beschlussvorschlag", max: 4000, required: false, into: &failure)
        try failure.throwIfAny()
        let position = try await AgendaItem.query(on: db).filter(\.$meetingID == meetingID).count() + 1
        let item = AgendaItem()
        item.meetingID = try meeting.requireID()
        item.position = position
        item.title = title
        item.topicID = input.topicID
        item.sourceBodyID = input.sourceBodyID
        item.proposedResolution = input.proposedResolution.isEmpty ? nil : input.proposedResolution
        try await db.transaction { db in
            try await item.create(on: db)
            try await record(.agendaItemAdded, "meeting", meeting.id, on: db)
        }
    }

    func recordMinutes(_ minutes: String, present: [UUID], meetingID: UUID) async throws {
        let meeting = try await meeting(meetingID)
        var failure = ValidationFailure()
        Check.text(minutes, field: "minutes", label: "das Protokoll", max: 20_000, into: &failure)
        if !Set(present).isSubset(of: Set(meeting.invitedMemberIDs)) { failure.add("present", "Anwesend sein können nur eingeladene Mitglieder.") }
        try failure.throwIfAny()
        meeting.minutes = minutes
        meeting.presentMemberIDs = present
        try await db.transaction { db in
            try await meeting.save(on: db)
            try await record(.minutesRecorded, "meeting", meeting.id, on: db)
        }
    }

    // MARK: Decisions

    struct DecisionInput: Sendable {
        var text = ""
        var kind: DecisionKind?
        var owner = ""
        var dueOn = ""
        var topicID: UUID?
        /// For "set up a working group": its name (when empty, one is made from the topic or the decision).
        var workingGroupName = ""
        /// Taken by circulation: allowed before the meeting it is filed under has been held.
        var byCirculation = false
        /// The day a decision by circulation was taken (issue 19, part 4); empty: today. A decision
        /// taken in its meeting has the meeting's day.
        var decidedOn = ""
    }

    /// A decision; "set up a working group" creates the working group with the decision as mandate.
    func decide(_ input: DecisionInput, meetingID: UUID) async throws -> Decision {
        let meeting = try await meeting(meetingID)
        var failure = ValidationFailure()
        Check.text(input.text, field: "text", label: "den Beschluss", max: 4000, into: &failure)
        Check.choice(input.kind, field: "kind", label: "die Art des Beschlusses", into: &failure)
        Check.name(input.owner, field: "owner", label: "wer verantwortlich ist", into: &failure)
        let due = Check.day(input.dueOn, field: "dueOn", label: "bis wann", required: input.kind != .closeTopic && input.kind != .forwardToState, into: &failure)
        if let topicID = input.topicID, try await Topic.query(on: db).filter(\.$id == topicID).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add("topicId", "Bitte wählen Sie ein Thema dieses Kreises.")
        } else if let topicID = input.topicID {
            // A decision on a topic goes out with its decision paper: it names nobody behind the topic.
            try await people.refuse([("text", input.text)], naming: try await people.behind(topic: topicID), object: ("topic", topicID), into: &failure)
        }
        // A decision is taken in a meeting that has been held, or by circulation (issue 18, part 4).
        if meeting.heldOn > today && !input.byCirculation {
            failure.add("byCirculation", "Die Sitzung findet erst am \(GermanFormat.germanDay(meeting.heldOn)) statt. Beschlüsse lassen sich erfassen, "
                        + "sobald sie stattgefunden hat, oder vorher als Beschluss im Umlaufverfahren.")
        }
        let decidedOn = input.byCirculation
            ? Check.dayOfWork(input.decidedOn, field: "decidedOn", label: "der Tag des Umlaufbeschlusses", today: today, into: &failure) : nil
        if input.workingGroupName.count > 120 { failure.add("workingGroupName", "Der Name der Arbeitsgruppe darf höchstens 120 Zeichen lang sein.") }
        let validKind = try failure.checked(input.kind)
        let decision = Decision()
        decision.id = UUID()
        decision.districtID = scope.districtID
        decision.meetingID = try meeting.requireID()
        decision.topicID = input.topicID
        decision.text = input.text
        decision.kind = validKind
        decision.owner = input.owner
        decision.dueOn = due ?? ""
        decision.status = DecisionStatus.open
        decision.byCirculation = input.byCirculation ? true : nil
        decision.decidedOn = decidedOn
        let topicTitle = try await input.topicID.asyncMap { try await Topic.find($0, on: db)?.title } ?? nil
        let groupName = input.workingGroupName.isEmpty ? "Arbeitsgruppe " + (topicTitle ?? String(input.text.prefix(80))) : input.workingGroupName
        let group = input.kind == .setUpWorkingGroup ? BodyInput(name: String(groupName.prefix(120)), kind: .workingGroup, mandate: input.text) : nil
        try await db.transaction { db in
            try await decision.create(on: db)
            try await record(.decisionTaken, "decision", decision.id, on: db)
            if let group { _ = try await createBody(group, decisionID: decision.id, on: db) }
        }
        return decision
    }

    func setStatus(_ status: DecisionStatus?, decisionID: UUID) async throws {
        let decision = try await decision(decisionID)
        var failure = ValidationFailure()
        Check.choice(status, field: "status", label: "den Stand", into: &failure)
        let validStatus = try failure.checked(status)
        decision.status = validStatus
        try await db.transaction { db in
            try await decision.save(on: db)
            try await record(.decisionUpdated, "decision", decision.id, on: db)
        }
    }
}

extension Request {
    func steeringDesk(_ action: Action) throws -> SteeringDesk {
        let authorized = try authorize(action)
        return SteeringDesk(scope: authorized.scope, db: db, audit: audit, now: now, actorID: authorized.user.id ?? UUID(), people: try knownPeople(),
                            recordKeys: lotse.recordKeys)
    }
}

extension FormFields {
    /// A member of a body, from the browser or the API.
    var memberInput: SteeringDesk.MemberInput {
        .init(name: text("name"), organisation: text("organisation"), function: text("function"), userID: uuid("userId"))
    }
}
