import Fluent
import Vapor

/// `/healthz`: the process answers. `/readyz`: the database answers and every migration has run.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.healthz, use: health)
        routes.get(.readyz, use: ready)
    }

    struct Status: Content {
        let status: String
    }

    /// Synchronous and with a fixed body: probes ask many times a minute, and neither a task per
    /// request nor a JSON encoder has anything to do here (issue 17).
    func health(req: Request) -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(staticString: #"{"status":"ok"}"#))
    }

    func ready(req: Request) async throws -> Response {
        let pending: Int
        do {
            pending = try await req.application.migrator.previewPrepareBatch().get().count
        } catch {
            // No migration table yet, or no database at all.
            return try await Status(status: "Datenbank nicht erreichbar oder nicht eingerichtet").encodeResponse(status: .serviceUnavailable, for: req)
        }
        if pending > 0 {
            return try await Status(status: "\(pending) Migrationen ausstehend").encodeResponse(status: .serviceUnavailable, for: req)
        }
        return try await Status(status: "bereit").encodeResponse(for: req)
    }
}

extension Route {
    /// `/healthz` or `/readyz`. Read from the matched route, not from `request.url.path`: Vapor
    /// decodes the path through Foundation's `NSString` on every call, which cost /healthz a tenth
    /// of its time while four middleware asked for it (issue 17).
    var isProbe: Bool {
        guard path.count == 1, case .constant(let name) = path[0] else { return false }
        return name == "healthz" || name == "readyz"
    }
}
