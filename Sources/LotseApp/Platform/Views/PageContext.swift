import LotseCore
import Vapor

/// What the shared layout needs on every page. Templates receive only these typed values,
/// never database models.
struct LayoutContext: Encodable {
    struct NavigationItem: Encodable {
        let label: String
        let href: String
        let isCurrent: Bool
    }

    struct Crumb: Encodable {
        let label: String
        let href: String?
    }

    /// The addresses every page may link to: the layout's own, the sign-in steps' way out, the error page's way back.
    struct Links: Encodable {
        let home = SiteURL.root
        let start = SiteURL.start
        let signIn = SiteURL.signIn
        let signOut = SiteURL.signOut
        let signInNewPassword = SiteURL.signInNewPassword
        let signInAuthenticator = SiteURL.signInAuthenticator
        let signInCode = SiteURL.signInCode
        let stylesheet = SiteURL.stylesheet
        let script = SiteURL.script
        let publicPlaces = SiteURL.publicPlaces
    }

    let title: String
    let links = Links()
    let isDemo: Bool
    let userName: String?
    let navigation: [NavigationItem]
    let breadcrumbs: [Crumb]
    let csrfToken: String
    var notice: String?
    var hasNavigation: Bool { !navigation.isEmpty }
    var hasBreadcrumbs: Bool { !breadcrumbs.isEmpty }

    enum CodingKeys: String, CodingKey {
        case title, links, isDemo, userName, navigation, breadcrumbs, csrfToken, notice, hasNavigation, hasBreadcrumbs
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(links, forKey: .links)
        try container.encode(isDemo, forKey: .isDemo)
        try container.encodeIfPresent(userName, forKey: .userName)
        try container.encode(navigation, forKey: .navigation)
        try container.encode(breadcrumbs, forKey: .breadcrumbs)
        try container.encode(csrfToken, forKey: .csrfToken)
        try container.encodeIfPresent(notice, forKey: .notice)
        try container.encode(hasNavigation, forKey: .hasNavigation)
        try container.encode(hasBreadcrumbs, forKey: .hasBreadcrumbs)
    }
}

/// A page: the layout plus the page's own typed content.
struct Page<Content: Encodable>: Encodable {
    let layout: LayoutContext
    let content: Content
    /// Present when a form was sent with errors: the summary at the top and each field's message.
    let errors: [ValidationFailure.FieldError]
    let fieldErrors: [String: String]
    var hasErrors: Bool { !errors.isEmpty }

    enum CodingKeys: String, CodingKey { case layout, content, errors, fieldErrors, hasErrors }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(layout, forKey: .layout)
        try container.encode(content, forKey: .content)
        try container.encode(errors, forKey: .errors)
        try container.encode(fieldErrors, forKey: .fieldErrors)
        try container.encode(hasErrors, forKey: .hasErrors)
    }
}

/// The navigation: each entry is shown only to those the access policy lets use it.
enum Navigation {
    static let entries: [(label: String, href: String, action: Action)] = [
        ("Start", SiteURL.start.path, .useOwnAccount),
        ("Fälle", SiteURL.cases.path, .readCases),
        ("Kurzkontakte", SiteURL.briefContacts.path, .recordBriefContact),
        ("Rückfragen", SiteURL.requests.path, .answerEvidenceRequest),
        ("Erkenntnisse", SiteURL.findings.path, .manageTopics),
        ("Themen", SiteURL.topics.path, .manageTopics),
        ("Steuerung", SiteURL.steering.path, .readSteering),
        ("Gremien", SiteURL.bodies.path, .readSteering),
        ("Programm", SiteURL.programme.path, .readProgramme),
        ("Organisation", SiteURL.organisation.path, .administerOrganisation),
        ("Benutzer*innen", SiteURL.users.path, .administerUsers),
        ("Rollenanträge", SiteURL.grantRequests.path, .approveGrants),
        ("Angebote", SiteURL.directory.path, .readDirectory),
        ("Behörden und Voraussetzungen", SiteURL.offices.path, .readRequirements),
        ("Übergaben", SiteURL.officeHandovers.path, .receiveHandovers),
        ("Einbürgerungskampagne", SiteURL.campaigns.path, .readCampaign),
        ("Meine Sitzungen", SiteURL.memberMeetings.path, .readOwnMeetings),
        ("Sprechstunden", SiteURL.officeHours.path, .readDirectory),
        ("Ist- und Bedarfsanalyse", SiteURL.coverage.path, .readCoverage),
        ("Protokoll", SiteURL.audit.path, .readAuditTrail),
        ("Löschfristen", SiteURL.retention.path, .manageRetention),
        ("Löschanträge", SiteURL.erasureRequests.path, .decideErasure),
        ("Anfragen Betroffener", SiteURL.dataSubjectRequests.path, .overseeDataProtection),
        ("Mein Konto", SiteURL.account.path, .useOwnAccount),
    ]

