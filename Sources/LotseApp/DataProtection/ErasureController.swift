import Fluent
import LotseCore
import Vapor

/// "Löschanträge" for the data-protection officer (issue 15, part 4): the case managers' erasure
/// requests with their deadline, approving one (which erases the person at once) and rejecting one
/// with a reason. Cases appear by number and municipality only.
struct ErasureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.erasureRequests, use: list)
        routes.get(.erasureApprove(.key), use: approveConfirm)
        routes.post(.erasureApprove(.key), use: approve)
        routes.get(.erasureReject(.key), use: rejectForm)
        routes.post(.erasureReject(.key), use: reject)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let number: String
            let municipality: String
            let requestedOn: String
            let deadline: String
            let isOverdue: Bool
            let requestedBy: String
            let reason: String
            let status: String
            let decidedOn: String
            let decision: String
            let approve: SiteURL
            let reject: SiteURL
        }

        let pending: [Row]
        let decided: [Row]
        let hasPending: Bool
        let hasDecided: Bool
    }

    /// What a request shows, for the page and the API alike.
    struct Shown: Sendable {
        let request: ErasureRequest
        let number: String
        let municipality: String
        let requestedBy: String
        let decidedBy: String
        let deadline: String
    }

    static func shown(_ requests: [ErasureRequest], on db: any Database) async throws -> [Shown] {
        let numbers = Dictionary(uniqueKeysWithValues: try await CaseFile.query(on: db).filter(\.$id ~~ requests.map(\.caseFileID)).all()
            .compactMap { file in file.id.map { ($0, file.number) } })
        let towns = try await Municipality.query(on: db).filter(\.$id ~~ requests.map(\.municipalityID)).all()
        let townNames = Dictionary(uniqueKeysWithValues: towns.compactMap { town in town.id.map { ($0, town.name) } })
        let staff = Set(requests.map(\.requestedBy) + requests.compactMap(\.decidedBy))
        let names = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(staff)).all()
            .compactMap { user in user.id.map { ($0, user.displayName) } })
        return requests.map { request in
            Shown(request: request, number: numbers[request.caseFileID] ?? "–", municipality: townNames[request.municipalityID] ?? "–",
                  requestedBy: names[request.requestedBy] ?? "–", decidedBy: request.decidedBy.flatMap { names[$0] } ?? "",
                  deadline: RetentionRule.dueOn(closedOn: request.requestedOn, months: 1) ?? request.requestedOn)
        }
    }

    func list(req: Request) async throws -> Response {
        let desk = try req.erasureDesk()
        let (pending, decided) = try await desk.requests()
        try await req.audit.record(.erasuresRead, on: req.db)
        func row(_ shown: Shown) -> ListPage.Row {
            let request = shown.request
            let id = request.id ?? UUID()
            return ListPage.Row(number: shown.number, municipality: shown.municipality, requestedOn: GermanFormat.germanDay(request.requestedOn),
                                deadline: GermanFormat.germanDay(shown.deadline), isOverdue: request.status == .pending && shown.deadline < desk.today,
                                requestedBy: shown.requestedBy, reason: request.reason, status: request.status.germanName,
                                decidedOn: GermanFormat.germanDay(request.decidedOn ?? ""),
                                decision: request.status == .approved ? "\(request.casesAnonymised ?? 0) Fälle anonymisiert (\(shown.decidedBy))"
                                    : "\(request.decisionReason ?? "") (\(shown.decidedBy))",
                                approve: .erasureApprove(.value(id)), reject: .erasureReject(.value(id)))
        }
        let pendingRows = try await Self.shown(pending, on: req.db).map(row)
        let decidedRows = try await Self.shown(decided, on: req.db).map(row)
        let content = ListPage(pending: pendingRows, decided: decidedRows, hasPending: !pendingRows.isEmpty, hasDecided: !decidedRows.isEmpty)
        return try await req.render("data-protection/erasure", title: "Löschanträge", content: content, breadcrumbs: RetentionController.crumbs)
    }

    /// The erasure cannot be undone, not even from a backup: one more look before it happens.
    func approveConfirm(req: Request) async throws -> Response {
        let desk = try req.erasureDesk()
        let request = try await desk.request(try req.id("requestID"))
        guard request.status == .pending else { throw ErasureDesk.refusal("Über diesen Antrag ist schon entschieden.") }
        let shown = try await Self.shown([request], on: req.db)[0]
        var page = ConfirmPage(action: SiteURL.erasureApprove(.value(try request.requireID())).path, submit: "Löschung endgültig bestätigen",
                               cancel: SiteURL.erasureRequests.path)
        page.facts = [.init(label: "Fall", value: shown.number), .init(label: "Kommune", value: shown.municipality),
                      .init(label: "Beantragt am", value: GermanFormat.germanDay(request.requestedOn)),
                      .init(label: "Beantragt von", value: shown.requestedBy), .init(label: "Anlass", value: request.reason),
                      .init(label: "Frist", value: GermanFormat.germanDay(shown.deadline))]
        page.consequencesHeading = "Was die Bestätigung bewirkt"
        page.consequences = ["Alle Fälle der Person werden sofort anonymisiert, nicht nur Fall \(shown.number): Name, Kontaktdaten, alle Texte und Erklärungen werden gelöscht.",
                             "Ihr Schlüssel wird vernichtet. Das lässt sich nicht rückgängig machen, auch nicht aus einer Sicherung.",
                             "Es bleiben nur die Zahlen für die Statistik (Kommune, Monat, Phasen, Handlungsfelder)."]
        page.isWarning = true
        return try await req.confirm(page, title: "Löschung zu Fall \(shown.number) bestätigen?",
                                     breadcrumbs: RetentionController.crumbs + [LayoutContext.Crumb(label: "Löschanträge", href: SiteURL.erasureRequests.path)])
    }

    func approve(req: Request) async throws -> Response {
        try await req.erasureDesk().approve(try req.id("requestID"))
        return req.seeOther(.erasureRequests, notice: .erasureApproved)
    }

    struct RejectPage: Encodable {
        let number: String
        let reason: String
        let action: SiteURL
        let cancel = SiteURL.erasureRequests
    }

    func rejectForm(req: Request) async throws -> Response {
        try await rejectPage(req, reason: "")
    }

    func rejectPage(_ req: Request, reason: String, failure: ValidationFailure? = nil) async throws -> Response {
        let desk = try req.erasureDesk()
        let request = try await desk.request(try req.id("requestID"))
        guard request.status == .pending else { throw ErasureDesk.refusal("Über diesen Antrag ist schon entschieden.") }
        let shown = try await Self.shown([request], on: req.db)[0]
        let content = RejectPage(number: shown.number, reason: reason, action: .erasureReject(.value(try request.requireID())))
        return try await req.render("data-protection/erasure-reject", title: "Löschantrag zu Fall \(shown.number) ablehnen", content: content,
                                    breadcrumbs: RetentionController.crumbs + [LayoutContext.Crumb(label: "Löschanträge", href: SiteURL.erasureRequests.path)],
                                    failure: failure)
    }

    func reject(req: Request) async throws -> Response {
        let fields = try await req.formFields()
        do {
            try await req.erasureDesk().reject(try req.id("requestID"), reason: fields.text("reason"))
            return req.seeOther(.erasureRequests, notice: .erasureRejected)
        } catch let failure as ValidationFailure {
            return try await rejectPage(req, reason: fields.text("reason"), failure: failure)
        }
    }
}
