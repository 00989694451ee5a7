import Foundation

/// The steering pages' rows with their addresses (the rows themselves are the API's).
enum SteeringLinks {
    struct Decision: Encodable {
        let edit: SiteURL
        let meeting: SiteURL
    }

    struct AgendaItem: Encodable {
        let topicHref: SiteURL?
        let edit: SiteURL
        let move: SiteURL
        let isFirst: Bool
        let isLast: Bool
    }

    static func decisions(_ rows: [DecisionRow]) -> [Merged<DecisionRow, Decision>] {
        rows.map { Merged($0, Decision(edit: .decision(.value($0.id)), meeting: .meeting(.value($0.meetingId)))) }
    }

    /// The agenda; an item links to its topic only for those who may open topics (members of the
    /// steering group read the topic in the invitation's decision papers, not on the topic page).
    static func agenda(_ items: [MeetingDetail.Item], linkTopics: Bool) -> [Merged<MeetingDetail.Item, AgendaItem>] {
        items.enumerated().map { index, item in
            Merged(item, AgendaItem(topicHref: linkTopics ? item.topicId.map { .topic(.value($0)) } : nil, edit: .agendaItem(.value(item.id)),
                                    move: .agendaItemMove(.value(item.id)), isFirst: index == 0, isLast: index == items.count - 1))
        }
    }

    /// A meeting's pages: itself, its invitation and the forms of its course.
    struct Meeting: Encodable {
        let meeting, invitation, agenda, decisions, minutes: SiteURL

        init(_ id: UUID) {
            (meeting, invitation) = (.meeting(.value(id)), .meetingInvitation(.value(id)))
            (agenda, decisions, minutes) = (.meetingAgenda(.value(id)), .meetingDecisions(.value(id)), .meetingMinutes(.value(id)))
        }
    }
}