    static func items(for actor: Actor?, path: String) -> [LayoutContext.NavigationItem] {
        guard let actor else { return [] }
        return entries.filter { AccessPolicy.permits(actor, $0.action) }.map {
            LayoutContext.NavigationItem(label: $0.label, href: $0.href, isCurrent: path == $0.href || path.hasPrefix($0.href + "/"))
        }
    }
}

/// Short confirmations after a redirect, named in the query string by a fixed key (never by data).
enum Notice: String {
    case saved = "gespeichert"
    case created = "angelegt"
    case signedOut = "abgemeldet"
    case sessionEnded = "sitzung-beendet"
    case deactivated = "deaktiviert"
    case activated = "aktiviert"
    case passwordChanged = "passwort-geaendert"
    case awaitingApproval = "wartet-auf-bestaetigung"
    case approved = "bestaetigt"
    case rejected = "abgelehnt"
    case held = "zurueckgehalten"
    case holdLifted = "zurueckhaltung-aufgehoben"
    case erasureRequested = "loeschung-beantragt"
    case erasureApproved = "loeschung-bestaetigt"
    case erasureRejected = "loeschung-abgelehnt"
    case restricted = "eingeschraenkt"
    case restrictionLifted = "einschraenkung-aufgehoben"
    case accessRequested = "auskunft-erfasst"
    case handedOver = "uebergeben"
    case reportCreated = "bericht-erzeugt"
    case reportEdited = "bericht-bearbeitet"
    case reportRegenerated = "bericht-neu-erzeugt"
    case reportRestored = "fassung-wiederhergestellt"
    case reportPublished = "bericht-veroeffentlicht"
    case caseOpened = "fall-eroeffnet"
    case caseClosed = "fall-abgeschlossen"
    case briefContactRecorded = "kurzkontakt-erfasst"
    case clientRecorded = "person-erfasst"
    case referralMade = "verweisung-erfasst"
    case helpPlanAgreed = "hilfeplan-vereinbart"
    case preCheckStarted = "vorpruefung-begonnen"
    case findingsAssigned = "erkenntnisse-zugeordnet"
    case agendaChanged = "tagesordnung-geaendert"
    case answerSent = "antwort-gespeichert"
    case decisionRecorded = "beschluss-erfasst"

