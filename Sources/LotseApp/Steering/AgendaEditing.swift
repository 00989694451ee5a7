import Fluent
import Foundation
import LotseCore
import Vapor

/// An agenda is worked on until the meeting (issue 18, part 4): items are edited (title and the
/// proposed resolution of their decision paper), moved up or down and removed. Once the meeting
/// has been held its agenda is the record of what was discussed and stays as it was.
extension SteeringDesk {
    /// The item and its meeting, in this district; refused (409) after the meeting.
    func changeableAgendaItem(_ id: UUID) async throws -> (AgendaItem, Meeting) {
        guard let item = try await AgendaItem.find(id, on: db), let meeting = try? await meeting(item.meetingID) else { throw PublicError.notFound }
        guard meeting.heldOn >= today else {
            throw PublicError(status: .conflict, reason: "Die Sitzung vom \(GermanFormat.germanDay(meeting.heldOn)) hat stattgefunden; ihre Tagesordnung bleibt, wie sie war.")
        }
        return (item, meeting)
    }

    func editAgendaItem(_ id: UUID, title: String, proposedResolution: String) async throws {
        let (item, meeting) = try await changeableAgendaItem(id)
        var failure = ValidationFailure()
        Check.name(title, field: "title", label: "den Tagesordnungspunkt", into: &failure)
        Check.text(proposedResolution, field: "proposedResolution", label: "den Beschlussvorschlag", max: 4000, required: false, into: &failure)
        if let topicID = item.topicID {
            // The paper goes to a body: it names nobody behind the topic.
            try await people.refuse([("title", title), ("proposedResolution", proposedResolution)], naming: try await people.behind(topic: topicID),
                                    object: ("topic", topicID), into: &failure)
        }
        try failure.throwIfAny()
        item.title = title
        item.proposedResolution = proposedResolution.isEmpty ? nil : proposedResolution
        try await db.transaction { db in
            try await item.save(on: db)
            try await record(.agendaItemChanged, "meeting", meeting.id, on: db)
        }
    }

    /// One place up or down; the other item takes this one's place.
    func moveAgendaItem(_ id: UUID, up: Bool) async throws {
        let (item, meeting) = try await changeableAgendaItem(id)
        let items = try await AgendaItem.query(on: db).filter(\.$meetingID == item.meetingID).sort(\.$position).all()
        guard let index = items.firstIndex(where: { $0.id == item.id }) else { throw PublicError.notFound }
        let other = up ? index - 1 : index + 1
        guard items.indices.contains(other) else { return }
        var ordered = items
        ordered.swapAt(index, other)
        try await renumber(ordered, meeting: meeting)
    }

    func removeAgendaItem(_ id: UUID) async throws {
        let (item, meeting) = try await changeableAgendaItem(id)
        let rest = try await AgendaItem.query(on: db).filter(\.$meetingID == item.meetingID).sort(\.$position).all().filter { $0.id != item.id }
        try await db.transaction { db in
            try await item.delete(on: db)
            for (offset, other) in rest.enumerated() where other.position != offset + 1 {
                other.position = offset + 1
                try await other.save(on: db)
            }
            try await record(.agendaItemChanged, "meeting", meeting.id, on: db)
        }
    }

    private func renumber(_ items: [AgendaItem], meeting: Meeting) async throws {
        try await db.transaction { db in
            for (offset, item) in items.enumerated() where item.position != offset + 1 {
                item.position = offset + 1
                try await item.save(on: db)
            }
            try await record(.agendaItemChanged, "meeting", meeting.id, on: db)
        }
    }
}
