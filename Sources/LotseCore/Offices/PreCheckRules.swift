/// A pre-check walks a client through a checklist version (issue 16, part 3): each requirement is
/// met, not met or not yet clear, with a note, and a requirement that will be met later (a
/// residence period, a language certificate) can carry the day to look at it again.
public enum PreCheckStatus: String, Vocabulary {
    case met, notMet, unknown

    public var germanName: String {
        switch self {
        case .met: "erfüllt"
        case .notMet: "nicht erfüllt"
        case .unknown: "noch unklar"
        }
    }
}

public enum PreCheckRules {
    public struct Answer: Sendable, Equatable, Codable {
        public let position: Int
        public let status: PreCheckStatus
        public let note: String
        public let reviewOn: String?

        public init(position: Int, status: PreCheckStatus, note: String, reviewOn: String?) {
            self.position = position
            self.status = status
            self.note = note
            self.reviewOn = reviewOn
        }
    }

    public struct Summary: Sendable, Equatable {
        public let met: Int
        public let missing: [Int]
        public let unclear: [Int]
        /// The earliest review day of a requirement not met yet, if any.
        public let nextReview: String?
    }

    /// What is still missing of a checklist of `positions`: a requirement without an answer counts as unclear.
    public static func summary(positions: [Int], answers: [Answer]) -> Summary {
        let byPosition = Dictionary(answers.map { ($0.position, $0) }, uniquingKeysWith: { _, last in last })
        let status = positions.map { ($0, byPosition[$0]?.status ?? .unknown) }
        return Summary(met: status.filter { $0.1 == .met }.count, missing: status.filter { $0.1 == .notMet }.map(\.0),
                       unclear: status.filter { $0.1 == .unknown }.map(\.0),
                       nextReview: answers.filter { $0.status != .met }.compactMap(\.reviewOn).min())
    }
}
