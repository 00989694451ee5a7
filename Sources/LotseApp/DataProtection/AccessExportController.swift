import Fluent
import Foundation
import LotseAPI
import LotseCore
import Vapor

/// The access export in the browser (issue 15, part 2): a German document to print (the layout's
/// print styles drop navigation and buttons) and the same data as a JSON file to download, in the
/// contract's shape, so the person gets it machine-readable (Art. 15 (3), Art. 20).
struct AccessExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseAccessExport(.key), use: document)
        routes.get(.caseAccessExportFile(.key), use: file)
    }

    /// Which parts of a case hold something, so the document says "keine" instead of an empty table.
    struct Parts: Encodable {
        let hasConsents, hasAssessments, hasGoals, hasLooseActions, hasReviews, hasContacts, hasReferrals, hasConferences: Bool
        let hasFindings, hasRestrictions, hasAccessRequests, hasPreChecks, hasHandovers: Bool

        init(_ c: CaseDetail) {
            (hasConsents, hasAssessments, hasGoals, hasLooseActions) = (!c.consents.isEmpty, !c.assessments.isEmpty, !c.goals.isEmpty, !c.looseActions.isEmpty)
            (hasReviews, hasContacts, hasReferrals, hasConferences) = (!c.reviews.isEmpty, !c.contacts.isEmpty, !c.referrals.isEmpty, !c.conferences.isEmpty)
            (hasFindings, hasRestrictions, hasAccessRequests, hasPreChecks) = (!c.findings.isEmpty, !c.restrictions.isEmpty, !c.accessRequests.isEmpty,
                                                                              !c.preChecks.isEmpty)
            hasHandovers = !c.handovers.isEmpty
        }
    }

    struct Page: Encodable {
        let export: AccessExport
        let cases: [Merged<CaseDetail, Parts>]
        let generatedOn: String
        let download: SiteURL
        let back: SiteURL
        let hasCorrections: Bool
        let hasDisclosures: Bool
        let hasCasesElsewhere: Bool
    }

    func document(req: Request) async throws -> Response {
        let (export, caseID) = try await Self.export(req)
        let page = Page(export: export, cases: export.cases.map { Merged($0, Parts($0)) }, generatedOn: GermanFormat.dateTime(export.generatedAt), download: .caseAccessExportFile(.value(caseID)),
                        back: .caseFile(.value(caseID)), hasCorrections: !export.corrections.isEmpty, hasDisclosures: !export.disclosures.isEmpty,
                        hasCasesElsewhere: !export.casesElsewhere.isEmpty)
        let number = export.cases.first { $0.id == caseID }?.number ?? ""
        return try await req.render("data-protection/access-export", title: "Auskunft nach Art. 15 DSGVO", content: page,
                                    breadcrumbs: [.init(label: "Fälle", href: SiteURL.cases.path), .init(label: "Fall " + number, href: page.back.path)])
    }

    func file(req: Request) async throws -> Response {
        let (export, caseID) = try await Self.export(req)
        let number = export.cases.first { $0.id == caseID }?.number ?? "fall"
        return try Download.json(try export.contract, name: "auskunft-\(number)-\(GermanFormat.isoDay(export.generatedAt))")
    }

    static func export(_ req: Request) async throws -> (AccessExport, UUID) {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        return (try await desk.accessExport(caseID, generatedBy: req.signedIn?.user.displayName ?? ""), caseID)
    }
}
