import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import LotseApp

/// Collects every log line one test application writes, through the same JSON log handler
/// production uses, so tests can search what would reach the log for canaries.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var text: String { lines.withLockedValue { $0.joined() } }

    func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "lotse.test") { label in
            JSONLogHandler(label: label, level: level) { [self] line in self.lines.withLockedValue { $0.append(line) } }
        }
        logger.logLevel = level
        return logger
    }
}
