import Fluent
import Foundation
import LotseCore

/// A record that counts in published figures: it carries its cell-key share (`record_key`), so
/// that the database can count and add up keys in one `GROUP BY` (`RecordTallies`).
protocol KeyedRecord: Model where IDValue == UUID {
    var recordKey: Int64? { get set }
}

/// Gives every counted record its key when it is created, however it is created (a form, the API,
/// the demo, the data generator's batches): the key is the HMAC of the id, so the id is fixed first.
struct RecordKeyMiddleware<Record: KeyedRecord>: AsyncModelMiddleware {
    let keys: RecordKeys

    func create(model: Record, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let id = model.id ?? UUID()
        model.id = id
        model.recordKey = keys.storedKey(of: id)
        try await next.create(model, on: db)
    }

    /// Registers the middleware for every kind of counted record.
    static func register(on databases: Databases, keys: RecordKeys) {
        databases.middleware.use(RecordKeyMiddleware<CaseFile>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<CaseContact>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<Referral>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<CaseConference>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<Finding>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<BriefContact>(keys: keys))
        databases.middleware.use(RecordKeyMiddleware<OfficeHandover>(keys: keys))
    }
}
