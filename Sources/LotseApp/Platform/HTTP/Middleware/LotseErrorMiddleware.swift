import FluentKit
import OpenAPIRuntime
import Vapor

/// Turns every error into a German answer that names the request id and nothing internal: no
/// stack trace, no SQL, no file path. HTML for the browser, JSON under /api. Future-based, so a
/// request that succeeds pays no task for it; only an error is answered in a task (its page is rendered).
struct LotseErrorMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { await self.response(for: error, to: request) }
        }
    }

    func response(for error: any Error, to request: Request) async -> Response {
        // The generated API server wraps what went wrong: a handler's own error, or a request the
        // contract refuses (unknown field, wrong type, value outside an enum, missing body).
        if let server = error as? ServerError {
            if let decoding = server.underlyingError as? DecodingError {
                return await response(for: ContractRefusal(decoding), to: request)
            }
            if server.httpStatus.code >= 400, server.httpStatus.code < 500, !(server.underlyingError is any AbortError),
               !(server.underlyingError is ValidationFailure) {
                return await response(for: PublicError(status: HTTPStatus(statusCode: server.httpStatus.code),
                                                       reason: ContractRefusal.message(for: server.httpStatus.code)), to: request)
            }
            return await response(for: server.underlyingError, to: request)
        }
        let status: HTTPStatus
        var reason: String
        var headers = HTTPHeaders()
        var fields: [String: String] = [:]
        var remedy: PublicError.Remedy?
        switch error {
        case let refusal as ContractRefusal:
            status = .badRequest
            reason = refusal.message
            fields = refusal.field.isEmpty ? [:] : [refusal.field: refusal.message]
        case let validation as ValidationFailure:
            status = .unprocessableEntity
            reason = validation.summary
            fields = validation.fieldMessages
        case let known as PublicError:
            status = known.status
            headers = known.headers
            reason = known.reason
            remedy = known.remedy
        case let database as any DatabaseError where database.isConstraintFailure:
            // Two requests stored the same thing at once (a unique key, a row the other removed):
            // nothing is lost, and trying again sees the other's result. Not a server error.
            // Still logged: a refused NOT NULL or CHECK is a bug, not a race, and the operator must see
            // it. The type only, as for server errors: the database's text can hold the key's value.
            request.logger.warning("constraint failure answered as conflict", metadata: ["error_type": .string(String(reflecting: type(of: database)))])
            status = .conflict
            reason = Self.message(for: status)
        case let abort as any AbortError:
            // Vapor's own reasons are English and may echo input; people get the German text for the status.
            status = abort.status
            headers = abort.headers
            reason = Self.message(for: status)
        default:
            status = .internalServerError
            reason = Self.message(for: status)
        }
        if [401, 403, 404].contains(status.code), request.route != nil {
            await Self.recordDenial(of: request, status: status)
        }
        if status.code >= 500 {
            // The error's type is enough to find it with the request id; its text may hold data.
            request.logger.error("unhandled error", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            reason = Self.message(for: status)
        }
        let response: Response
        if request.wantsJSON {
            response = Response(status: status, headers: headers)
            try? response.content.encode(APIError(reason: reason, requestId: request.id, fields: fields.isEmpty ? nil : fields))
        } else {
            response = await ErrorPageRenderer.render(status: status, message: reason, remedy: remedy, for: request)
            for (name, value) in headers where name.lowercased() == "retry-after" || name.lowercased() == "location" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
        }
        return response
    }

    /// Every denied access goes into the audit trail: who (if known), which route, which object id.
    /// Recording must never turn a refusal into a server error, so a failure here is only logged.
    static func recordDenial(of request: Request, status: HTTPStatus) async {
        if request.signedIn == nil && request.pendingSession == nil {
            // Anonymous: the first refusal of an address in a minute is recorded, the rest counted.
            let (recordNow, finished) = await request.application.lotse.anonymousRefusals.note(address: request.clientAddress, at: request.now)
            await AnonymousRefusals.record(finished, app: request.application)
            guard recordNow else { return }
        }
        let object = request.route?.path.lazy.compactMap { component -> (String, UUID?)? in
            guard case .parameter(let name) = component, let value = request.parameters.get(name) else { return nil }
            return (name.replacingOccurrences(of: "ID", with: ""), UUID(uuidString: value))
        }.first
        do {
            try await request.audit.record(.accessDenied, object: object, outcome: .denied, on: request.db)
        } catch {
            request.logger.warning("audit entry for a denied access could not be written",
                                   metadata: ["error_type": .string(String(reflecting: type(of: error)))])
        }
    }

    static func message(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben."
        case 401: "Bitte melden Sie sich an."
        case 403: "Sie haben keine Berechtigung für diese Seite oder Aktion."
        case 404: "Diese Seite gibt es nicht, oder sie ist für Sie nicht sichtbar."
        case 405: "Diese Aktion ist hier nicht möglich."
        case 413: "Die gesendeten Daten sind zu groß."
        case 409: "Gleichzeitig wurde dasselbe von anderer Seite gespeichert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
        case 415: "Dieses Datenformat wird nicht unterstützt."
        case 422: "Bitte prüfen Sie Ihre Eingaben."
        case 429: "Zu viele Anfragen. Bitte warten Sie einen Moment."
        case 503: "Lotse ist gerade nicht bereit. Bitte versuchen Sie es gleich noch einmal."
        default: "Es ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal."
        }
    }
}

/// The JSON body of every API error.
struct APIError: Content {
    var error = true
    let reason: String
    let requestId: String
    let fields: [String: String]?
}

/// An error whose reason is written for the people using Lotse (German, no internals). Only these
/// reasons are shown; every other error is answered with the general text for its status.
struct PublicError: AbortError {
    let status: HTTPResponseStatus
    let reason: String
    var headers: HTTPHeaders = [:]
    /// Where the person can resolve the refusal (record the consent, reopen the case, …): the error
    /// page links there, so a refusal is never a dead end. Pages only; the API has its own ways.
    var remedy: Remedy? = nil

    struct Remedy: Encodable, Sendable {
        let label: String
        let href: String
    }

    static func forbidden(_ reason: String = LotseErrorMiddleware.message(for: .forbidden)) -> PublicError {
        PublicError(status: .forbidden, reason: reason)
    }

    static let notFound = PublicError(status: .notFound, reason: LotseErrorMiddleware.message(for: .notFound))
}

extension Request {
    /// API paths and clients that ask for JSON get JSON errors.
    var wantsJSON: Bool {
        url.path.hasPrefix("/api/") || (headers.accept.first?.mediaType == .json)
    }
}