    /// The sentence, naming what it happened to: `subject` is the title of the page the user
    /// lands on (a case number, a report's title), never data from the address.
    func text(about subject: String) -> String {
        switch self {
        case .saved: "Ihre Änderungen an „\(subject)“ sind gespeichert."
        case .created: "„\(subject)“ ist angelegt."
        case .reportCreated: "Der Entwurf „\(subject)“ ist aus den Daten erzeugt. Prüfen und ergänzen Sie ihn, bevor Sie ihn veröffentlichen."
        case .reportEdited: "Ihre Änderungen an „\(subject)“ sind gespeichert. Der Text davor steht unter „Frühere Fassungen“."
        case .reportRegenerated: "„\(subject)“ ist neu aus den Daten erzeugt. Der Text davor steht unter „Frühere Fassungen“ und lässt sich wiederherstellen."
        case .reportRestored: "Die frühere Fassung von „\(subject)“ ist wiederhergestellt. Der Text davor steht ebenfalls unter „Frühere Fassungen“."
        case .reportPublished: "„\(subject)“ ist veröffentlicht und kann nicht mehr geändert werden."
        case .caseOpened: "\(subject) ist aus dem Kurzkontakt eröffnet. Als Nächstes: das Erstgespräch festhalten und die Einwilligung einholen."
        case .caseClosed: "\(subject) ist abgeschlossen. Sie können ihn mit einer Begründung wieder öffnen."
        case .briefContactRecorded: "Der Kurzkontakt ist erfasst und zählt in der Statistik."
        case .clientRecorded: "Die Person ist in \(subject) erfasst; ihre Angaben sind verschlüsselt gespeichert."
        case .referralMade: "Die Verweisung ist in \(subject) festgehalten."
        case .helpPlanAgreed: "Der Hilfeplan ist in \(subject) festgehalten; seine Überprüfung erscheint unter „Heute fällig“."
        case .answerSent: "Ihre Antwort an die Koordinierende Stelle ist gespeichert; sie geht ohne Angaben zu Personen in die Belege des Themas ein."
        case .agendaChanged: "Die Tagesordnung von „\(subject)“ ist geändert."
        case .decisionRecorded: "Der Beschluss ist gespeichert."
        case .findingsAssigned: "Die Zuordnung der gewählten Erkenntnisse ist gespeichert."
        case .preCheckStarted: "Die Vorprüfung ist in \(subject) begonnen. Gehen Sie die Voraussetzungen jetzt mit der Person durch."
        case .signedOut: "Sie haben sich abgemeldet."
        case .sessionEnded: "Die Sitzung wurde beendet."
        case .deactivated: "Der Eintrag wurde deaktiviert."
        case .activated: "Der Eintrag wurde wieder aktiviert."
        case .passwordChanged: "Ihr Passwort wurde geändert."
        case .awaitingApproval: "Gespeichert. Neue oder erweiterte Rollen werden wirksam, sobald eine zweite Person sie bestätigt (Fachadministration oder Datenschutz)."
        case .approved: "Die Rolle ist bestätigt und wirkt ab der nächsten Anmeldung der Person."
        case .rejected: "Die beantragte Rolle wurde abgelehnt."
        case .held: "Der Fall wird zurückgehalten: Der Löschlauf anonymisiert ihn nicht, bis Sie die Zurückhaltung aufheben."
        case .holdLifted: "Die Zurückhaltung ist aufgehoben. Ist der Fall fällig, anonymisiert ihn der nächste Löschlauf."
        case .erasureRequested: "Die Löschung ist beantragt. Sobald der Datenschutz sie bestätigt, werden alle Fälle der Person anonymisiert."
        case .erasureApproved: "Die Löschung ist bestätigt: Alle Fälle der Person sind anonymisiert, ihr Schlüssel ist vernichtet."
        case .erasureRejected: "Der Löschantrag ist abgelehnt."
        case .restricted: "Die Verarbeitung ist eingeschränkt: Der Fall kann gelesen, aber nicht geändert oder weitergegeben werden."
        case .restrictionLifted: "Die Einschränkung ist aufgehoben. Der Fall kann wieder bearbeitet werden."
        case .accessRequested: "Das Auskunftsersuchen ist erfasst. Die Frist steht unter „Rechte der Person“."
        case .handedOver: "Die Vorprüfung ist an die Behörde übergeben. Ihre Rückmeldungen erscheinen im Fall."
        }
    }
}

