import Foundation

/// Which address a request came from. The socket's peer is the truth; `X-Forwarded-For` is a
/// claim anyone can send and is believed only when the peer is a proxy the operator configured.
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        let peerAddress = peer ?? "unbekannt"
        guard trustedProxies.contains(peerAddress), let header = forwardedFor else { return peerAddress }
        // The right-most entry not added by one of our own proxies is the client the proxy saw.
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.reversed().first { !trustedProxies.contains($0) } ?? peerAddress
    }
}
