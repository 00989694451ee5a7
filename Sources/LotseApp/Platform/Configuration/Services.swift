import Foundation
import LotseCore
import Vapor

/// The configuration and the long-lived helpers derived from it, kept on the application.
struct LotseServices: Sendable {
    let configuration: LotseConfiguration
    let totpBox: SecretBox?
    let auditChain: AuditChain?
    let clientKeys: ClientKeyWrapper?
    let blindIndex: BlindIndex?
    /// The keys of counted records for the cell-key method (`FigurePublisher`).
    let recordKeys: RecordKeys?
    /// Set by `configure` once the databases are known.
    var auditGroupCommit: AuditGroupCommit?
    let anonymousRefusals = AnonymousRefusals()
    /// Nil when `LOTSE_ANONYMOUS_REQUESTS_PER_MINUTE` is 0 (and in the test suites unless asked for).
    let anonymousLimit: AnonymousRateLimit?

    init(configuration: LotseConfiguration) {
        self.configuration = configuration
        totpBox = configuration.masterKey.map { SecretBox(masterKey: $0, purpose: "totp-secret") }
        auditChain = configuration.masterKey.map(AuditChain.init(masterKey:))
        clientKeys = configuration.masterKey.map(ClientKeyWrapper.init(masterKey:))
        blindIndex = configuration.masterKey.map(BlindIndex.init(masterKey:))
        recordKeys = configuration.masterKey.map(RecordKeys.init(masterKey:))
        anonymousLimit = configuration.anonymousRequestsPerMinute.map(AnonymousRateLimit.init(perMinute:))
    }

    func requireTOTPBox() throws -> SecretBox {
        guard let totpBox else {
            throw PublicError(status: .internalServerError, reason: "Es ist kein Hauptschlüssel konfiguriert.")
        }
        return totpBox
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = LotseServices }

    var lotse: LotseServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:with:) was not called") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var lotse: LotseServices { application.lotse }
    var now: Date { application.lotse.configuration.now() }
}
