import Fluent
import LotseCore
import Vapor

/// An earlier text of a report draft, as pages and the API show it.
struct ReportVersionView: Encodable, Sendable {
    let id: UUID
    let title: String
    let text: String
    let cause: Coded
    let savedAt: String
    let savedBy: String
}

/// What regenerating a draft would do, shown before it is done (issue 18, part 1).
struct RegenerationPreview: Sendable {
    let sections: [ReportComparison.Section]
    let changesAnything: Bool
}

extension ProgrammeDesk {
    /// Keeps the report's present text before a step replaces it (inside that step's transaction).
    func keepVersion(of report: AnnualReport, cause: ReportVersionCause, on db: any Database) async throws {
        try await AnnualReportVersion(of: report, cause: cause, at: now, by: actorID).create(on: db)
    }

    /// The report's earlier texts, newest first.
    func reportVersions(_ reportID: UUID) async throws -> [ReportVersionView] {
        let report = try await report(reportID)
        let versions = try await AnnualReportVersion.query(on: db).filter(\.$reportID == report.requireID())
            .sort(\.$savedAt, .descending).all()
        let names = try await StaffDirectory.names(versions.compactMap(\.savedBy), districtID: scope.districtID, on: db)
        return try versions.map { version in
            ReportVersionView(id: try version.requireID(), title: version.title, text: version.text, cause: Coded(version.cause),
                              savedAt: GermanFormat.dateTime(version.savedAt), savedBy: version.savedBy.flatMap { names[$0] } ?? "")
        }
    }

    func reportVersion(_ reportID: UUID, _ versionID: UUID) async throws -> ReportVersionView {
        guard let version = try await reportVersions(reportID).first(where: { $0.id == versionID }) else { throw PublicError.notFound }
        return version
    }

    /// Puts an earlier text back; the text it replaces is kept as a version in turn.
    func restoreReportVersion(_ reportID: UUID, _ versionID: UUID) async throws {
        let report = try await requireDraft(reportID)
        guard let version = try await AnnualReportVersion.query(on: db).filter(\.$id == versionID).filter(\.$reportID == reportID).first() else {
            throw PublicError.notFound
        }
        try await db.transaction { db in
            try await keepVersion(of: report, cause: .restored, on: db)
            report.title = version.title
            report.text = version.text
            try await report.save(on: db)
            try await record(.reportRestored, "report", report.id, on: db)
        }
    }

    /// The sections the new text would keep, replace, lose or add: computed, not saved.
    func regenerationPreview(_ report: AnnualReport) async throws -> RegenerationPreview {
        let fresh = try await AnnualReportWriter(desk: self).text(for: ReportingPeriod(kind: report.periodKind, startYear: report.periodStart))
        return RegenerationPreview(sections: ReportComparison.compare(current: report.text, fresh: fresh.text),
                                   changesAnything: ReportComparison.changesAnything(current: report.text, fresh: fresh.text)
                                       || fresh.title != report.title)
    }
}
