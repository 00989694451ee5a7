import Fluent
import Foundation
import LotseCore
import Vapor

struct BodyRow: Encodable, Sendable {
    let id: UUID
    let name: String
    let kind: Coded
    let municipality: String?
    let members: Int
    let nextMeeting: String?
    /// The age groups it serves (issue 19, part 5); empty: all ages.
    let ageBands: [Coded]
}

struct BodyDetail: Encodable, Sendable {
    struct Member: Encodable, Sendable {
        let id: UUID
        let name: String
        let organisation: String
        let function: String
    }

    struct MeetingDate: Encodable, Sendable {
        let id: UUID
        let heldOn: String
        let place: String
    }

    let id: UUID
    let name: String
    let kind: Coded
    let municipality: String?
    let mandate: String
    let origin: String?
    let ageBands: [Coded]
    let members: [Member]
    let meetings: [MeetingDate]
}

struct DecisionRow: Encodable, Sendable {
    let id: UUID
    let meetingId: UUID
    let body: String
    let decidedOn: String
    let text: String
    let kind: Coded
    let owner: String
    let dueOn: String
    let status: Coded
    let isOverdue: Bool
    let topicId: UUID?
    let topic: String?
    /// Taken by circulation, not in the meeting it is filed under.
    let byCirculation: Bool
}

struct MeetingDetail: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let id: UUID
        let position: Int
        let title: String
        let topicId: UUID?
        let fromBody: String?
        let proposedResolution: String
    }

    struct Attendee: Encodable, Sendable {
        let id: UUID
        let name: String
        let organisation: String
        let function: String
        let present: Bool
    }

    let id: UUID
    let bodyId: UUID
    let body: String
    let bodyKind: Coded
    let heldOn: String
    /// "14:00", or empty where only the day is known.
    let startsAt: String
    let place: String
    let isUpcoming: Bool
    let members: [Attendee]
    let agenda: [Item]
    let decisions: [DecisionRow]
    let minutes: String
}

extension SteeringDesk {
    func bodies() async throws -> [BodyRow] {
        let bodies = try await Body.query(on: db).filter(\.$districtID == scope.districtID).sort(\.$name).all()
        let members = try await BodyMember.query(on: db).all()
        let meetings = try await Meeting.query(on: db).filter(\.$districtID == scope.districtID).filter(\.$heldOn >= today).all()
        let towns = try await OrganisationService.municipalityNames(scope, on: db)
        let words = try await words()
        let bands = try await DistrictSetting.ageBands(of: scope.districtID, on: db)
        return try bodies.map { body in
            let id = try body.requireID()
            return BodyRow(id: id, name: body.name, kind: Coded(body.kind, name: words.name(body.kind)), municipality: body.municipalityID.flatMap { towns[$0] },
                           members: members.filter { $0.bodyID == id }.count, nextMeeting: meetings.filter { $0.bodyID == id }.map(\.heldOn).min(),
                           ageBands: (body.ageBands ?? []).map { Coded(code: $0, name: bands.band(code: $0)?.label ?? $0) })
        }
    }


    func detail(body id: UUID) async throws -> BodyDetail {
        let body = try await body(id)
        let members = try await BodyMember.query(on: db).filter(\.$bodyID == id).sort(\.$name).all()
        let meetings = try await Meeting.query(on: db).filter(\.$bodyID == id).sort(\.$heldOn, .descending).all()
        let origin = try await body.decisionID.asyncMap { try await Decision.find($0, on: db)?.text }
        return BodyDetail(
            id: id, name: body.name, kind: Coded(body.kind, name: try await words().name(body.kind)), municipality: try await body.municipalityID.asyncMap { try await Municipality.find($0, on: db)?.name } ?? nil,
            mandate: body.mandate, origin: origin ?? nil, ageBands: try await ageBandViews(body.ageBands),
            members: try members.map { .init(id: try $0.requireID(), name: $0.name, organisation: $0.organisation, function: $0.function) },
            meetings: try meetings.map { .init(id: try $0.requireID(), heldOn: $0.heldOn, place: $0.place) })
    }

    func decisions(openOnly: Bool = false, meetingID: UUID? = nil) async throws -> [DecisionRow] {
        var query = Decision.query(on: db).filter(\.$districtID == scope.districtID)
        if let meetingID { query = query.filter(\.$meetingID == meetingID) }
        let decisions = try await query.sort(\.$createdAt).all()
        let meetings = Dictionary(uniqueKeysWithValues: try await Meeting.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { meeting in meeting.id.map { ($0, meeting) } })
        let bodies = Dictionary(uniqueKeysWithValues: try await Body.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { body in body.id.map { ($0, body.name) } })
        let topics = Dictionary(uniqueKeysWithValues: try await Topic.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { topic in topic.id.map { ($0, topic.title) } })
        return try decisions.compactMap { decision in
            let status = decision.status
            if openOnly && !status.isOpen { return nil }
            let meeting = meetings[decision.meetingID]
            return DecisionRow(
                id: try decision.requireID(), meetingId: decision.meetingID, body: meeting.flatMap { bodies[$0.bodyID] } ?? "",
                decidedOn: meeting.map { decision.day(meetingDay: $0.heldOn) } ?? "", text: decision.text, kind: Coded(decision.kind), owner: decision.owner,
                dueOn: decision.dueOn, status: Coded(status), isOverdue: DecisionStatus.isOverdue(status, dueOn: decision.dueOn, today: today),
                topicId: decision.topicID, topic: decision.topicID.flatMap { topics[$0] }, byCirculation: decision.byCirculation ?? false)
        }
    }

    func detail(meeting id: UUID) async throws -> MeetingDetail {
        let meeting = try await meeting(id)
        let body = try await body(meeting.bodyID)
        let members = try await BodyMember.query(on: db).filter(\.$bodyID == meeting.bodyID).sort(\.$name).all()
            .filter { meeting.invitedMemberIDs.contains($0.id ?? UUID()) }
        let items = try await AgendaItem.query(on: db).filter(\.$meetingID == id).sort(\.$position).all()
        let bodies = Dictionary(uniqueKeysWithValues: try await Body.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { body in body.id.map { ($0, body.name) } })
        return MeetingDetail(
            id: id, bodyId: try body.requireID(), body: body.name, bodyKind: Coded(body.kind, name: try await words().name(body.kind)), heldOn: meeting.heldOn, startsAt: meeting.startsAt ?? "",
            place: meeting.place, isUpcoming: meeting.heldOn >= today,
            members: try members.map { .init(id: try $0.requireID(), name: $0.name, organisation: $0.organisation, function: $0.function,
                                             present: meeting.presentMemberIDs.contains($0.id ?? UUID())) },
            agenda: try items.map { .init(id: try $0.requireID(), position: $0.position, title: $0.title, topicId: $0.topicID,
                                          fromBody: $0.sourceBodyID.flatMap { bodies[$0] }, proposedResolution: $0.proposedResolution ?? "") },
            decisions: try await decisions(meetingID: id), minutes: meeting.minutes)
    }
}
