import Foundation
import Vapor

/// A background task of the server process: runs `work` after `firstDelay`, then every
/// `interval`; a failed run is logged, counted (`lotse_background_job_runs_total`) and tried again
/// after `retry`. Ends with the application; `finally` runs once at shutdown (e.g. to flush).
/// The audit anchor, the summary of anonymous refusals and the retention run are such jobs.
final class RepeatingJob: LifecycleHandler, @unchecked Sendable {
    let name: String
    let firstDelay: Duration
    let interval: Duration
    let retry: Duration
    let work: @Sendable (Application) async throws -> Void
    let finally: (@Sendable (Application) async -> Void)?

    private let lock = NSLock()
    private var task: Task<Void, Never>?

    init(_ name: String, firstDelay: Duration, every interval: Duration, retry: Duration? = nil,
         work: @escaping @Sendable (Application) async throws -> Void, finally: (@Sendable (Application) async -> Void)? = nil) {
        self.name = name
        self.firstDelay = firstDelay
        self.interval = interval
        self.retry = retry ?? interval
        self.work = work
        self.finally = finally
    }

    func didBootAsync(_ application: Application) async throws {
        let (name, firstDelay, interval, retry, work) = (name, firstDelay, interval, retry, work)
        let task = Task {
            try? await Task.sleep(for: firstDelay)
            while !Task.isCancelled {
                do {
                    try await work(application)
                    LotseMetrics.jobRan(name, succeeded: true)
                    try? await Task.sleep(for: interval)
                } catch {
                    LotseMetrics.jobRan(name, succeeded: false)
                    application.logger.warning("background job failed, next try later", metadata: [
                        "job": .string(name), "retry_seconds": .stringConvertible(retry.components.seconds),
                        "error_type": .string(String(reflecting: type(of: error)))])
                    try? await Task.sleep(for: retry)
                }
            }
        }
        lock.withLock { self.task = task }
    }

    func shutdownAsync(_ application: Application) async {
        lock.withLock { task }?.cancel()
        await finally?(application)
    }
}
