/// RFC 4648 base32 without padding: the alphabet authenticator apps expect for TOTP secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer = 0
        var bitsLeft = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bitsLeft += 8
            while bitsLeft >= 5 {
                output.append(alphabet[(buffer >> (bitsLeft - 5)) & 31])
                bitsLeft -= 5
            }
        }
        if bitsLeft > 0 {
            output.append(alphabet[(buffer << (5 - bitsLeft)) & 31])
        }
        return output
    }

    /// Decodes, ignoring case, spaces and padding (people type secrets by hand). Nil on a bad character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0
        var bitsLeft = 0
        for character in text.uppercased() where character != " " && character != "=" {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bitsLeft += 5
            if bitsLeft >= 8 {
                output.append(UInt8((buffer >> (bitsLeft - 8)) & 0xFF))
                bitsLeft -= 8
            }
            buffer &= (1 << bitsLeft) - 1
        }
        return output
    }
}
