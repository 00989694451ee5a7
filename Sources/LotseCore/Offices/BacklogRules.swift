import Foundation

/// One office's figures for one procedure in one month (issue 16, part 5): what came in, what was
/// decided and how, and what was still pending at the month's end, with how much of it was older
/// than three and six months. Counts only: no person is in them.
public struct BacklogFigures: Sendable, Equatable, Codable {
    public var received: Int
    public var granted: Int
    public var refused: Int
    public var withdrawn: Int
    public var pending: Int
    public var pendingOverThreeMonths: Int
    public var pendingOverSixMonths: Int

    public init(received: Int = 0, granted: Int = 0, refused: Int = 0, withdrawn: Int = 0, pending: Int = 0,
                pendingOverThreeMonths: Int = 0, pendingOverSixMonths: Int = 0) {
        self.received = received
        self.granted = granted
        self.refused = refused
        self.withdrawn = withdrawn
        self.pending = pending
        self.pendingOverThreeMonths = pendingOverThreeMonths
        self.pendingOverSixMonths = pendingOverSixMonths
    }

    public var decided: Int { granted + refused + withdrawn }

    /// The counts in the order of the form and the CSV file, with their German labels.
    public enum Count: String, CaseIterable, Sendable {
        case received, granted, refused, withdrawn, pending, pendingOverThreeMonths, pendingOverSixMonths

        public var key: String { rawValue }

        public var label: String {
            switch self {
            case .received: "Eingänge"
            case .granted: "Erteilt"
            case .refused: "Abgelehnt"
            case .withdrawn: "Zurückgenommen"
            case .pending: "Anhängig am Monatsende"
            case .pendingOverThreeMonths: "davon älter als 3 Monate"
            case .pendingOverSixMonths: "davon älter als 6 Monate"
            }
        }
    }

    public static var fields: [Count] { Count.allCases }

    public subscript(_ count: Count) -> Int {
        get {
            switch count {
            case .received: received
            case .granted: granted
            case .refused: refused
            case .withdrawn: withdrawn
            case .pending: pending
            case .pendingOverThreeMonths: pendingOverThreeMonths
            case .pendingOverSixMonths: pendingOverSixMonths
            }
        }
        set {
            switch count {
            case .received: received = newValue
            case .granted: granted = newValue
            case .refused: refused = newValue
            case .withdrawn: withdrawn = newValue
            case .pending: pending = newValue
            case .pendingOverThreeMonths: pendingOverThreeMonths = newValue
            case .pendingOverSixMonths: pendingOverSixMonths = newValue
            }
        }
    }
}

public enum BacklogRules {
    /// The largest count one office reports for one procedure and month: a typo guard, not a law.
    public static let maximum = 100_000

    public enum Problem: Sendable, Equatable {
        case notANumber(label: String)
        case outOfRange(label: String)
        case overThreeExceedsPending
        case overSixExceedsOverThree
        case monthUnreadable
        case monthInFuture

        public var message: String {
            switch self {
            case .notANumber(let label): "„\(label)“ muss eine ganze Zahl sein (0 oder mehr)."
            case .outOfRange(let label): "„\(label)“ muss zwischen 0 und \(GermanFormat.number(maximum)) liegen."
            case .overThreeExceedsPending: "Es können nicht mehr Anträge älter als 3 Monate sein als am Monatsende anhängig sind."
            case .overSixExceedsOverThree: "Es können nicht mehr Anträge älter als 6 Monate sein als älter als 3 Monate."
            case .monthUnreadable: "Bitte geben Sie den Monat als MM.JJJJ an (oder einen Tag des Monats als TT.MM.JJJJ)."
            case .monthInFuture: "Zahlen gibt es erst, wenn der Monat begonnen hat."
            }
        }
    }

