import Fluent
import Foundation
import LotseCore

/// Handovers from case management to the offices and how they ended (issue 16, part 7): counted
/// from case work, so they leave only through `FigurePublisher` (cell-key method, small numbers
/// "< threshold"), by procedure and outcome, the same records giving the same figure everywhere.
enum HandoverFigures {
    static let outcomes = ["offen", "erteilt", "abgelehnt", "zurückgenommen"]

    static func column(of status: HandoverStatus) -> Int {
        switch status {
        case .granted: 1
        case .refused: 2
        case .withdrawn: 3
        default: 0
        }
    }

    /// The handovers of the district (handed over from `from` to `to`, both days included, if given)
    /// by procedure and their outcome today.
    static func table(_ publisher: FigurePublisher, district: UUID, from: String? = nil, to: String? = nil, label: String,
                      on db: any Database) async throws -> PublishedTable {
        var tallies = try RecordTallies(db, table: OfficeHandover.schema).filtered("district_id", .equal, district)
        if let from { tallies = tallies.filtered("handed_over_on", .greaterThanOrEqual, from) }
        if let to { tallies = tallies.filtered("handed_over_on", .lessThanOrEqual, to) }
        let procedures = Procedure.allCases
        var counted = Array(repeating: Array(repeating: Counted(), count: outcomes.count), count: procedures.count)
        for group in try await tallies.grouped(by: "procedure", "status").run() {
            guard let row = procedures.firstIndex(of: try group.decode("procedure", as: Procedure.self)) else { continue }
            counted[row][column(of: try group.decode("status", as: HandoverStatus.self))] += group.counted
        }
        return publisher.table("\(label)Übergaben an die Behörden nach Verfahren und Ergebnis", rows: procedures.map(\.germanName),
                               columns: outcomes, counted: counted)
    }
}
