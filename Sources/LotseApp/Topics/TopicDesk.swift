import Fluent
import Foundation
import LotseCore
import Vapor

/// The coordination's side of findings: the inbox of the district, topics, their evidence and
/// their way up the escalation ladder. Nothing here is personal; cases appear by number only.
struct TopicDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID
    /// Whom a text from here must not name (`PersonMention`).
    let people: KnownPeople

    var today: String { GermanFormat.isoDay(now) }

    struct FindingRow: Encodable, Sendable {
        let id: UUID
        let reportedOn: String
        let municipality: String
        let caseNumber: String
        let category: Coded
        let lifeDomain: Coded
        let legalDomains: [Coded]
        let level: Coded
        let description: String
        let topicId: UUID?
        let topicTitle: String?
    }

    struct FindingFilter: Sendable {
        var lifeDomain: LifeDomain?
        var municipalityID: UUID?
        var unassignedOnly = false
        var topicID: UUID?
    }

    func findings(_ filter: FindingFilter) async throws -> [FindingRow] {
        var query = Finding.query(on: db).filter(\.$districtID == scope.districtID)
        if let domain = filter.lifeDomain { query = query.filter(\.$lifeDomain == domain) }
        if let town = filter.municipalityID { query = query.filter(\.$municipalityID == town) }
        let found = try await query.sort(\.$reportedOn, .descending).all()
        let assignments = try await FindingAssignment.query(on: db).filter(\.$districtID == scope.districtID).all()
        let topicOf = Dictionary(uniqueKeysWithValues: assignments.map { ($0.findingID, $0.topicID) })
        let titles = Dictionary(uniqueKeysWithValues: try await Topic.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { topic in topic.id.map { ($0, topic.title) } })
        let caseIDs = Array(Set(found.map(\.caseFileID)))
        let numbers = caseIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await CaseFile.query(on: db).filter(\.$id ~~ caseIDs).all()
            .compactMap { file in file.id.map { ($0, file.number) } })
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        return try found.compactMap { finding in
            let id = try finding.requireID()
            let topic = topicOf[id]
            if filter.unassignedOnly && topic != nil { return nil }
            if let wanted = filter.topicID, topic != wanted { return nil }
            return FindingRow(
                id: id, reportedOn: finding.reportedOn, municipality: towns[finding.municipalityID] ?? "", caseNumber: numbers[finding.caseFileID] ?? "",
                category: Coded(finding.category),
                lifeDomain: Coded(finding.lifeDomain), legalDomains: finding.legalDomains.map(Coded.init),
                level: Coded(finding.level), description: finding.details,
                topicId: topic, topicTitle: topic.flatMap { titles[$0] })
        }
    }

    func topic(_ id: UUID) async throws -> Topic {
        guard let topic = try await Topic.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return topic
    }

    struct TopicInput: Sendable {
        var title = ""
        var statement = ""
        var priority: Priority?
        var responsibleID: UUID?
        var confirmedNoPersonalData = false
        /// The day the topic was raised (issue 19, part 4): empty on creating is today; nil on
        /// changing (API) keeps it.
        var raisedOn: String? = nil
    }

    /// The district's topics still open (not solved, closed or forwarded), by title: what a finding
    /// can be assigned to or a topic merged into.
    func openTopics() async throws -> [(id: UUID, title: String)] {
        try await Topic.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$title).all()
            .filter { !$0.status.isFinal }.map { (try $0.requireID(), $0.title) }
    }

    /// The coordinators of the district: who may be responsible for a topic.
    func coordinators() async throws -> [(id: UUID, label: String)] {
        try await StaffDirectory.holders(of: .coordinator, districtID: scope.districtID, activeOnly: true, on: db)
            .compactMap { user in user.id.map { ($0, user.displayName) } }
    }

    /// Checks a topic and the findings it is to take in (for a changed topic also those it holds);
    /// answers the priority the checks vouch for.
    func check(_ input: TopicInput, findingIDs: [UUID], topicID: UUID? = nil) async throws -> (priority: Priority, raisedOn: String?) {
        var failure = ValidationFailure()
        // Ids from a body are resolved through the district, like ids in the path (issue 13); only
        // those found are looked behind, so a refusal never tells anything about another district.
        var ownFindings: [UUID] = []
        if !findingIDs.isEmpty {
            ownFindings = try await Finding.query(on: db).filter(\.$id ~~ findingIDs).filter(\.$districtID == scope.districtID).all().compactMap(\.id)
            if ownFindings.count != Set(findingIDs).count { failure.add("findingIds", "Bitte wählen Sie nur Erkenntnisse dieses Kreises.") }
        }
        Check.name(input.title, field: "title", label: "den Titel", into: &failure)
        Check.text(input.statement, field: "statement", label: "die Problembeschreibung", max: 8000, into: &failure)
        Check.choice(input.priority, field: "priority", label: "die Priorität", into: &failure)
        if let responsible = input.responsibleID, !(try await coordinators()).contains(where: { $0.id == responsible }) {
            failure.add("responsibleId", "Bitte wählen Sie eine Person der Koordinierenden Stelle.")
        }
        var known = try await people.behind(findings: ownFindings)
        if let topicID { known += try await people.behind(topic: topicID) }
        let named = try await people.refuse([("title", input.title), ("statement", input.statement)], naming: known,
                                            object: ("topic", topicID), into: &failure)
        let warnings = named ? [] : PersonalDataWarning.check(input.title + " " + input.statement)
        if !warnings.isEmpty && !input.confirmedNoPersonalData {
            failure.add("statement", warnings.map(\.message).joined(separator: " ")
                        + " Themen dürfen keine personenbezogenen Daten enthalten. Bitte prüfen Sie den Text und bestätigen Sie die Prüfung.")
        }
        let raisedOn = input.raisedOn.map { Check.dayOfWork($0, field: "raisedOn", label: "der Tag, an dem das Thema aufkam", today: today, into: &failure) }
        let priority = try failure.checked(input.priority)
        return (priority, raisedOn ?? nil)
    }

    func createTopic(_ input: TopicInput, findingIDs: [UUID] = []) async throws -> Topic {
        let (priority, raisedOn) = try await check(input, findingIDs: findingIDs)
        let topicID = UUID()
        let topic = Topic()
        topic.id = topicID
        topic.districtID = scope.districtID
        topic.title = input.title
        topic.statement = input.statement
        topic.priority = priority
        topic.responsibleID = input.responsibleID
        topic.status = TopicStatus.reported
        topic.raisedOn = raisedOn ?? today
        let event = TopicEvent()
        event.topicID = topicID
        event.status = TopicStatus.reported
        event.reason = "Thema angelegt"
        event.movedBy = actorID
        event.movedAt = now
        event.happenedOn = topic.raisedOn
        try await db.transaction { db in
            try await topic.create(on: db)
            try await event.create(on: db)
            try await audit.record(.topicCreated, object: ("topic", topic.id), on: db)
            for finding in findingIDs { try await place(finding, in: topicID, on: db) }
        }
        return topic
    }

    /// Changes a topic; `findingIDs` (from the API) are taken in as well.
    func updateTopic(_ input: TopicInput, id: UUID, findingIDs: [UUID] = []) async throws {
        let topic = try await topic(id)
        if topic.status.isFinal && !findingIDs.isEmpty {
            var failure = ValidationFailure()
            failure.add("findingIds", "Das Thema „\(topic.title)“ ist abgeschlossen und nimmt keine Erkenntnisse mehr auf.")
            throw failure
        }
        let (priority, raisedOn) = try await check(input, findingIDs: findingIDs, topicID: id)
        var raising: TopicEvent?
        if let raisedOn {
            // The first step of the ladder is the raising: it moves with it, and no later step may come before it.
            let events = try await TopicEvent.query(on: db).filter(\.$topicID == id).sort(\.$movedAt).all()
            if let later = events.dropFirst().map(\.day).min(), later < raisedOn {
                var failure = ValidationFailure()
                failure.add("raisedOn", "Das Thema hat schon am \(GermanFormat.germanDay(later)) einen weiteren Schritt genommen; es kann nicht später aufgekommen sein.")
                throw failure
            }
            topic.raisedOn = raisedOn
            if let first = events.first, first.status == .reported {
                first.happenedOn = raisedOn
                raising = first
            }
        }
        topic.title = input.title
        topic.statement = input.statement
        topic.priority = priority
        topic.responsibleID = input.responsibleID
        let changedRaising = raising
        try await db.transaction { db in
            try await topic.save(on: db)
            try await changedRaising?.save(on: db)
            try await audit.record(.topicUpdated, object: ("topic", topic.id), on: db)
            for finding in findingIDs { try await place(finding, in: id, on: db) }
        }
    }

    /// Puts a finding into a topic (or takes it out with nil): clustering, moving and splitting.
    func assign(_ findingID: UUID, to topicID: UUID?) async throws {
        try await assign([findingID], to: topicID)
    }

    /// Several findings into one topic (or out of theirs) in one step, all or none (issue 18, part 4).
    /// A finding already in a closed or forwarded topic may stay there; none is added to one.
    func assign(_ findingIDs: [UUID], to topicID: UUID?) async throws {
        let ids = Array(Set(findingIDs))
        var failure = ValidationFailure()
        guard !ids.isEmpty else {
            failure.add("findingIds", "Bitte wählen Sie mindestens eine Erkenntnis.")
            throw failure
        }
        let found = try await Finding.query(on: db).filter(\.$id ~~ ids).filter(\.$districtID == scope.districtID).all()
        guard found.count == ids.count else { throw PublicError.notFound }
        var moving = ids
        if let topicID {
            let target = try await topic(topicID)
            let already = Set(try await FindingAssignment.query(on: db).filter(\.$topicID == topicID).all().map(\.findingID))
            moving = ids.filter { !already.contains($0) }
            if target.status.isFinal && !moving.isEmpty {
                failure.add("topicId", "Das Thema „\(target.title)“ ist \(target.status.germanName) und nimmt keine Erkenntnisse mehr auf.")
            }
            // The topic's text must not name anyone behind the findings it takes in.
            try await people.refuse([("topicId", target.title + " " + target.statement)], naming: try await people.behind(findings: moving),
                                    object: ("topic", topicID), into: &failure,
                                    message: "Titel oder Beschreibung des Themas „\(target.title)“ nennen eine Person aus dem Fall einer gewählten Erkenntnis. "
                                        + "Bitte ändern Sie zuerst das Thema oder wählen Sie ein anderes.")
            try failure.throwIfAny()
        }
        let placed = moving
        try await db.transaction { db in
            for id in placed { try await place(id, in: topicID, on: db) }
        }
    }

    /// A finding belongs to at most one topic: moves it (or takes it out with nil), audited.
    private func place(_ findingID: UUID, in topicID: UUID?, on db: any Database) async throws {
        try await FindingAssignment.query(on: db).filter(\.$findingID == findingID).delete()
        if let topicID {
            let assignment = FindingAssignment()
            assignment.districtID = scope.districtID
            assignment.findingID = findingID
            assignment.topicID = topicID
            try await assignment.create(on: db)
        }
        try await audit.record(.findingAssigned, object: ("finding", findingID), on: db)
    }

    /// One rung on the ladder, with a reason.
    func move(_ id: UUID, to target: TopicStatus?, reason: String, on day: String = "") async throws {
        let topic = try await topic(id)
        var failure = ValidationFailure()
        let previous = try await TopicEvent.query(on: db).filter(\.$topicID == id).all().map(\.day).max()
        let happenedOn = Check.dayOfWork(day, field: "happenedOn", label: "der Tag des Schritts", today: today, earliest: previous,
                                         after: "dem vorigen Schritt", into: &failure)
        let current = topic.status
        if let target {
            if !TopicLadder.mayMove(from: current, to: target) {
                failure.add("status", "Ein Thema kann nicht von „\(current.germanName)“ nach „\(target.germanName)“ wechseln.")
            }
        } else {
            failure.add("status", "Bitte wählen Sie den nächsten Schritt.")
        }
        Check.text(reason, field: "reason", label: "die Begründung", max: 2000, into: &failure)
        let (validTarget, validDay) = try failure.checked(target, happenedOn)
        topic.status = validTarget
        let event = TopicEvent()
        event.topicID = id
        event.status = validTarget
        event.reason = reason
        event.movedBy = actorID
        event.movedAt = now
        event.happenedOn = validDay
        try await db.transaction { db in
            try await topic.save(on: db)
            try await event.create(on: db)
            try await audit.record(.topicMoved, object: ("topic", id), on: db)
        }
    }

    /// Merging: every finding moves to the other topic, and this one closes, saying where they went.
    func merge(_ id: UUID, into targetID: UUID?) async throws {
        let topic = try await topic(id)
        var failure = ValidationFailure()
        guard let targetID, targetID != id else {
            failure.add("targetId", "Bitte wählen Sie ein anderes Thema.")
            throw failure
        }
        let target = try await self.topic(targetID)
        if target.status.isFinal || topic.status.isFinal {
            failure.add("targetId", "Abgeschlossene Themen lassen sich nicht zusammenführen.")
            throw failure
        }
        let moving = try await FindingAssignment.query(on: db).filter(\.$topicID == id).all()
        let event = TopicEvent()
        event.topicID = id
        event.status = TopicStatus.closedWithoutSolution
        event.reason = "Zusammengeführt mit „\(target.title)“"
        event.movedBy = actorID
        event.movedAt = now
        topic.status = TopicStatus.closedWithoutSolution
        try await db.transaction { db in
            for assignment in moving {
                assignment.topicID = targetID
                try await assignment.save(on: db)
            }
            try await topic.save(on: db)
            try await event.create(on: db)
            try await audit.record(.topicsMerged, object: ("topic", id), on: db)
        }
    }
}

