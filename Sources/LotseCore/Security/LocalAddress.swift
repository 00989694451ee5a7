/// Where a redirect may lead: only to a path of Lotse itself.
///
/// A `Location` header is built from it, so nothing that came with a request may reach it
/// unchecked: no other host (`//evil.example`, `https://…`, `/\evil.example`), no line break that
/// would start a header of its own, nothing outside printable ASCII (Lotse's addresses are
/// percent-encoded).
public enum LocalAddress {
    public static func isSafe(_ target: String) -> Bool {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\") else { return false }
        return target.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
    }
}
