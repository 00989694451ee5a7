/// Hex digests and zero-padded numbers written digit by digit. `String(format:)` goes through
/// NSString formatting for every call; on the hot paths (the session lookup, the audit hash of every
/// request, every day on a page) it stood out in the profile of ordinary pages (issue 17).
public enum Digits {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hex, two digits a byte (what `String(format: "%02x")` per byte wrote).
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A non-negative number with leading zeros up to `width` digits (`%02d`, `%04d`); a negative
    /// one keeps its sign in front of the zeros, as printf does.
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0)))
        return (value < 0 ? "-" : "") + zeros + digits
    }
}
