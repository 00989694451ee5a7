import Fluent
import Foundation
import LotseCore

extension Decision {
    /// The day the decision was taken: its own for one by circulation, else its meeting's.
    func day(meetingDay: String) -> String { decidedOn ?? meetingDay }
}

extension ProgrammeDesk {
    /// The decisions taken in a period (up to today), by the day they were taken (issue 19, part 4),
    /// with their meeting, in the order of their days.
    func decisionsTaken(in period: ReportingPeriod) async throws -> [(decision: Decision, day: String, meeting: Meeting)] {
        let meetings = Dictionary(uniqueKeysWithValues: try await Meeting.query(on: db).filter(\.$districtID == scope.districtID).all()
            .compactMap { m in m.id.map { ($0, m) } })
        let lastDay = min(period.end, today)
        return try await Decision.query(on: db).filter(\.$districtID == scope.districtID).all().compactMap { decision in
            guard let meeting = meetings[decision.meetingID] else { return nil }
            let day = decision.day(meetingDay: meeting.heldOn)
            return day >= period.start && day <= lastDay ? (decision, day, meeting) : nil
        }.sorted { $0.day < $1.day }
    }
}
