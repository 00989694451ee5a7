import Foundation
import LotseCore
import Vapor

extension RepeatingJob {
    /// The daily retention run of every district, at night (`RetentionRule.nextRun`: 02:30 Berlin)
    /// and every 24 hours after; a failed run is tried again after ten minutes. Operators can run
    /// it on demand with `lotse retention run`.
    static func retention(now: Date) -> RepeatingJob {
        let wait = max(0, RetentionRule.nextRun(after: now).timeIntervalSince(now))
        return RepeatingJob("retention", firstDelay: .seconds(wait), every: .seconds(24 * 3600), retry: .seconds(600)) { app in
            for (district, run) in try await app.runRetention(trigger: "job") where run.casesAnonymised > 0 {
                app.logger.notice("retention run", metadata: ["district_id": .string(district.id?.uuidString ?? ""),
                                                             "cases_anonymised": .stringConvertible(run.casesAnonymised),
                                                             "clients_erased": .stringConvertible(run.clientsErased)])
            }
            if let pruning = try await app.pruneAuditTrail(trigger: "job") {
                app.logger.notice("audit trail pruned", metadata: ["up_to_sequence": .stringConvertible(pruning.upToSequence),
                                                                   "entries": .stringConvertible(pruning.entries)])
            }
        }
    }
}
