import Fluent
import Foundation
import LotseCore
import SQLKit

/// The reporting agency was the one free text of a case stored in plain text (issue 13). It moves
/// into `sealed_referring_party`: sealed with the client's key, or, for a case without a client
/// yet, with a key of the case's own in the key store. Reverting opens it again.
struct SealReferringParty: AsyncMigration {
    var name: String { "2026-11-30-seal-referring-party" }
    /// Nil without a master key: then there is nothing to seal with, and a database holding a
    /// reporting agency cannot be migrated (the error says so).
    let vault: ClientVault?

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseFile.schema).field("sealed_referring_party", .string).update()
        let rows = try await Self.rows(on: database, column: "referring_party").filter { !$0.text.isEmpty }
        for row in rows {
            let cipher = try await cipher(for: row, creating: true)
            try await CaseFile.query(on: database).filter(\.$id == row.id)
                .set(\.$sealedReferringParty, to: try cipher.seal(row.text, CaseFile.schema, row.id, "referringParty")).update()
        }
        try await database.schema(CaseFile.schema).deleteField("referring_party").update()
        try await Self.compact(database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseFile.schema).field("referring_party", .string, .required, .sql(.default(""))).update()
        for file in try await CaseFile.query(on: database).filter(\.$sealedReferringParty != nil).all() {
            let row = Row(id: try file.requireID(), districtID: file.districtID, clientID: file.clientID, text: "")
            let text = try await cipher(for: row, creating: false).open(file.sealedReferringParty, CaseFile.schema, file.id, "referringParty")
            guard let sql = database as? any SQLDatabase else { continue }
            try await sql.update(CaseFile.schema).set("referring_party", to: text).where("id", .equal, row.id).run()
            if file.clientID == nil { try await vault?.destroy(clientID: row.id) }
        }
        try await database.schema(CaseFile.schema).deleteField("sealed_referring_party").update()
    }

    struct Row {
        let id: UUID
        let districtID: UUID
        let clientID: UUID?
        let text: String
    }

    /// The plain column is no longer in the model, so it is read with SQL.
    static func rows(on database: any Database, column: String) async throws -> [Row] {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await sql.select().column("id").column("district_id").column("client_id").column(column).from(CaseFile.schema).all().map { row in
            Row(id: try row.decode(column: "id", as: UUID.self), districtID: try row.decode(column: "district_id", as: UUID.self),
                clientID: try row.decode(column: "client_id", as: UUID?.self),
                text: try row.decode(column: column, as: String.self))
        }
    }

    private func cipher(for row: Row, creating: Bool) async throws -> ClientCipher {
        guard let vault else {
            throw MigrationNeedsKey(reason: "Die meldenden Stellen müssen verschlüsselt werden; dafür braucht Lotse den Hauptschlüssel (LOTSE_MASTER_KEY oder Schlüsseldatei).")
        }
        if let clientID = row.clientID { return try await vault.cipher(for: clientID) }
        return creating ? try await vault.create(clientID: row.id, districtID: row.districtID)
                        : try await vault.cipher(for: row.id)
    }

    /// SQLite keeps a dropped column's bytes in free pages and in the write-ahead log until they
    /// are overwritten: the file is rebuilt so the plain text is gone from the disk as well.
    static func compact(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("VACUUM").run()
        try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
    }
}

struct MigrationNeedsKey: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
