import Fluent
import Foundation
import Testing
@testable import LotseApp
@testable import LotseCore

/// The proof of DESIGN.md §4.6, first half. Random districts are grown in the database over three
/// school years; at the end of each year everything a steering-group member and the state see is
/// published through the real code (the steering overview's five tables, every topic's counts as in
/// the decision paper and the letter to the state, and at the end the annual figures of all three
/// years, as in the annual report and the controlling export), while a `FigureLedger` notes each
/// figure with the records behind it.
///
/// Here: every true count lies inside what its published value can stand for, the same records
/// always give the same figure, and the probe does contain small counts to protect. With
/// `LOTSE_DISCLOSURE_PROBE` set, everything is written there as JSON for the interval attacker
/// (`tests/disclosure/test_interval_attacker.py`, run by `scripts/test`), which then tries to pin
/// each small count with linear programming. `LOTSE_PROBE_DISTRICTS` sets how many districts.
@Suite struct DisclosureProbeTests {
    static let years = [2023, 2024, 2025].map { ReportingPeriod(kind: .schoolYear, startYear: $0) }

    @Test func everythingPublishedOverThreeYearsStaysWithinTheRule() async throws {
        let environment = ProcessInfo.processInfo.environment
        let districts = Int(environment["LOTSE_PROBE_DISTRICTS"] ?? "") ?? 6
        // Two lanes at once, ten districts to a fresh database each time, so that one district's
        // queries do not wade through all the others.
        let grown = try await withThrowingTaskGroup(of: [(index: Int, threshold: Int, entries: [FigureLedger.Entry])].self) { group in
            for lane in 0..<2 {
                group.addTask {
                    var lines: [(index: Int, threshold: Int, entries: [FigureLedger.Entry])] = []
                    for batch in stride(from: lane * 10, to: districts, by: 20) {
                        try await withLotse { context in
                            for index in batch..<min(batch + 10, districts) {
                                var random = ProbeRandom(seed: 20_261_130 + UInt64(index))
                                let district = try await ProbeDistrict.build(index, context: context, random: &random)
                                let ledger = FigureLedger()
                                try await FigureLedger.$current.withValue(ledger) {
                                    try await district.grow(context: context, random: &random)
                                }
                                #expect(ledger.mismatched.isEmpty, "figures the database counted differ from their records' keys: \(ledger.mismatched.prefix(5))")
                                lines.append((index, district.threshold, ledger.recorded))
                            }
                        }
                    }
                    return lines
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted { $0.index < $1.index }
        }
        var output: [[String: Any]] = []
        var protected = 0
        for district in grown {
            let (figures, small) = try Self.check(district.entries)
            protected += small
            output.append(["district": district.index, "threshold": district.threshold, "figures": figures])
        }
        #expect(protected > districts, "the probe must hold small counts to protect")
        if let path = environment["LOTSE_DISCLOSURE_PROBE"] {
            let data = try JSONSerialization.data(withJSONObject: ["districts": output, "rule": ["maxDeviation": CellKeyRule.maxDeviation]])
            try data.write(to: URL(fileURLWithPath: path))
        }
    }

    /// Every figure's truth inside what its value can stand for, the same records always the same
    /// figure; the figures with their records numbered, and how many of them are small.
    static func check(_ entries: [FigureLedger.Entry]) throws -> (figures: [[String: Any]], protected: Int) {
        var numbers: [UUID: Int] = [:]
        var figures: [[String: Any]] = []
        var seen: [[UUID]: Int?] = [:]
        var protected = 0
        for entry in entries {
            let truth = entry.ids.count
            let published: PublishedCount = entry.value.map { .value($0) } ?? .belowThreshold
            let range = try #require(DisclosureControl.possibleTruths(published, threshold: entry.threshold), "\(entry.name): \(published)")
            #expect(range.contains(truth), "\(entry.name): \(truth) published as \(published)")
            let sorted = entry.ids.sorted { $0.uuidString < $1.uuidString }
            if let earlier = seen[sorted] { #expect(earlier == entry.value, "\(entry.name): the same records published differently") }
            seen[sorted] = entry.value
            if truth > 0 && truth < entry.threshold { protected += 1 }
            let ids = entry.ids.map { id in
                if let number = numbers[id] { return number }
                numbers[id] = numbers.count
                return numbers.count - 1
            }
            figures.append(["name": entry.name, "ids": ids, "value": entry.value.map { $0 as Any } ?? NSNull()])
        }
        return (figures, protected)
    }
}

/// A small seeded generator (xorshift64*), so a probe run can be repeated exactly.
struct ProbeRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// One random district and the life of its cases over three school years.
struct ProbeDistrict {
    struct PlannedCase {
        let file: CaseFile
        /// Each phase with the day it was entered; the last may be `.closed`.
        let path: [(day: String, phase: Phase)]
        var opened: String { path[0].day }
        var lastDay: String { path.last?.phase == .closed ? path.last!.day : "9999-12-31" }
        func phase(on day: String) -> Phase { path.last { $0.day <= day }?.phase ?? .intake }
    }

    let id: UUID
    let threshold: Int
    let userID: UUID
    let towns: [UUID]
    let providers: [UUID]
    let cases: [PlannedCase]

    static func build(_ index: Int, context: TestContext, random: inout ProbeRandom) async throws -> ProbeDistrict {
        let db = context.app.db
        let district = District()
        district.name = "Probekreis \(index)"
        district.isActive = true
        try await district.create(on: db)
        let districtID = try district.requireID()
        let setting = DistrictSetting()
        setting.districtID = districtID
        setting.disclosureThreshold = [5, 5, 5, 3, 10][index % 5]
        try await setting.create(on: db)
        let user = User()
        user.districtID = districtID
        user.username = "probe.\(index)"
        user.displayName = "Probe \(index)"
        user.passwordHash = "-"
        user.mustChangePassword = false
        user.isActive = true
        try await user.create(on: db)
        var towns: [UUID] = []
        for number in 0..<Int.random(in: 2...7, using: &random) {
            let town = Municipality()
            town.districtID = districtID
            town.name = "Gemeinde \(number)"
            town.isActive = true
            try await town.create(on: db)
            towns.append(try town.requireID())
        }
        var providers: [UUID] = []
        for kind in ProviderKind.allCases {
            let provider = Provider()
            provider.districtID = districtID
            provider.name = "Stelle \(kind.rawValue)"
            provider.kind = kind
            (provider.phone, provider.email, provider.website, provider.address) = ("", "", "", "")
            provider.municipalityIDs = []
            provider.isActive = true
            try await provider.create(on: db)
            providers.append(try provider.requireID())
        }
        // Mostly small districts, where small counts are most of the figures.
        let size = random.chance(0.45) ? Int.random(in: 3...12, using: &random)
            : random.chance(0.7) ? Int.random(in: 13...50, using: &random) : Int.random(in: 51...120, using: &random)
        let first = GermanFormat.day(DisclosureProbeTests.years[0].start)!, last = GermanFormat.day(DisclosureProbeTests.years[2].end)!
        let cases = (0..<size).map { number in
            let file = CaseFile()
            file.id = UUID()
            file.districtID = districtID
            // Some municipalities carry most of the cases.
            file.municipalityID = towns[min(Int.random(in: 0..<towns.count, using: &random), Int.random(in: 0..<towns.count, using: &random))]
            file.number = "P-\(index)-\(number)"
            file.accessChannel = AccessChannel.allCases.randomElement(using: &random)!
            file.lifeDomains = Array(Set((0..<Int.random(in: 1...3, using: &random)).map { _ in LifeDomain.allCases.randomElement(using: &random)! }))
            file.caseManagerID = try! user.requireID()
            var day = first.addingTimeInterval(Double(Int.random(in: 0...Int(last.timeIntervalSince(first) / 86_400), using: &random)) * 86_400)
            var path: [(String, Phase)] = [(GermanFormat.isoDay(day), .intake)]
            var phase = Phase.intake
            while true {
                day = day.addingTimeInterval(Double(Int.random(in: 15...250, using: &random)) * 86_400)
                guard day <= last else { break }
                phase = random.chance(0.2) || phase == .monitoring ? .closed : Phase.allCases[Phase.allCases.firstIndex(of: phase)! + 1]
                path.append((GermanFormat.isoDay(day), phase))
                if phase == .closed { break }
            }
            return PlannedCase(file: file, path: path)
        }
        return ProbeDistrict(id: districtID, threshold: setting.disclosureThreshold, userID: try user.requireID(), towns: towns, providers: providers, cases: cases)
    }

    /// Year by year: the cases, their phases, contacts, referrals, conferences and findings of the
    /// year enter the database; then everything is published as it stands at the end of the year.
    /// At the end, the three years' figures as in the annual report and the controlling export.
    func grow(context: TestContext, random: inout ProbeRandom) async throws {
        let db = context.app.db
        let audit = context.app.audit(requestID: "probe")
        let people = try context.app.knownPeople(audit: audit)
        let keys = context.app.lotse.recordKeys
        var topics: [UUID] = []
        for year in DisclosureProbeTests.years {
            let end = year.end
            let noon = { (day: String) in GermanFormat.day(day)!.addingTimeInterval(12 * 3600) }
            var batch = Batch()
            for planned in cases where planned.opened <= end {
                let file = planned.file
                let phase = planned.phase(on: end)
                let closedOn = planned.lastDay <= end ? planned.lastDay : nil
                if year.contains(planned.opened) {
                    file.openedOn = planned.opened
                    file.phase = phase
                    file.closedOn = closedOn
                    batch.cases.append(file)
                } else if file.phase != phase || file.closedOn != closedOn {
                    file.phase = phase
                    file.closedOn = closedOn
                    try await file.update(on: db)
                }
                for step in planned.path where year.contains(step.day) {
                    let event = PhaseEvent()
                    event.caseFileID = try file.requireID()
                    event.phase = step.phase
                    event.enteredAt = noon(step.day)
                    batch.events.append(event)
                }
                addCaseWork(planned, in: year, into: &batch, random: &random)
            }
            for _ in 0..<Int.random(in: 0...(cases.count / 2 + 2), using: &random) {
                let contact = BriefContact()
                contact.districtID = id
                contact.municipalityID = towns.randomElement(using: &random)!
                contact.contactOn = day(in: year.start, year.end, random: &random)
                contact.accessChannel = AccessChannel.allCases.randomElement(using: &random)!
                contact.lifeDomains = [LifeDomain.allCases.randomElement(using: &random)!]
                contact.outcome = BriefContactOutcome.allCases.randomElement(using: &random)!
                contact.recordedBy = userID
                batch.briefContacts.append(contact)
            }
            try await batch.save(on: db)
            let now = noon(end).addingTimeInterval(86_400)
            let topicDesk = TopicDesk(scope: .operatorCommand(.manageTopics, districtID: id), db: db, audit: audit, now: now, actorID: userID, people: people)
            if topics.isEmpty {
                for number in 0..<Int.random(in: 1...3, using: &random) {
                    topics.append(try await topicDesk.createTopic(.init(title: "Thema \(number)", statement: "Eine Lücke im Angebot.", priority: .medium), findingIDs: []).requireID())
                }
            }
            try await assign(topics: topics, db: db, random: &random)
            // What the steering group sees at the end of the year, and the topics' counts.
            let steering = SteeringDesk(scope: .operatorCommand(.readSteering, districtID: id), db: db, audit: audit, now: now, actorID: userID,
                                        people: people, recordKeys: keys)
            _ = try await steering.figures()
            let publisher = try await steering.figurePublisher()
            for topic in topics {
                let detail = try await topicDesk.detail(topic)
                _ = publisher.text(detail.evidence.findingIDs, name: "\(year.label) | Thema \(detail.title) | Erkenntnisse")
                _ = publisher.text(detail.evidence.caseIDs, name: "\(year.label) | Thema \(detail.title) | Fälle")
            }
        }
        let programme = ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: id), db: db, audit: audit,
                                      now: GermanFormat.day(DisclosureProbeTests.years[2].end)!.addingTimeInterval(30 * 86_400), actorID: userID, recordKeys: keys)
        for year in DisclosureProbeTests.years { _ = try await CaseWorkFigures.load(programme, year) }
    }

    /// Contacts, referrals, a conference now and then and findings of one case in one year.
    private func addCaseWork(_ planned: PlannedCase, in year: ReportingPeriod, into batch: inout Batch, random: inout ProbeRandom) {
        let from = max(planned.opened, year.start), to = min(planned.lastDay, year.end)
        guard from <= to else { return }
        let caseID = planned.file.id!
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            let contact = CaseContact()
            contact.caseFileID = caseID
            contact.contactOn = day(in: from, to, random: &random)
            contact.kind = ContactKind.allCases.randomElement(using: &random)!
            contact.minutes = 30
            contact.interpreterUsed = false
            batch.contacts.append(contact)
        }
        for _ in 0..<Int.random(in: 0...1, using: &random) {
            let referral = Referral()
            referral.districtID = id
            referral.municipalityID = planned.file.municipalityID
            referral.caseFileID = caseID
            referral.providerID = providers.randomElement(using: &random)!
            referral.lifeDomain = LifeDomain.allCases.randomElement(using: &random)!
            referral.sealedReason = "-"
            referral.handoverItems = []
            referral.status = .planned
            referral.referredOn = day(in: from, to, random: &random)
            batch.referrals.append(referral)
        }
        if random.chance(0.15) {
            let conference = CaseConference()
            conference.districtID = id
            conference.caseFileID = caseID
            conference.level = ConferenceLevel.allCases.randomElement(using: &random)!
            conference.heldOn = day(in: from, to, random: &random)
            conference.calledBy = userID
            conference.participantProviderIDs = []
            conference.consentIDs = []
            batch.conferences.append(conference)
        }
        for _ in 0..<(random.chance(0.3) ? Int.random(in: 1...2, using: &random) : 0) {
            let finding = Finding()
            finding.districtID = id
            finding.municipalityID = planned.file.municipalityID
            finding.caseFileID = caseID
            finding.category = FindingCategory.allCases.randomElement(using: &random)!
            finding.lifeDomain = LifeDomain.allCases.randomElement(using: &random)!
            finding.legalDomains = []
            finding.level = FindingLevel.allCases.randomElement(using: &random)!
            finding.details = "Kein passendes Angebot."
            finding.reportedBy = userID
            finding.reportedOn = day(in: from, to, random: &random)
            batch.findings.append(finding)
        }
    }

