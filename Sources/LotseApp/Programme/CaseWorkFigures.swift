import Fluent
import Foundation
import LotseCore

/// Counts from case work for a period, for the annual report and the state's controlling. Every
/// count leaves here only through `FigurePublisher`, from the ids of the records it counts: the
/// same cases give the same figure here, on the steering page and in the next period's figures.
struct CaseWorkFigures: Sendable {
    struct Indicator: Sendable {
        let code: String
        let label: String
        let value: PublishedCount
    }

    let indicators: [Indicator]
    let threshold: Int

    static func load(_ desk: ProgrammeDesk, _ period: ReportingPeriod) async throws -> CaseWorkFigures {
        let db = desk.db
        let district = desk.scope.districtID
        let publisher = try await desk.figurePublisher()
        let cases = try await CaseFile.query(on: db).filter(\.$districtID == district).filter(\.$openedOn <= period.end).all()
        let opened = cases.filter { period.contains($0.openedOn) }
        let levels = [AccessChannel.Level.one, .two].map { level in
            opened.filter { $0.accessChannel.level == level }.compactMap(\.id)
        }
        let closed = cases.filter { $0.closedOn.map(period.contains) ?? false }.compactMap(\.id)
        // The phase each case open on the period's last day was in then.
        let openAtEnd = cases.filter { ($0.closedOn ?? "9999-12-31") > period.end }
        let caseIDs = openAtEnd.compactMap(\.id)
        let events = caseIDs.isEmpty ? [] : try await PhaseEvent.query(on: db).filter(\.$caseFileID ~~ caseIDs).sort(\.$enteredAt).all()
        let byCase = Dictionary(grouping: events, by: \.caseFileID)
        let openPhases = Phase.allCases.filter { $0 != .closed }
        let inPhase = openPhases.map { phase in
            openAtEnd.filter { file in
                let last = byCase[file.id ?? UUID()]?.last { GermanFormat.isoDay($0.enteredAt) <= period.end }
                return (last?.phase ?? file.phase) == phase
            }.compactMap(\.id)
        }
        func ids<M: Model>(_ type: M.Type, _ day: KeyPath<M, FieldProperty<M, String>>, _ districtField: KeyPath<M, FieldProperty<M, UUID>>) async throws -> [UUID]
            where M.IDValue == UUID {
            try await M.query(on: db).filter(districtField == district).filter(day >= period.start).filter(day <= period.end).all(\._$id)
        }
        let name = "\(period.label) |"
        let accessTable = publisher.table("\(name) Fälle eröffnet", rows: ["Fälle"], columns: ["Ebene 1", "Ebene 2"], cells: [levels])
        let phaseTable = publisher.table("\(name) Fälle offen am Ende", rows: ["Fälle"], columns: openPhases.map(\.germanName), cells: [inPhase])
        let contacts = try await CaseContact.query(on: db).join(CaseFile.self, on: \CaseContact.$caseFileID == \CaseFile.$id)
            .filter(CaseFile.self, \.$districtID == district).filter(\.$contactOn >= period.start).filter(\.$contactOn <= period.end).all(\.$id)
        var indicators: [Indicator] = [
            .init(code: "casesOpened", label: "Fälle eröffnet", value: accessTable.rowTotals[0]),
            .init(code: "casesOpenedLevel1", label: "davon Zugang Ebene 1 (direkt)", value: accessTable.cells[0][0]),
            .init(code: "casesOpenedLevel2", label: "davon Zugang Ebene 2 (über eine Stelle)", value: accessTable.cells[0][1]),
            .init(code: "casesClosed", label: "Fälle abgeschlossen", value: publisher.count(closed, name: "\(name) Fälle abgeschlossen")),
            .init(code: "casesOpenAtEnd", label: "Fälle offen am Ende des Zeitraums", value: phaseTable.rowTotals[0]),
        ]
        for (index, phase) in openPhases.enumerated() {
            indicators.append(.init(code: "casesInPhase_\(phase.rawValue)", label: "davon in Phase „\(phase.germanName)“", value: phaseTable.cells[0][index]))
        }
        indicators += [
            .init(code: "briefContacts", label: "Kurzkontakte", value: publisher.count(try await ids(BriefContact.self, \.$contactOn, \.$districtID), name: "\(name) Kurzkontakte")),
            .init(code: "consultations", label: "Beratungskontakte in Fällen", value: publisher.count(contacts, name: "\(name) Beratungskontakte")),
            .init(code: "referrals", label: "Verweisungen", value: publisher.count(try await ids(Referral.self, \.$referredOn, \.$districtID), name: "\(name) Verweisungen")),
            .init(code: "caseConferences", label: "Fallkonferenzen", value: publisher.count(try await ids(CaseConference.self, \.$heldOn, \.$districtID), name: "\(name) Fallkonferenzen")),
            .init(code: "findings", label: "strukturelle Erkenntnisse", value: publisher.count(try await ids(Finding.self, \.$reportedOn, \.$districtID), name: "\(name) Erkenntnisse")),
        ]
        return CaseWorkFigures(indicators: indicators, threshold: publisher.threshold)
    }

    func value(_ code: String) -> PublishedCount? { indicators.first { $0.code == code }?.value }
}