    /// The counts as typed (empty counts as 0), and their problems, keyed by field.
    public static func figures(_ texts: [String: String]) -> (BacklogFigures, [(key: String, problem: Problem)]) {
        var figures = BacklogFigures()
        var problems: [(String, Problem)] = []
        for field in BacklogFigures.fields {
            let text = (texts[field.key] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")
            if text.isEmpty { continue }
            guard let value = Int(text) else { problems.append((field.key, .notANumber(label: field.label))); continue }
            guard (0...maximum).contains(value) else { problems.append((field.key, .outOfRange(label: field.label))); continue }
            figures[field] = value
        }
        return (figures, problems + consistency(figures))
    }

    /// What the counts must satisfy among themselves.
    public static func consistency(_ f: BacklogFigures) -> [(key: String, problem: Problem)] {
        var problems: [(String, Problem)] = []
        if f.pendingOverThreeMonths > f.pending { problems.append(("pendingOverThreeMonths", .overThreeExceedsPending)) }
        if f.pendingOverSixMonths > f.pendingOverThreeMonths { problems.append(("pendingOverSixMonths", .overSixExceedsOverThree)) }
        return problems
    }

    /// "2025-03" from "03.2025", "3.2025", "31.03.2025" (a day of the month, as office exports
    /// write the month's end) or "2025-03"; nil for anything else.
    public static func month(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var month: Int?, year: Int?
        switch parts.count {
        case 2: (month, year) = (Int(parts[0]), Int(parts[1]))
        case 3:
            guard let day = Int(parts[0]), (1...31).contains(day) else { return nil }
            (month, year) = (Int(parts[1]), Int(parts[2]))
        default:
            let iso = text.trimmingCharacters(in: .whitespaces).split(separator: "-").map(String.init)
            guard iso.count == 2, iso[0].count == 4 else { return nil }
            (month, year) = (Int(iso[1]), Int(iso[0]))
        }
        guard let month, let year, (1...12).contains(month), (2000...2099).contains(year) else { return nil }
        return String(format: "%04d-%02d", year, month)
    }

    /// A month (YYYY-MM) may be reported once it has begun.
    public static func isReportable(_ month: String, today: String) -> Bool { month <= String(today.prefix(7)) }

    /// "03.2025" for "2025-03".
    public static func germanMonth(_ month: String) -> String {
        let parts = month.split(separator: "-")
        return parts.count == 2 ? "\(parts[1]).\(parts[0])" : month
    }

    // MARK: The CSV shape

    public static let header = ["Monat", "Verfahren"] + BacklogFigures.fields.map(\.label)

    public struct Row: Sendable, Equatable {
        public let month: String
        public let procedure: Procedure
        public let figures: BacklogFigures

        public init(month: String, procedure: Procedure, figures: BacklogFigures) {
            self.month = month
            self.procedure = procedure
            self.figures = figures
        }
    }

    public struct RejectedLine: Sendable, Equatable, Codable {
        public let line: Int
        public let reasons: [String]

        public init(line: Int, reasons: [String]) {
            self.line = line
            self.reasons = reasons
        }
    }

    /// A file not taken, with every wrong line.
    public struct Rejected: Error, Sendable, Equatable {
        public let lines: [RejectedLine]
    }

    /// Reads the rows of a file in the offices' export shape (the header, then one row per month
    /// and procedure). Every problem of every line is reported; rows come back only if there is none.
    public static func read(_ rows: [[String]], today: String) -> Result<[Row], Rejected> {
        guard let first = rows.first, first.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            return .failure(Rejected(lines: [RejectedLine(line: 1, reasons: ["Die erste Zeile muss die Spaltenköpfe enthalten: " + header.joined(separator: ";")])]))
        }
        var read: [Row] = []
        var rejected: [RejectedLine] = []
        var seen: [String: Int] = [:]
        for (offset, cells) in rows.dropFirst().enumerated() {
            let line = offset + 2
            var reasons: [String] = []
            guard cells.count == header.count else {
                rejected.append(RejectedLine(line: line, reasons: ["Die Zeile hat \(cells.count) statt \(header.count) Spalten."]))
                continue
            }
            let month = Self.month(cells[0])
            if month == nil { reasons.append(Problem.monthUnreadable.message) }
            if let month, !isReportable(month, today: today) { reasons.append(Problem.monthInFuture.message) }
            let procedure = Procedure(codeOrName: cells[1])
            if procedure == nil { reasons.append("Das Verfahren „\(cells[1])“ kennt Lotse nicht (etwa „§ 25b“ oder „Einbürgerung“).") }
            let texts = Dictionary(uniqueKeysWithValues: BacklogFigures.fields.enumerated().map { ($1.key, CSV.value(cells[$0 + 2])) })
            let (figures, problems) = Self.figures(texts)
            reasons += problems.map(\.problem.message)
            if let month, let procedure {
                let key = "\(month)/\(procedure.rawValue)"
                if let earlier = seen[key] {
                    reasons.append("\(germanMonth(month)) und dieses Verfahren stehen schon in Zeile \(earlier).")
                } else {
                    seen[key] = line
                }
            }
            if reasons.isEmpty, let month, let procedure {
                read.append(Row(month: month, procedure: procedure, figures: figures))
            } else {
                rejected.append(RejectedLine(line: line, reasons: reasons))
            }
        }
        if read.isEmpty && rejected.isEmpty { rejected.append(RejectedLine(line: 2, reasons: ["Die Datei enthält keine Zahlen."])) }
        return rejected.isEmpty ? .success(read) : .failure(Rejected(lines: rejected))
    }

    /// The rows as the offices' export shape, for the download.
    public static func write(_ rows: [Row]) -> String {
        var text = CSV.byteOrderMark + CSV.row(header)
        for row in rows {
            let counts: [String] = BacklogFigures.fields.map { String(row.figures[$0]) }
            text += CSV.row([germanMonth(row.month), row.procedure.germanName] + counts)
        }
        return text
    }

    // MARK: The trend

    /// How the backlog went: per month, the pending applications and those older than six months,
    /// and whether the oldest part grew or shrank over the months given.
    public struct Trend: Sendable, Equatable {
        public let months: [String]
        public let pending: [Int]
        public let overSix: [Int]

        /// The change of the applications older than six months from the first month to the last.
        public var overSixChange: Int { (overSix.last ?? 0) - (overSix.first ?? 0) }
    }

    /// The trend of `rows` (one procedure, or several added up per month), oldest month first.
    public static func trend(_ rows: [Row]) -> Trend {
        let byMonth = Dictionary(grouping: rows, by: \.month)
        let months = byMonth.keys.sorted()
        return Trend(months: months, pending: months.map { byMonth[$0, default: []].reduce(0) { $0 + $1.figures.pending } },
                     overSix: months.map { byMonth[$0, default: []].reduce(0) { $0 + $1.figures.pendingOverSixMonths } })
    }
}