extension Request {
    func topicDesk() throws -> TopicDesk {
        let authorized = try authorize(.manageTopics)
        return TopicDesk(scope: authorized.scope, db: db, audit: audit, now: now, actorID: authorized.user.id ?? UUID(), people: try knownPeople())
    }
}

extension TopicDesk {
    /// The state of every topic of the district: the inbox names a finding's topic whatever its state.
    func topicStatuses() async throws -> [UUID: TopicStatus] {
        Dictionary(uniqueKeysWithValues: try await Topic.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { topic in topic.id.map { ($0, topic.status) } })
    }

    /// A new topic's form filled from findings (issue 18, part 4): a title from the first one's kind
    /// and life domain, their descriptions as the statement, and the findings to take in. Findings
    /// carry no personal data; the topic's checks run again when it is saved.
    func topicDraft(from findingIDs: [UUID]) async throws -> FormFields {
        let findings = try await Finding.query(on: db).filter(\.$id ~~ findingIDs).filter(\.$districtID == scope.districtID)
            .sort(\.$reportedOn).all()
        var values: [String: [String]] = ["priority": [Priority.medium.rawValue], "responsibleId": [actorID.uuidString],
                                          "findingId": findings.compactMap { $0.id?.uuidString }]
        if let first = findings.first {
            values["title"] = ["\(first.category.germanName): \(first.lifeDomain.germanName)"]
            values["statement"] = [findings.map(\.details).joined(separator: "\n\n")]
        }
        return FormFields(values: values)
    }
}
