import Foundation
import LotseCore
import Vapor

/// What every form page of a case shows: where it goes, what was entered (kept on errors), the
/// choices, and a few things particular to one form.
struct CaseFormPage: Encodable {
    struct DuplicateView: Encodable {
        let clientId: String
        let name: String
        let birthDate: String
        let municipality: String
        let caseNumbers: String
    }

    struct GoalField: Encodable {
        let value: String
        let label: String
        let text: String
    }

    struct ActionRow: Encodable {
        let number: Int
        let prefix: String
        let what: String
        let who: String
        let dueOn: String
        let goals: [FormOption]
    }

    var action = ""
    var cancel = ""
    var intro: [String] = []
    var values: [String: String] = [:]
    var options: [String: [FormOption]] = [:]
    var printLink = ""
    var printLinkEnglish = ""
    var duplicates: [DuplicateView] = []
    var hasDuplicates: Bool { !duplicates.isEmpty }
    var linkAction = ""
    var goals: [GoalField] = []
    var actionRows: [ActionRow] = []
    var consequences: [String] = []
    /// Organisations chosen in the form that have no valid waiver (a conference's participants).
    var waiverNeeded: [FormOption] = []
    var hasWaiverNeeded: Bool { !waiverNeeded.isEmpty }
    /// The findings a new topic takes in (kept as hidden fields through errors).
    var findingIds: [String] = []
    var hasFindings: Bool { !findingIds.isEmpty }
    /// The requirements of a pre-check, one row each.
    var preCheckRows: [PreCheckRow] = []
    /// The actions of a help plan, each with the organisation responsible (issue 19, part 6).
    var planRows: [PlanRow] = []

    struct PlanRow: Encodable {
        let number: Int
        let prefix: String
        let text: String
        let organisations: [FormOption]
        let dueOn: String
    }

    struct PreCheckRow: Encodable {
        let number: Int
        let prefix: String
        let title: String
        let legalSource: String
        let statuses: [FormOption]
        let note: String
        let reviewOn: String
    }

    enum CodingKeys: String, CodingKey {
        case action, cancel, intro, values, options, printLink, printLinkEnglish, duplicates, hasDuplicates, linkAction, goals, actionRows, consequences
        case preCheckRows, findingIds, hasFindings, findingCount, waiverNeeded, hasWaiverNeeded, planRows
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(cancel, forKey: .cancel)
        try c.encode(intro, forKey: .intro)
        try c.encode(values, forKey: .values)
        try c.encode(options, forKey: .options)
        try c.encode(printLink, forKey: .printLink)
        try c.encode(printLinkEnglish, forKey: .printLinkEnglish)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(hasDuplicates, forKey: .hasDuplicates)
        try c.encode(linkAction, forKey: .linkAction)
        try c.encode(goals, forKey: .goals)
        try c.encode(actionRows, forKey: .actionRows)
        try c.encode(consequences, forKey: .consequences)
        try c.encode(preCheckRows, forKey: .preCheckRows)
        try c.encode(planRows, forKey: .planRows)
        try c.encode(findingIds, forKey: .findingIds)
        try c.encode(hasFindings, forKey: .hasFindings)
        try c.encode(waiverNeeded, forKey: .waiverNeeded)
        try c.encode(hasWaiverNeeded, forKey: .hasWaiverNeeded)
        try c.encode(findingIds.count == 1 ? "eine gewählte Erkenntnis" : "\(findingIds.count) gewählte Erkenntnisse", forKey: .findingCount)
    }

    /// Every entered value echoed back: text fields by name, choices through `options`.
    mutating func keep(_ fields: FormFields) {
        for (name, list) in fields.values where name != "_csrf" { values[name] = list.first ?? "" }
    }

    /// `named` gives the district's word for a value where it has one (`DistrictWords`).
    mutating func choose<V: Vocabulary>(_ name: String, _ type: V.Type, from fields: FormFields, only: [V]? = nil, named: (V) -> String = { $0.germanName }) {
        let chosen = Set(fields.all(name))
        options[name] = (only ?? Array(V.allCases)).map { FormOption(value: $0.rawValue, label: named($0), selected: chosen.contains($0.rawValue)) }
    }

    mutating func choose(_ name: String, _ choices: [(id: UUID, label: String)], from fields: FormFields) {
        let chosen = Set(fields.all(name))
        options[name] = choices.map { FormOption(value: $0.id.uuidString, label: $0.label, selected: chosen.contains($0.id.uuidString)) }
    }
}

