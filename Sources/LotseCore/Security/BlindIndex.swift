import Crypto
import Foundation

/// Keyed hashes for looking up encrypted values (DESIGN.md §4.3): the same input gives the same
/// token, but without the key nobody can test a guessed name against the database. The key is
/// derived from the master key per district, so tokens do not match across tenants.
public struct BlindIndex: Sendable {
    private let key: SymmetricKey

    public init(masterKey: MasterKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey.key, info: Data("lotse:blind-index".utf8), outputByteCount: 32)
    }

    /// `kind` separates name words from phonetic codes and birth dates, so equal strings of
    /// different kinds never collide.
    public func token(_ value: String, kind: String, districtID: UUID) -> String {
        let message = Data("\(districtID.uuidString)|\(kind)|\(value)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return Digits.hex(Data(mac).prefix(16))
    }

    /// The search tokens of a client: each word of the name, its sound, and the birth date (if any),
    /// so a name is found in any spelling that sounds alike, and a birth date narrows duplicates.
    public func clientTokens(name: String, birthDate: String, districtID: UUID) -> [(kind: String, token: String)] {
        let keys = NameMatching.keys(name)
        var result = keys.exact.map { ("name", token($0, kind: "name", districtID: districtID)) }
        result += keys.phonetic.map { ("phonetic", token($0, kind: "phonetic", districtID: districtID)) }
        if !birthDate.isEmpty { result.append(("birthDate", token(birthDate, kind: "birthDate", districtID: districtID))) }
        return result
    }
}

/// The per-client data keys (DESIGN.md §4.3). Each client's data is sealed with its own random key;
/// that key is stored only wrapped by a key derived from the master key, in the key store apart
/// from the case database. Destroying the wrapped key makes the client's data unreadable for good.
public struct ClientKeyWrapper: Sendable {
    private let box: SecretBox

    public init(masterKey: MasterKey) {
        box = SecretBox(masterKey: masterKey, purpose: "client-data-key")
    }

    public func newDataKey() -> [UInt8] { SecureRandom.bytes(32) }

    /// Bound to the client's id: a wrapped key copied to another client does not open.
    public func wrap(_ dataKey: [UInt8], clientID: UUID) throws -> String {
        try box.seal(dataKey, context: "client:\(clientID.uuidString)")
    }

    public func unwrap(_ wrapped: String, clientID: UUID) throws -> ClientCipher {
        ClientCipher(key: SymmetricKey(data: try box.open(wrapped, context: "client:\(clientID.uuidString)")))
    }
}

/// Seals and opens the fields of one client with that client's data key (AES-256-GCM).
public struct ClientCipher: Sendable {
    let key: SymmetricKey

    /// `context` names the table, row and field, so a sealed value moved elsewhere does not open.
    public func seal(_ text: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw SecretBoxError.malformed }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key, authenticating: Data(context.utf8))
        return String(decoding: plain, as: UTF8.self)
    }
}
