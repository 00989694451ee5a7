import Fluent
import Foundation
import LotseCore
import Vapor

/// Pre-checks in the case (issue 16, part 3): the case manager walks the client through the
/// current checklist of a procedure, requirement by requirement, and sees what is missing. Case
/// work like any other: a consented, open, unrestricted case with a client; sealed and audited.
extension CaseDesk {
    struct AnswerInput: Sendable {
        var status: PreCheckStatus?
        var note = ""
        var reviewOn = ""
    }

    /// The checklist versions valid today, to start a pre-check with.
    func currentChecklists() async throws -> [RequirementChecklist] {
        try await RequirementChecklist.query(on: db).filter(\.$districtID == scope.districtID).all()
            .filter { $0.versionRule.isValid(on: today) }.sorted { ($0.procedure.rawValue, $0.title) < ($1.procedure.rawValue, $1.title) }
    }

    @discardableResult
    func startPreCheck(checklistID: UUID?, caseID: UUID) async throws -> PreCheck {
        let (file, cipher) = try await openCaseForWork(caseID)
        var failure = ValidationFailure()
        let current = try await currentChecklists()
        let checklist = current.first { $0.id == checklistID }
        if checklist == nil { failure.add("checklistId", "Bitte wählen Sie eine heute gültige Checkliste aus der Liste.") }
        let chosen = try failure.checked(checklist)
        let preCheck = PreCheck()
        preCheck.id = UUID()
        (preCheck.districtID, preCheck.caseFileID, preCheck.checklistID) = (file.districtID, caseID, try chosen.requireID())
        (preCheck.procedure, preCheck.startedOn, preCheck.createdBy, preCheck.updatedAt) = (chosen.procedure, today, actorID, now)
        preCheck.sealedAnswers = try cipher.sealJSON([PreCheckRules.Answer](), PreCheck.schema, preCheck.id, "answers")
        try await db.transaction { db in
            try await preCheck.create(on: db)
            try await record(.preCheckStarted, PreCheck.schema, preCheck.id, on: db)
        }
        return preCheck
    }

    /// The answers in the order of the checklist's requirements (row 1 is requirement 1).
    func answerPreCheck(_ inputs: [AnswerInput], preCheckID: UUID, caseID: UUID) async throws {
        let (_, cipher) = try await openCaseForWork(caseID)
        guard let preCheck = try await PreCheck.query(on: db).filter(\.$id == preCheckID).filter(\.$caseFileID == caseID).first() else {
            throw PublicError.notFound
        }
        let items = try await ChecklistItem.query(on: db).filter(\.$checklistID == preCheck.checklistID).sort(\.$position).all()
        var failure = ValidationFailure()
        var answers: [PreCheckRules.Answer] = []
        for item in items {
            let input = item.position <= inputs.count ? inputs[item.position - 1] : AnswerInput()
            let prefix = "answer\(item.position)-"
            Check.text(input.note, field: prefix + "note", label: "die Notiz zu „\(item.title)“", max: 1000, required: false, into: &failure)
            let review = Check.day(input.reviewOn, field: prefix + "reviewOn", label: "den Tag der Wiedervorlage zu „\(item.title)“", required: false, into: &failure)
            answers.append(.init(position: item.position, status: input.status ?? .unknown, note: input.note, reviewOn: review))
        }
        try failure.throwIfAny()
        preCheck.sealedAnswers = try cipher.sealJSON(answers, PreCheck.schema, preCheck.id, "answers")
        preCheck.dueOn = PreCheckRules.summary(positions: items.map(\.position), answers: answers).nextReview
        preCheck.updatedAt = now
        try await db.transaction { db in
            try await preCheck.save(on: db)
            try await record(.preCheckAnswered, PreCheck.schema, preCheck.id, on: db)
        }
    }

    /// The case's pre-checks (or only the one with `id`), newest first, opened for its case manager.
    func preCheckViews(_ caseID: UUID, cipher: ClientCipher?, only id: UUID? = nil) async throws -> [CaseDetail.PreCheckView] {
        guard let cipher else { return [] }
        var query = PreCheck.query(on: db).filter(\.$caseFileID == caseID)
        if let id { query = query.filter(\.$id == id) }
        let checks = try await query.sort(\.$startedOn, .descending).all()
        guard !checks.isEmpty else { return [] }
        let lists = Dictionary(uniqueKeysWithValues: try await RequirementChecklist.query(on: db).filter(\.$id ~~ checks.map(\.checklistID)).all()
            .compactMap { list in list.id.map { ($0, list) } })
        let items = Dictionary(grouping: try await ChecklistItem.query(on: db).filter(\.$checklistID ~~ checks.map(\.checklistID)).sort(\.$position).all(),
                               by: \.checklistID)
        return try checks.map { check in
            let answers = try cipher.openJSON([PreCheckRules.Answer].self, check.sealedAnswers, PreCheck.schema, check.id, "answers") ?? []
            let byPosition = Dictionary(answers.map { ($0.position, $0) }, uniquingKeysWith: { _, last in last })
            let own = items[check.checklistID] ?? []
            let summary = PreCheckRules.summary(positions: own.map(\.position), answers: answers)
            let list = lists[check.checklistID]
            return CaseDetail.PreCheckView(
                id: try check.requireID(), procedure: Coded(check.procedure), checklistId: check.checklistID, checklist: list?.title ?? "",
                version: list?.version ?? 0, startedOn: check.startedOn,
                items: own.map { item in
                    let answer = byPosition[item.position]
                    return .init(position: item.position, title: item.title, legalSource: item.legalSource,
                                 status: Coded(answer?.status ?? .unknown), note: answer?.note ?? "", reviewOn: answer?.reviewOn)
                },
                met: summary.met, missing: summary.missing.count, unclear: summary.unclear.count, nextReview: summary.nextReview)
        }
    }
}

extension FormFields {
    /// The answer rows of a pre-check ("answer1-status", …), from the browser or the API (`answers`).
    var preCheckAnswers: [CaseDesk.AnswerInput] {
        let rows = values.keys.compactMap { key -> Int? in
            guard key.hasPrefix("answer"), let dash = key.firstIndex(of: "-") else { return nil }
            return Int(key[key.index(key.startIndex, offsetBy: 6)..<dash])
        }.max() ?? 0
        return rows == 0 ? [] : (1...rows).map { number in
            CaseDesk.AnswerInput(status: choice("answer\(number)-status", PreCheckStatus.self), note: text("answer\(number)-note"),
                                 reviewOn: text("answer\(number)-reviewOn"))
        }
    }
}
