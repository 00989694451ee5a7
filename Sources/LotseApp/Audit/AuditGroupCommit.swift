import Fluent
import Foundation
import LotseCore
import Vapor

/// Group commit for audit entries that stand alone (a read, a refused access, a sign-in step):
/// entries of concurrent requests are chained and stored in one transaction, under one lock of the
/// chain's head, instead of one transaction each (issue 17). Still synchronous: `append` returns only
/// once the entry is committed, so no page is shown whose reading is not yet in the trail.
/// Entries that record a change do not come here: they stay in the change's own transaction.
actor AuditGroupCommit {
    private let chain: AuditChain
    private let database: @Sendable () -> any Database
    private var waiting: [(draft: AuditRecord, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false
    /// How many transactions stored entries; the tests read it to see that entries were grouped.
    private(set) var commits = 0

    /// SQLite allows 32,766 bound values per statement; `AuditChain.append` inserts 1,000 rows of
    /// 13 values at a time, so a batch of this size is at most one statement per 1,000 entries.
    static let largestBatch = 1_000

    init(chain: AuditChain, database: @escaping @Sendable () -> any Database) {
        self.chain = chain
        self.database = database
    }

    func append(_ draft: AuditRecord) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((draft, done))
            guard !writing else { return }
            writing = true
            Task { await self.writeWhileWaiting() }
        }
    }

    /// Writes what waits, then what arrived meanwhile, until nothing waits.
    private func writeWhileWaiting() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.largestBatch))
            waiting.removeFirst(batch.count)
            do {
                try await database().transaction { [chain] database in
                    try await chain.append(batch.map(\.draft), on: database)
                }
                commits += 1
                for entry in batch { entry.done.resume() }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
        writing = false
    }
}

extension DatabaseID {
    /// The connection that writes the grouped audit entries on an SQLite file (`configureDatabase`).
    /// Registered only there: on PostgreSQL the group commit takes one of the pool's many connections,
    /// and an in-memory test database would be a second, empty database on a connection of its own.
    static let auditWriter = DatabaseID(string: "auditwriter")
}

extension Application {
    /// The event loop whose connection writes the grouped audit entries: always the same, so Fluent
    /// opens one writer connection, not one per loop.
    var auditWriterLoop: any EventLoop {
        var loops = eventLoopGroup.makeIterator()
        return loops.next()!
    }
}
