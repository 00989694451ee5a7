import Foundation
import Logging

/// One JSON object per line, so log collectors can filter by request id, level or route.
///
/// Lotse's own log lines carry no personal data, but libraries may attach values to theirs
/// (FluentKit logs every query's input at debug level). So only metadata keys on an allow-list
/// are written; any other key is dropped and counted. Messages of database queries are
/// written without their details.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let write: @Sendable (String) -> Void

    /// Keys whose values are ids, codes, counts or timings, never data about a person.
    static let allowedMetadata: Set<String> = [
        "request-id", "method", "route", "status", "duration_ms", "error_type", "database-id", "migration", "schema",
        "action", "data_dir",
    ]

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        logLevel = level
        self.write = write
    }

    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            // A format style is a value: building an ISO8601DateFormatter for every line cost
            // /healthz almost half its time (issue 17).
            "time": Date().formatted(.iso8601),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
        ]
        var dropped = 0
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            if Self.allowedMetadata.contains(key) { object[key] = value.description } else { dropped += 1 }
        }
        if dropped > 0 { object["metadata_dropped"] = String(dropped) }
        write(Self.line(object))
    }

    /// One flat JSON object of strings, keys sorted, and a line break. Written by hand: through
    /// JSONSerialization the log line of a request cost /healthz a quarter of its time (issue 17).
    static func line(_ object: [String: String]) -> String {
        var line = "{"
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendQuoted(key, to: &line)
            line += ":"
            appendQuoted(object[key] ?? "", to: &line)
        }
        line += "}\n"
        return line
    }

    private static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
    }
}
