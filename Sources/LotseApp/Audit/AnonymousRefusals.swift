import Fluent
import Foundation
import Vapor

/// Refusals of requests without a signed-in person (a protected page asked for anonymously),
/// by client address and minute (issue 14). The first refusal of an address in a minute is
/// recorded at once, as every refusal was before; the rest of that minute only counts, and the
/// count becomes one entry `access.deniedRepeated` with its number (`repeats`) when the minute is
/// over. So an anonymous flood writes two entries per address and minute, not one per request.
actor AnonymousRefusals {
    private struct Window {
        let minute: Int64
        var more = 0
    }

    struct Summary: Equatable {
        let address: String
        let count: Int
    }

    private var windows: [String: Window] = [:]

    /// Whether this refusal is recorded on its own, and the finished minutes of this address.
    func note(address: String, at now: Date) -> (recordNow: Bool, finished: [Summary]) {
        let minute = Int64(now.timeIntervalSince1970 / 60)
        if var window = windows[address], window.minute == minute {
            window.more += 1
            windows[address] = window
            return (false, [])
        }
        let finished = windows[address].flatMap { $0.more > 0 ? [Summary(address: address, count: $0.more)] : nil } ?? []
        windows[address] = Window(minute: minute)
        return (true, finished)
    }

    /// The counts of every minute that is over (of all minutes, with `now` nil: at shutdown).
    func drain(before now: Date?) -> [Summary] {
        let current = now.map { Int64($0.timeIntervalSince1970 / 60) } ?? .max
        var finished: [Summary] = []
        for (address, window) in windows where window.minute < current {
            if window.more > 0 { finished.append(Summary(address: address, count: window.more)) }
            windows[address] = nil
        }
        return finished
    }

    /// One entry per summary, with the refused address and no person.
    static func record(_ summaries: [Summary], app: Application) async {
        for summary in summaries {
            LotseMetrics.anonymousRefusalsSummarised(summary.count)
            let audit = AuditContext(districtID: nil, actorID: nil, clientAddress: summary.address, requestID: "zusammengefasst",
                                     chain: app.lotse.auditChain, now: app.lotse.configuration.now, groupCommit: app.lotse.auditGroupCommit)
            do {
                try await audit.record(.accessDeniedRepeated, outcome: .denied, repeats: summary.count, on: app.db)
            } catch {
                app.logger.warning("summary of anonymous refusals could not be written",
                                   metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            }
        }
    }
}

extension RepeatingJob {
    /// Every minute, the refusals of the minute that ended become their summary entries; at
    /// shutdown, whatever is still counted.
    static var anonymousRefusals: RepeatingJob {
        RepeatingJob("anonymous_refusals", firstDelay: .seconds(60), every: .seconds(60)) { app in
            await AnonymousRefusals.record(await app.lotse.anonymousRefusals.drain(before: app.lotse.configuration.now()), app: app)
        } finally: { app in
            await AnonymousRefusals.record(await app.lotse.anonymousRefusals.drain(before: nil), app: app)
        }
    }
}
