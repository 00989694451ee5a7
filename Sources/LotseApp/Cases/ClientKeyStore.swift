import Fluent
import Foundation
import LotseCore
import Vapor

extension DatabaseID {
    /// The key store for the per-client data keys: its own SQLite file or its own PostgreSQL
    /// schema, apart from the case database, so it can be backed up and destroyed on its own.
    static let keyStore = DatabaseID(string: "keystore")
}

/// One client's data key, wrapped by the master key. Deleting the row shreds the client's data.
final class ClientKey: Model, @unchecked Sendable {
    static let schema = "client_keys"

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
        for record in try await ClientKey.query(on: keys).filter(\.$id ~~ clientIDs).all() {
            guard let id = record.id else { continue }
            result[id] = try wrapper.unwrap(record.wrappedKey, clientID: id)
        }
        return result
    }

    func destroy(clientID: UUID) async throws {
        try await ClientKey.query(on: keys).filter(\.$id == clientID).delete()
    }
}