extension Request {
    /// `notice` is for a page rendered in answer to a form that must not redirect (its input is
    /// kept in the page, not stored); otherwise the notice comes from the address after a redirect.
    func layout(title: String, breadcrumbs: [LayoutContext.Crumb] = [], notice: String? = nil) -> LayoutContext {
        LayoutContext(
            title: title,
            isDemo: lotse.configuration.isDemo,
            userName: signedIn?.user.displayName,
            navigation: Navigation.items(for: signedIn?.actor, path: url.path),
            breadcrumbs: breadcrumbs,
            csrfToken: expectedCSRFToken ?? "",
            notice: notice ?? (try? query.get(String.self, at: "hinweis")).flatMap(Notice.init(rawValue:))?.text(about: title))
    }

    /// Renders `template` inside the layout. With `failure`, the page is answered with 422 and shows
    /// the error summary; the template re-fills every field from `content`.
    func render<Content: Encodable>(
        _ template: String, title: String, content: Content, breadcrumbs: [LayoutContext.Crumb] = [],
        failure: ValidationFailure? = nil, status: HTTPStatus? = nil, notice: String? = nil, noticeInContent: Bool = false
    ) async throws -> Response {
        let pageTitle = failure.map { _ in "Fehler: " + title } ?? title
        var layout = layout(title: pageTitle, breadcrumbs: breadcrumbs, notice: notice)
        if noticeInContent { layout.notice = nil }
        let page = Page(
            layout: layout, content: content,
            errors: failure?.errors ?? [], fieldErrors: failure?.fieldMessages ?? [:])
        let response = try await view.render(template, page).encodeResponse(for: self)
        response.status = status ?? (failure == nil ? .ok : .unprocessableEntity)
        return response
    }

    /// 303 See Other: after a form, the browser fetches the result with GET. A target that is no
    /// path of Lotse (another host, a line break, …) is never sent: the browser goes to the start page.
    func seeOther(_ path: String, notice: Notice? = nil) -> Response {
        guard LocalAddress.isSafe(path) else {
            logger.warning("Refused redirect target that is no local path")
            return redirect(to: SiteURL.start.path, redirectType: .normal)
        }
        // The notice goes into the query, before a fragment ("/cases/…#kontakte": back to the part saved).
        let parts = path.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        let fragment = parts.count > 1 ? "#" + parts[1] : ""
        let separator = address.contains("?") ? "&" : "?"
        return redirect(to: (notice.map { address + separator + "hinweis=" + $0.rawValue } ?? address) + fragment, redirectType: .normal)
    }
}

/// The error page; falls back to plain HTML if the template itself cannot be rendered.
enum ErrorPageRenderer {
    /// A heading in words: a status number tells the people who use Lotse nothing.
    static func heading(_ status: HTTPStatus) -> String {
        switch status.code {
        case 400, 422: "Die Angaben reichen nicht aus"
        case 401: "Bitte melden Sie sich an"
        case 403: "Kein Zugriff auf diese Seite"
        case 404: "Seite nicht gefunden"
        case 409: "Das ist gerade nicht möglich"
        case 410: "Nicht mehr vorhanden"
        case 413: "Die Datei ist zu groß"
        case 415: "Diese Art von Datei passt hier nicht"
        case 429: "Zu viele Anfragen in kurzer Zeit"
        case 503: "Lotse ist gerade nicht erreichbar"
        default: "Etwas ist schiefgegangen"
        }
    }

    struct Content: Encodable {
        let status: UInt
        let message: String
        let requestId: String
        let signedIn: Bool
        let remedy: PublicError.Remedy?
    }

    static func render(status: HTTPStatus, message: String, remedy: PublicError.Remedy? = nil, for request: Request) async -> Response {
        let title = heading(status)
        let content = Content(status: status.code, message: message, requestId: request.id, signedIn: request.signedIn != nil,
                              remedy: request.signedIn == nil ? nil : remedy)
        if let response = try? await request.render("platform/error", title: title, content: content, status: status) {
            return response
        }
        let body = "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>\(title) – Lotse</title></head>"
            + "<body><main><h1>\(title)</h1><p>\(message)</p><p>Vorgangsnummer: \(request.id)</p></main></body></html>"
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
