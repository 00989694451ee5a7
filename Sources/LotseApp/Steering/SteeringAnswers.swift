import Foundation
import LotseAPI

/// What the steering API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension BodyRow: ContractAnswer {
    var contract: Components.Schemas.BodyRow {
        get throws {
            try .init(ageBands: ageBands.contract,
                      id: id.contract,
                      name: name,
                      kind: kind.contract,
                      municipality: municipality,
                      members: members,
                      nextMeeting: nextMeeting)
        }
    }
}

extension BodyDetail.Member: ContractAnswer {
    var contract: Components.Schemas.BodyDetail.MembersPayloadPayload {
        .init(id: id.contract,
              name: name,
              organisation: organisation,
              function: function)
    }
}

extension BodyDetail.MeetingDate: ContractAnswer {
    var contract: Components.Schemas.BodyDetail.MeetingsPayloadPayload {
        .init(id: id.contract,
              heldOn: heldOn,
              place: place)
    }
}

extension BodyDetail: ContractAnswer {
    var contract: Components.Schemas.BodyDetail {
        get throws {
            try .init(ageBands: ageBands.contract,
                      id: id.contract,
                      name: name,
                      kind: kind.contract,
                      municipality: municipality,
                      mandate: mandate,
                      origin: origin,
                      members: members.contract,
                      meetings: meetings.contract)
        }
    }
}

extension DecisionRow: ContractAnswer {
    var contract: Components.Schemas.DecisionRow {
        get throws {
            try .init(id: id.contract,
                      meetingId: meetingId.contract,
                      body: body,
                      decidedOn: decidedOn,
                      text: text,
                      kind: kind.contract,
                      owner: owner,
                      dueOn: dueOn,
                      status: status.contract,
                      isOverdue: isOverdue,
                      topicId: topicId.contract,
                      topic: topic,
                      byCirculation: byCirculation)
        }
    }
}

extension MeetingDetail.Attendee: ContractAnswer {
    var contract: Components.Schemas.MeetingDetail.MembersPayloadPayload {
        .init(id: id.contract,
              name: name,
              organisation: organisation,
              function: function,
              present: present)
    }
}

extension MeetingDetail.Item: ContractAnswer {
    var contract: Components.Schemas.MeetingDetail.AgendaPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      position: position,
                      title: title,
                      topicId: topicId.contract,
                      fromBody: fromBody,
                      proposedResolution: proposedResolution)
        }
    }
}

extension MeetingDetail: ContractAnswer {
    var contract: Components.Schemas.MeetingDetail {
        get throws {
            try .init(id: id.contract,
                      bodyId: bodyId.contract,
                      body: body,
                      bodyKind: bodyKind.contract,
                      heldOn: heldOn,
                      startsAt: startsAt,
                      place: place,
                      isUpcoming: isUpcoming,
                      members: members.contract,
                      agenda: agenda.contract,
                      decisions: decisions.contract,
                      minutes: minutes)
        }
    }
}

extension SteeringAPIController.UpcomingMeeting: ContractAnswer {
    var contract: Components.Schemas.SteeringOverview.UpcomingMeetingsPayloadPayload {
        .init(id: id.contract,
              bodyId: bodyId.contract,
              heldOn: heldOn,
              place: place)
    }
}

extension SteeringAPIController.Overview.StatusCount: ContractAnswer {
    var contract: Components.Schemas.SteeringOverview.TopicsByStatusPayloadPayload {
        .init(status: status.contract,
              count: count)
    }
}

extension SteeringAPIController.Overview: ContractAnswer {
    var contract: Components.Schemas.SteeringOverview {
        get throws {
            try .init(upcomingMeetings: upcomingMeetings.contract,
                      openDecisions: openDecisions.contract,
                      topicsByStatus: topicsByStatus.contract,
                      threshold: threshold,
                      figures: figures.contract,
                      baustein3: baustein3.contract)
        }
    }
}

extension SteeringBaustein3: ContractAnswer {
    var contract: Components.Schemas.SteeringBaustein3 {
        .init(from: from, to: to,
              backlog: backlog.map { .init(office: $0.office, procedure: $0.procedure, fromMonth: $0.fromMonth, toMonth: $0.toMonth, pendingFrom: $0.pendingFrom,
                                           pendingTo: $0.pendingTo, overSixFrom: $0.overSixFrom, overSixTo: $0.overSixTo) },
              campaign: campaign.map { .init(municipality: $0.municipality, events: $0.events, participants: $0.participants, followUps: $0.followUps) })
    }
}

extension FigureTable.Row: ContractAnswer {
    var contract: Components.Schemas.FigureTable.RowsPayloadPayload {
        .init(label: label,
              cells: cells,
              total: total)
    }
}

extension FigureTable.Bar: ContractAnswer {
    var contract: Components.Schemas.FigureTable.BarsPayloadPayload {
        .init(label: label,
              text: text,
              width: width,
              y: y,
              textY: textY,
              valueX: valueX)
    }
}

extension FigureTable: ContractAnswer {
    var contract: Components.Schemas.FigureTable {
        get throws {
            try .init(id: id,
                      caption: caption,
                      rowHeader: rowHeader,
                      columns: columns,
                      rows: rows.contract,
                      totals: totals,
                      total: total,
                      hasColumns: hasColumns,
                      bars: bars.contract,
                      chartHeight: chartHeight,
                      chartSummary: chartSummary)
        }
    }
}