    /// A year's new records, written together (one insert per table).
    struct Batch {
        var cases: [CaseFile] = []
        var events: [PhaseEvent] = []
        var contacts: [CaseContact] = []
        var referrals: [Referral] = []
        var conferences: [CaseConference] = []
        var findings: [Finding] = []
        var briefContacts: [BriefContact] = []

        func save(on db: any Database) async throws {
            try await cases.create(on: db)
            try await events.create(on: db)
            try await contacts.create(on: db)
            try await referrals.create(on: db)
            try await conferences.create(on: db)
            try await findings.create(on: db)
            try await briefContacts.create(on: db)
        }
    }

    /// Some of the findings not yet in a topic go into one.
    private func assign(topics: [UUID], db: any Database, random: inout ProbeRandom) async throws {
        let assigned = Set(try await FindingAssignment.query(on: db).filter(\.$districtID == id).all().map(\.findingID))
        var assignments: [FindingAssignment] = []
        for finding in try await Finding.query(on: db).filter(\.$districtID == id).all() where !assigned.contains(try finding.requireID()) {
            guard random.chance(0.4) else { continue }
            let assignment = FindingAssignment()
            assignment.districtID = id
            assignment.findingID = try finding.requireID()
            assignment.topicID = topics.randomElement(using: &random)!
            assignments.append(assignment)
        }
        try await assignments.create(on: db)
    }

    private func day(in from: String, _ to: String, random: inout ProbeRandom) -> String {
        let start = GermanFormat.day(from)!, end = GermanFormat.day(to)!
        return GermanFormat.isoDay(start.addingTimeInterval(Double(Int.random(in: 0...max(0, Int(end.timeIntervalSince(start) / 86_400)), using: &random)) * 86_400))
    }
}
