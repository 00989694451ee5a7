import Fluent
import Foundation
import LotseCore
import Vapor

/// Positions, agreements, milestones and annual goals of one district. Every change is audited
/// in the same transaction.
struct ProgrammeDesk: Sendable {
    let scope: AccessScope
    let db: any Database
    let audit: AuditContext
    let now: Date
    let actorID: UUID
    /// For the counts from case work it publishes (`FigurePublisher`); nil where it publishes none.
    var recordKeys: RecordKeys? = nil

    func figurePublisher() async throws -> FigurePublisher {
        try await FigurePublisher.load(district: scope.districtID, keys: recordKeys, on: db)
    }

    var today: String { GermanFormat.isoDay(now) }

    func record(_ action: AuditAction, _ type: String, _ id: UUID?, on database: any Database) async throws {
        try await audit.record(action, object: (type, id), on: database)
    }

    func owned<M: Model>(_ type: M.Type, _ id: UUID, district: KeyPath<M, FieldProperty<M, UUID>>) async throws -> M where M.IDValue == UUID {
        guard let found = try await M.query(on: db).filter(\._$id == id).filter(district == scope.districtID).first() else { throw PublicError.notFound }
        return found
    }

    func position(_ id: UUID) async throws -> Position { try await owned(Position.self, id, district: \.$districtID) }
    func agreement(_ id: UUID) async throws -> Agreement { try await owned(Agreement.self, id, district: \.$districtID) }
    func milestone(_ id: UUID) async throws -> Milestone { try await owned(Milestone.self, id, district: \.$districtID) }
    func goal(_ id: UUID) async throws -> AnnualGoal { try await owned(AnnualGoal.self, id, district: \.$districtID) }

    func reportingKind() async throws -> ReportingPeriodKind { try await DistrictSetting.reportingPeriodKind(of: scope.districtID, on: db) }

    /// The period named by `key` ("2022"), or the one today falls in.
    func period(_ key: String?) async throws -> ReportingPeriod {
        let kind = try await reportingKind()
        if let key, !key.isEmpty {
            guard let period = ReportingPeriod(kind: kind, key: key) else {
                var failure = ValidationFailure()
                failure.add("period", "Diesen Berichtszeitraum gibt es nicht. Bitte geben Sie das Anfangsjahr an, z. B. 2022.")
                throw failure
            }
            return period
        }
        return ReportingPeriod.containing(today, kind: kind)
    }

