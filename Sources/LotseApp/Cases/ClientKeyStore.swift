import Fluent
import Foundation
import LotseCore
import SQLKit
import Vapor

extension DatabaseID {
    /// The key store for the per-client data keys: its own SQLite file or its own PostgreSQL
    /// schema, apart from the case database, so it can be backed up and destroyed on its own.
    static let keyStore = DatabaseID(string: "keystore")
}

/// One client's data key, wrapped by the master key. Deleting the row shreds the client's data.
final class ClientKey: Model, @unchecked Sendable {
    static let schema = "client_keys"
    var properties: [any AnyProperty] { [$id, $districtID, $wrappedKey, $createdAt] }

    /// The client's id: one key per client.
    @ID(custom: "client_id", generatedBy: .user) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "wrapped_key") var wrappedKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Opens and creates the per-client keys. Without a key there is no reading: an erased client's
/// data stays sealed even in an old backup of the case database.
struct ClientVault: Sendable {
    let keys: any Database
    let wrapper: ClientKeyWrapper

    func create(clientID: UUID, districtID: UUID) async throws -> ClientCipher {
        let dataKey = wrapper.newDataKey()
        let record = ClientKey()
        record.id = clientID
        record.districtID = districtID
        record.wrappedKey = try wrapper.wrap(dataKey, clientID: clientID)
        try await record.create(on: keys)
        return try wrapper.unwrap(record.wrappedKey, clientID: clientID)
    }

    func cipher(for clientID: UUID) async throws -> ClientCipher {
        guard let record = try await ClientKey.find(clientID, on: keys) else {
            throw PublicError(status: .gone, reason: "Die Daten dieser Person wurden gelöscht und sind nicht mehr lesbar.")
        }
        return try wrapper.unwrap(record.wrappedKey, clientID: clientID)
    }

    /// The ciphers of many clients in one read of the key store; erased clients are missing.
    func ciphers(for clientIDs: [UUID]) async throws -> [UUID: ClientCipher] {
        guard !clientIDs.isEmpty else { return [:] }
        var result: [UUID: ClientCipher] = [:]
        // Plain rows: lists open a page of clients at once, and a model per key cost its reflection (issue 17).
        guard let sql = keys as? any SQLDatabase else { throw PublicError(status: .internalServerError, reason: "Der Schlüsselspeicher braucht eine SQL-Datenbank.") }
        struct Wrapped: Decodable { let client_id: UUID; let wrapped_key: String }
        for row in try await sql.select().column("client_id").column("wrapped_key").from(ClientKey.schema).where("client_id", .in, clientIDs)
            .all(decoding: Wrapped.self) {
            result[row.client_id] = try wrapper.unwrap(row.wrapped_key, clientID: row.client_id)
        }
        return result
    }

    func destroy(clientID: UUID) async throws {
        try await ClientKey.query(on: keys).filter(\.$id == clientID).delete()
    }
}
