import Fluent
import Foundation
import LotseCore
import Vapor

/// The offices' checklists of requirements (issue 16, part 2): read by case management, the
/// coordination and the offices; kept by the office that owns them, each change of law a new
/// version. No personal data: a checklist says what a procedure needs, not who meets it.
struct ChecklistDesk: PlainDesk {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID

    struct ItemInput: Sendable, Equatable {
        var title = ""
        var legalSource = ""
        var explanation = ""
        var documents = ""

        var isEmpty: Bool { [title, legalSource, explanation, documents].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    struct ChecklistInput: Sendable {
        var procedure: Procedure?
        var title = ""
        var validFrom = ""
        var items: [ItemInput] = []
        var isExample = false
    }

    /// How many item rows the form offers (the API takes any number).
    static let formRows = 12

    /// One version, its items, every version of its series and its office.
    struct Shown: Sendable {
        let checklist: RequirementChecklist
        let items: [ChecklistItem]
        let versions: [RequirementChecklist]
        let office: ImmigrationOffice
    }

    /// The version of each checklist valid today (or, before its start, the newest), by office.
    func current() async throws -> [RequirementChecklist] {
        let all = try await RequirementChecklist.query(on: db).filter(\.$districtID == scope.districtID).all()
        return Dictionary(grouping: all, by: \.seriesID).values.compactMap { versions in
            let rules = versions.map(\.versionRule)
            let chosen = ChecklistVersions.current(on: today, among: rules) ?? rules.max { $0.number < $1.number }
            return versions.first { $0.version == chosen?.number }
        }.sorted { ($0.procedure.rawValue, $0.title) < ($1.procedure.rawValue, $1.title) }
    }

    func shown(_ id: UUID) async throws -> Shown {
        guard let checklist = try await RequirementChecklist.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() else {
            throw PublicError.notFound
        }
        return try await shown([checklist])[0]
    }

    /// Each of `lists` with its items, its series' versions and its office: the same four queries
    /// for one checklist or all of them.
    func shown(_ lists: [RequirementChecklist]) async throws -> [Shown] {
        guard !lists.isEmpty else { return [] }
        let items = Dictionary(grouping: try await ChecklistItem.query(on: db).filter(\.$checklistID ~~ lists.compactMap(\.id)).sort(\.$position).all(),
                               by: \.checklistID)
        let versions = Dictionary(grouping: try await RequirementChecklist.query(on: db).filter(\.$seriesID ~~ Array(Set(lists.map(\.seriesID))))
            .sort(\.$version).all(), by: \.seriesID)
        let offices = Dictionary(uniqueKeysWithValues: try await OfficeService.offices(districtID: scope.districtID, on: db)
            .compactMap { office in office.id.map { ($0, office) } })
        return try lists.map { list in
            guard let office = offices[list.officeID] else { throw PublicError.notFound }
            return Shown(checklist: list, items: items[try list.requireID()] ?? [], versions: versions[list.seriesID] ?? [], office: office)
        }
    }

    /// The office the actor keeps checklists for: only its own. Another office's checklists are
    /// not there to be kept (404, as a case of another municipality is not there for a case manager).
    func requireOwnOffice(_ officeID: UUID) async throws -> ImmigrationOffice {
        try await OfficeService.requireMember(officeID, userID: actorID, districtID: scope.districtID, what: "Die Checklisten", on: db)
    }

    @discardableResult
    func create(_ input: ChecklistInput, officeID: UUID) async throws -> RequirementChecklist {
        let office = try await requireOwnOffice(officeID)
        var failure = ValidationFailure()
        let (validFrom, items) = check(input, into: &failure)
        if let procedure = input.procedure, !office.kinds.contains(procedure.officeKind) {
            failure.add("procedure", "„\(office.name)“ ist keine \(procedure.officeKind.germanName); dieses Verfahren entscheidet eine andere Behörde.")
        }
        try failure.throwIfAny()
        return try await save(input, items: items, validFrom: validFrom ?? today, office: office, series: UUID(), number: 1, ending: nil, action: .checklistCreated)
    }

    /// A new version of `checklistID`'s series, valid from `input.validFrom`; the newest version
    /// before it now ends the day before.
    @discardableResult
    func newVersion(_ input: ChecklistInput, of checklistID: UUID) async throws -> RequirementChecklist {
        let shown = try await shown(checklistID)
        let office = try await requireOwnOffice(shown.office.requireID())
        var input = input
        input.procedure = shown.checklist.procedure
        var failure = ValidationFailure()
        let (validFrom, items) = check(input, into: &failure)
        var next: (number: Int, previousEndsOn: String?)?
        if let validFrom {
            switch ChecklistVersions.next(after: shown.versions.map(\.versionRule), validFrom: validFrom) {
            case .success(let found): next = found
            case .failure(.startsTooEarly(let latestFrom)):
                failure.add("validFrom", "Die neue Fassung muss nach dem \(GermanFormat.germanDay(latestFrom)) beginnen, an dem die bisherige begann.")
            }
        }
        try failure.throwIfAny()
        let newest = shown.versions.max { $0.version < $1.version }
        return try await save(input, items: items, validFrom: validFrom ?? today, office: office, series: shown.checklist.seriesID,
                              number: next?.number ?? 1, ending: newest.map { ($0, next?.previousEndsOn) }, action: .checklistVersioned)
    }

    private func check(_ input: ChecklistInput, into failure: inout ValidationFailure) -> (String?, [ItemInput]) {
        Check.choice(input.procedure, field: "procedure", label: "das Verfahren", into: &failure)
        Check.text(input.title.trimmingCharacters(in: .whitespaces), field: "title", label: "einen Titel", max: 200, into: &failure)
        let validFrom = Check.day(input.validFrom, field: "validFrom", label: "den Tag, ab dem die Checkliste gilt", into: &failure)
        let items = input.items.filter { !$0.isEmpty }
        if items.isEmpty { failure.add("item1-title", "Bitte geben Sie mindestens eine Voraussetzung an.") }
        for (index, item) in input.items.enumerated() where !item.isEmpty {
            let prefix = "item\(index + 1)-"
            Check.text(item.title.trimmingCharacters(in: .whitespaces), field: prefix + "title", label: "die Voraussetzung in Zeile \(index + 1)", max: 300, into: &failure)
            Check.text(item.legalSource, field: prefix + "legalSource", label: "die Rechtsgrundlage in Zeile \(index + 1)", max: 200, required: false, into: &failure)
            Check.text(item.explanation, field: prefix + "explanation", label: "die Erläuterung in Zeile \(index + 1)", max: 2000, required: false, into: &failure)
            Check.text(item.documents, field: prefix + "documents", label: "die Unterlagen in Zeile \(index + 1)", max: 1000, required: false, into: &failure)
        }
        return (validFrom, items)
    }

    private func save(_ input: ChecklistInput, items: [ItemInput], validFrom: String, office: ImmigrationOffice, series: UUID, number: Int,
                      ending previous: (RequirementChecklist, String?)?, action: AuditAction) async throws -> RequirementChecklist {
        let checklist = RequirementChecklist()
        checklist.id = UUID()
        (checklist.districtID, checklist.officeID, checklist.seriesID) = (scope.districtID, try office.requireID(), series)
        (checklist.procedure, checklist.title, checklist.version) = (input.procedure ?? .other, input.title.trimmingCharacters(in: .whitespaces), number)
        (checklist.validFrom, checklist.isExample, checklist.createdBy, checklist.createdAt) = (validFrom, input.isExample, actorID, now)
        try await db.transaction { db in
            if let (older, endsOn) = previous {
                older.validUntil = endsOn
                try await older.save(on: db)
            }
            try await checklist.create(on: db)
            for (position, input) in items.enumerated() {
                let item = ChecklistItem()
                (item.checklistID, item.position, item.title) = (try checklist.requireID(), position + 1, input.title.trimmingCharacters(in: .whitespaces))
                (item.legalSource, item.explanation, item.documents) = (input.legalSource, input.explanation, input.documents)
                try await item.create(on: db)
            }
            try await audit.record(action, object: (RequirementChecklist.schema, checklist.id), on: db)
        }
        return checklist
    }
}

extension Request {
    func checklistDesk(_ action: Action) throws -> ChecklistDesk { try plainDesk(ChecklistDesk.self, action) }
}

extension FormFields {
    /// The checklist form's fields, from the browser (rows "item1-…") or the API (`items`).
    var checklistInput: ChecklistDesk.ChecklistInput {
        let rows = values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("item"), let dash = key.firstIndex(of: "-") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: 4)..<dash])
        }.max() ?? 0
        return ChecklistDesk.ChecklistInput(
            procedure: choice("procedure", Procedure.self), title: text("title"), validFrom: text("validFrom"),
            items: rows == 0 ? [] : (1...rows).map { number in
                ChecklistDesk.ItemInput(title: text("item\(number)-title"), legalSource: text("item\(number)-legalSource"),
                                        explanation: text("item\(number)-explanation"), documents: text("item\(number)-documents"))
            })
    }
}