    func checkMunicipality(_ id: UUID?, field: String, into failure: inout ValidationFailure) async throws {
        guard let id else { return }
        if try await Municipality.query(on: db).filter(\.$id == id).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add(field, "Bitte wählen Sie eine Kommune dieses Kreises.")
        }
    }

    // MARK: Positions

    struct PositionInput: Sendable {
        var buildingBlock: BuildingBlock?
        var title = ""
        var fte = ""
        var employer: Employer?
        /// One town or several (a post shared by towns); the API may send either field.
        var municipalityIDs: [UUID] = []
        var regionID: UUID?
        var fundedFrom = ""
        var fundedUntil = ""
    }

    struct ChangeInput: Sendable {
        var status: PositionStatus?
        var day = ""
        var holderID: UUID?
        var note = ""
        /// The FTE from this day on; empty where it does not change.
        var fte = ""
    }

    /// What the checks of a position vouch for, typed.
    struct CheckedPosition {
        let block: BuildingBlock
        let employer: Employer
        let fte: Int
        let from: String
        let until: String
    }

    /// What the checks of a dated change vouch for.
    struct CheckedChange {
        let day: String
        let status: PositionStatus
        let fte: Int?
    }

    func checked(_ input: PositionInput) async throws -> CheckedPosition {
        var failure = ValidationFailure()
        Check.choice(input.buildingBlock, field: "buildingBlock", label: "den Baustein", into: &failure)
        Check.name(input.title, field: "title", label: "die Bezeichnung der Stelle", into: &failure)
        let fte = FTE.hundredths(input.fte)
        if fte == nil { failure.add("fte", "Bitte geben Sie den Stellenumfang in Vollzeitäquivalenten an, z. B. 0,5 oder 1.") }
        Check.choice(input.employer, field: "employer", label: "den Anstellungsträger", into: &failure)
        for town in input.municipalityIDs { try await checkMunicipality(town, field: "municipalityId", into: &failure) }
        if let region = input.regionID,
           try await Region.query(on: db).filter(\.$id == region).filter(\.$districtID == scope.districtID).first() == nil {
            failure.add("regionId", "Bitte wählen Sie eine Region dieses Kreises.")
        }
        if !input.municipalityIDs.isEmpty && input.regionID != nil {
            failure.add("regionId", "Bitte wählen Sie entweder Kommunen oder eine Region, nicht beides.")
        }
        let from = Check.day(input.fundedFrom, field: "fundedFrom", label: "den Beginn der Förderung", into: &failure)
        let until = Check.day(input.fundedUntil, field: "fundedUntil", label: "das Ende der Förderung", required: false, into: &failure)
        if let from, let until, until < from { failure.add("fundedUntil", "Das Ende der Förderung liegt vor ihrem Beginn.") }
        let (block, employer, validFte, validFrom) = try failure.checked(input.buildingBlock, input.employer, fte, from)
        return CheckedPosition(block: block, employer: employer, fte: validFte, from: validFrom, until: until ?? "")
    }

    func checked(_ change: ChangeInput) async throws -> CheckedChange {
        var failure = ValidationFailure()
        Check.choice(change.status, field: "status", label: "den Stand der Stelle", into: &failure)
        let day = Check.day(change.day, field: "day", label: "das Datum", into: &failure)
        if let holder = change.holderID {
            if change.status != .filled {
                failure.add("holderId", "Eine Inhaberin oder ein Inhaber gehört nur zu einer besetzten Stelle.")
            } else if try await User.query(on: db).filter(\.$id == holder).filter(\.$districtID == scope.districtID).first() == nil {
                failure.add("holderId", "Bitte wählen Sie ein Benutzerkonto dieses Kreises.")
            }
        }
        Check.text(change.note, field: "note", label: "die Bemerkung", max: 500, required: false, into: &failure)
        let fte = change.fte.trimmingCharacters(in: .whitespaces).isEmpty ? nil : FTE.hundredths(change.fte)
        if fte == nil && !change.fte.trimmingCharacters(in: .whitespaces).isEmpty {
            failure.add("fte", "Bitte geben Sie den neuen Umfang in Vollzeitäquivalenten an, z. B. 0,5 oder 1, oder lassen Sie das Feld leer.")
        }
        let (validDay, status) = try failure.checked(day, change.status)
        return CheckedChange(day: validDay, status: status, fte: fte)
    }

    func apply(_ input: PositionInput, _ checked: CheckedPosition, to position: Position) {
        position.districtID = scope.districtID
        position.buildingBlock = checked.block
        position.title = input.title
        position.fteHundredths = checked.fte
        position.employer = checked.employer
        let towns = Array(Set(input.municipalityIDs)).sorted { $0.uuidString < $1.uuidString }
        position.municipalityID = towns.count == 1 ? towns.first : nil
        position.municipalityIDs = towns.count > 1 ? towns : nil
        position.regionID = input.regionID
        position.fundedFrom = checked.from
        position.fundedUntil = checked.until
    }

    /// A new position with its first status (planned, advertised, …) from a day on.
    func createPosition(_ input: PositionInput, first change: ChangeInput) async throws -> Position {
        var failure = ValidationFailure()
        var base: CheckedPosition?
        var first: CheckedChange?
        do { base = try await checked(input) } catch let f as ValidationFailure { failure.errors += f.errors }
        do { first = try await checked(change) } catch let f as ValidationFailure { failure.errors += f.errors }
        let (validBase, validFirst) = try failure.checked(base, first)
        let position = Position()
        apply(input, validBase, to: position)
        position.status = validFirst.status
        position.statusSince = validFirst.day
        position.holderID = change.holderID
        try await db.transaction { db in
            try await position.create(on: db)
            try await addChange(change, validFirst, to: position, on: db)
            try await record(.positionSaved, "position", position.id, on: db)
        }
        return position
    }

    func updatePosition(_ input: PositionInput, id: UUID) async throws {
        let position = try await position(id)
        apply(input, try await checked(input), to: position)
        try await db.transaction { db in
            try await position.save(on: db)
            try await record(.positionSaved, "position", position.id, on: db)
        }
    }

    /// A dated change: advertised, filled by someone, vacant again. The position shows its latest state.
    func changePosition(_ change: ChangeInput, id: UUID) async throws {
        let position = try await position(id)
        let valid = try await checked(change)
        try await db.transaction { db in
            try await addChange(change, valid, to: position, on: db)
            let history = try await PositionChangeRecord.query(on: db).filter(\.$positionID == position.requireID()).all()
            if let latest = PositionTimeline.state(on: "9999-12-31", try history.map { try $0.timelineEntry() }) {
                position.status = latest.status
                position.statusSince = latest.day
                position.holderID = latest.holderID
            }
            try await position.save(on: db)
            try await record(.positionChanged, "position", position.id, on: db)
        }
    }

    func addChange(_ change: ChangeInput, _ valid: CheckedChange, to position: Position, on database: any Database) async throws {
        let entry = PositionChangeRecord()
        entry.positionID = try position.requireID()
        entry.day = valid.day
        entry.status = valid.status
        entry.holderID = change.holderID
        entry.fteHundredths = valid.fte
        entry.note = change.note
        try await entry.create(on: database)
    }

    // MARK: Agreements

    struct AgreementInput: Sendable {
        var municipalityID: UUID?
        var kind: AgreementKind?
        var status: AgreementStatus?
        var datedOn = ""
        var note = ""
    }

    func saveAgreement(_ input: AgreementInput, id: UUID? = nil) async throws -> Agreement {
        let agreement = if let id { try await self.agreement(id) } else { Agreement() }
        var failure = ValidationFailure()
        if input.municipalityID == nil { failure.add("municipalityId", "Bitte wählen Sie die Kommune.") }
        try await checkMunicipality(input.municipalityID, field: "municipalityId", into: &failure)
        Check.choice(input.kind, field: "kind", label: "die Art der Vereinbarung", into: &failure)
        Check.choice(input.status, field: "status", label: "den Stand", into: &failure)
        let day = Check.day(input.datedOn, field: "datedOn", label: "das Datum des Stands", into: &failure)
        Check.text(input.note, field: "note", label: "die Bemerkung", max: 500, required: false, into: &failure)
        let (validMunicipalityID, validKind, validStatus, validDay) = try failure.checked(input.municipalityID, input.kind, input.status, day)
        agreement.districtID = scope.districtID
        agreement.municipalityID = validMunicipalityID
        agreement.kind = validKind
        agreement.status = validStatus
        agreement.datedOn = validDay
        agreement.note = input.note
        try await db.transaction { db in
            try await agreement.save(on: db)
            try await record(.agreementSaved, "agreement", agreement.id, on: db)
        }
        return agreement
    }

    // MARK: Milestones

    struct MilestoneInput: Sendable {
        var buildingBlock: BuildingBlock?
        var title = ""
        var status: MilestoneStatus?
        var responsible = ""
        var completedOn = ""
        var note = ""
    }

    func saveMilestone(_ input: MilestoneInput, id: UUID? = nil) async throws -> Milestone {
        let milestone = if let id { try await self.milestone(id) } else { Milestone() }
        var failure = ValidationFailure()
        Check.choice(input.buildingBlock, field: "buildingBlock", label: "den Baustein", into: &failure)
        Check.text(input.title, field: "title", label: "den Meilenstein", max: 500, into: &failure)
        Check.choice(input.status, field: "status", label: "den Stand", into: &failure)
        Check.text(input.responsible, field: "responsible", label: "die Verantwortlichen", max: 200, required: false, into: &failure)
        let done = Check.day(input.completedOn, field: "completedOn", label: "das Datum der Erledigung", required: input.status == .done, into: &failure)
        if done != nil && input.status != .done { failure.add("completedOn", "Ein Erledigungsdatum passt nur zum Stand „erledigt“.") }
        Check.text(input.note, field: "note", label: "die Bemerkung", max: 1000, required: false, into: &failure)
        let (validBuildingBlock, validStatus) = try failure.checked(input.buildingBlock, input.status)
        if id == nil {
            milestone.position = (try await Milestone.query(on: db).filter(\.$districtID == scope.districtID).max(\.$position) ?? 0) + 1
        }
        milestone.districtID = scope.districtID
        milestone.buildingBlock = validBuildingBlock
        milestone.title = input.title
        milestone.status = validStatus
        milestone.responsible = input.responsible
        milestone.completedOn = done ?? ""
        milestone.note = input.note
        try await db.transaction { db in
            try await milestone.save(on: db)
            try await record(.milestoneSaved, "milestone", milestone.id, on: db)
        }
        return milestone
    }

    /// The grid as posted: one field "plan-<milestone>-<half-year>" per cell, empty for no entry.
    func savePlan(_ cells: [(milestoneID: UUID, halfYear: HalfYear, value: String)]) async throws {
        var failure = ValidationFailure()
        let milestones = Set(try await Milestone.query(on: db).filter(\.$districtID == scope.districtID).all().compactMap(\.id))
        var planned: [(UUID, HalfYear, MilestonePlanning?)] = []
        for cell in cells {
            guard milestones.contains(cell.milestoneID) else { throw PublicError.notFound }
            if cell.value.isEmpty { planned.append((cell.milestoneID, cell.halfYear, nil)); continue }
            guard let planning = MilestonePlanning(codeOrName: cell.value) else {
                failure.add("plan-\(cell.milestoneID.uuidString)-\(cell.halfYear.key)", "Bitte wählen Sie „ja“, „bei Bedarf“, „nein“ oder nichts.")
                continue
            }
            planned.append((cell.milestoneID, cell.halfYear, planning))
        }
        try failure.throwIfAny()
        let cellsToSave = planned
        try await db.transaction { db in
            for (milestoneID, half, planning) in cellsToSave {
                let existing = try await MilestonePlanEntry.query(on: db).filter(\.$milestoneID == milestoneID).filter(\.$halfYear == half.key).first()
                if let planning {
                    let entry = existing ?? MilestonePlanEntry()
                    entry.milestoneID = milestoneID
                    entry.halfYear = half.key
                    entry.planning = planning
                    try await entry.save(on: db)
                } else if let existing {
                    try await existing.delete(on: db)
                }
            }
            try await record(.milestonePlanSaved, "district", scope.districtID, on: db)
        }
    }

    // MARK: Annual goals

    struct GoalInput: Sendable {
        var title = ""
        /// Up to three criteria; a measure without a number where one is needed is an error.
        var criteria: [(measure: GoalMeasure?, target: String)] = []
        var statedVerdict: GoalVerdict?
        var evidence = ""
    }

    static let criterionSlots = 3

    func saveGoal(_ input: GoalInput, period: ReportingPeriod, id: UUID? = nil) async throws -> AnnualGoal {
        let goal = if let id { try await self.goal(id) } else { AnnualGoal() }
        var failure = ValidationFailure()
        Check.text(input.title, field: "title", label: "das Ziel", max: 500, into: &failure)
        var criteria: [GoalCriterion] = []
        for (index, slot) in input.criteria.enumerated() {
            guard let measure = slot.measure else {
                if !slot.target.isEmpty { failure.add("measure\(index + 1)", "Bitte wählen Sie, was gemessen werden soll, oder lassen Sie die Zahl leer.") }
                continue
            }
            if measure.needsTarget {
                guard let target = Int(slot.target), measure.targets.contains(target) else {
                    failure.add("target\(index + 1)", "Bitte geben Sie eine ganze Zahl von \(GermanFormat.number(measure.targets.lowerBound)) "
                                + "bis \(GermanFormat.number(measure.targets.upperBound)) an.")
                    continue
                }
                criteria.append(GoalCriterion(measure: measure, target: target))
            } else {
                criteria.append(GoalCriterion(measure: measure, target: 0))
            }
        }
        if criteria.isEmpty && input.statedVerdict == nil && failure.isEmpty {
            failure.add("measure1", "Ein Ziel braucht eine Messgröße aus Lotse oder Ihre Bewertung mit Begründung.")
        }
        if input.statedVerdict != nil && !criteria.isEmpty {
            failure.add("statedVerdict", "Ein gemessenes Ziel bewertet Lotse aus den Daten; lassen Sie die Bewertung dann leer.")
        }
        Check.text(input.evidence, field: "evidence", label: "die Begründung", max: 4000, required: input.statedVerdict != nil, into: &failure)
        try failure.throwIfAny()
        if id == nil {
            goal.position = (try await AnnualGoal.query(on: db).filter(\.$districtID == scope.districtID)
                .filter(\.$periodKind == period.kind).filter(\.$periodStart == period.startYear).max(\.$position) ?? 0) + 1
            goal.periodKind = period.kind
            goal.periodStart = period.startYear
        }
        goal.districtID = scope.districtID
        goal.title = input.title
        goal.criteria = criteria.map(\.code)
        goal.statedVerdict = input.statedVerdict
        goal.evidence = input.evidence
        try await db.transaction { db in
            try await goal.save(on: db)
            try await record(.goalSaved, "goal", goal.id, on: db)
        }
        return goal
    }

    func deleteGoal(_ id: UUID) async throws {
        let goal = try await goal(id)
        try await db.transaction { db in
            try await goal.delete(on: db)
            try await record(.goalDeleted, "goal", id, on: db)
        }
    }
}

extension PositionChangeRecord {
    func timelineEntry() throws -> PositionChange {
        PositionChange(day: day, status: status, holderID: holderID, fteHundredths: fteHundredths)
    }
}

extension Request {
    func programmeDesk(_ action: Action) throws -> ProgrammeDesk {
        let authorized = try authorize(action)
        return ProgrammeDesk(scope: authorized.scope, db: db, audit: audit, now: now, actorID: authorized.user.id ?? UUID(), recordKeys: lotse.recordKeys)
    }
}
