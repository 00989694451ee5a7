import Foundation

/// The time of a meeting as people type it ("14:00", "9.30", "14 Uhr"), kept as "HH:MM".
public enum MeetingTime {
    public static func normalised(_ text: String) -> String? {
        var cleaned = text.trimmingCharacters(in: .whitespaces).lowercased()
        if cleaned.hasSuffix("uhr") { cleaned = String(cleaned.dropLast(3)).trimmingCharacters(in: .whitespaces) }
        let parts = cleaned.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "." }).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { character in character.isNumber } }),
              let hour = Int(parts[0]), (0...23).contains(hour) else { return nil }
        let minute = parts.count == 2 ? Int(parts[1]) ?? -1 : 0
        guard (0...59).contains(minute), parts.count == 1 || parts[1].count == 2 else { return nil }
        return String(format: "%02d:%02d", hour, minute)
    }
}
