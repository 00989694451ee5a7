import Fluent
import Foundation
import LotseCore
import Vapor

/// Moving a case through its phases: the pure `PhaseMachine` decides, this stores and audits.
extension CaseDesk {
    func recordIntake(_ outcome: IntakeOutcome?, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        Check.choice(outcome, field: "intakeOutcome", label: "das Ergebnis des Erstgesprächs", into: &failure)
        if file.phase != .intake { failure.add("intakeOutcome", "Das Erstgespräch ist bereits abgeschlossen.") }
        let validOutcome = try failure.checked(outcome)
        file.intakeOutcome = validOutcome
        try await db.transaction { db in
            try await file.save(on: db)
            try await record(.intakeRecorded, "case", file.id, on: db)
        }
        try await followIntake(file)
    }

    /// Moves the case on where the intake rule says so (after the intake result or the consent).
    func followIntake(_ file: CaseFile) async throws {
        guard let next = PhaseMachine.afterIntake(in: file.phase, outcome: file.intakeOutcome, hasConsent: try await hasCaseManagementConsent(file))
        else { return }
        try await enter(next, file: file, reason: nil, action: .phaseChanged)
    }

    /// Forward moves and re-assessment. Closing and reopening have their own steps (they ask more).
    func changePhase(to target: Phase?, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        guard let target, target != .closed else {
            failure.add("phase", "Bitte wählen Sie die nächste Phase.")
            throw failure
        }
        let current = file.phase
        if let problem = PhaseMachine.check(from: current, to: target, intakeOutcome: file.intakeOutcome,
                                            hasConsent: try await hasCaseManagementConsent(file)) {
            failure.add("phase", problem.message)
            throw failure
        }
        try await enter(target, file: file, reason: nil, action: .phaseChanged)
    }

    private func enter(_ phase: Phase, file: CaseFile, reason: String?, action: AuditAction) async throws {
        file.phase = phase
        let event = PhaseEvent()
        event.id = UUID()
        event.caseFileID = try file.requireID()
        event.phase = phase
        event.enteredAt = now
        if let reason, !reason.isEmpty {
            event.sealedReason = try await cipher(for: file).seal(reason, PhaseEvent.schema, event.id, "reason")
        }
        try await db.transaction { db in
            try await file.save(on: db)
            try await event.create(on: db)
            try await record(action, "case", file.id, on: db)
        }
    }

    struct ClosureInput: Sendable {
        var reason: ClosureReason?
        var goalAttainment: GoalAttainment?
        var evaluation = ""
    }

    func close(_ input: ClosureInput, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        let current = file.phase
        if let problem = PhaseMachine.check(from: current, to: .closed, intakeOutcome: file.intakeOutcome,
                                            hasConsent: true) {
            failure.add("reason", problem.message)
        }
        Check.choice(input.reason, field: "reason", label: "den Grund des Abschlusses", into: &failure)
        Check.choice(input.goalAttainment, field: "goalAttainment", label: "die Zielerreichung", into: &failure)
        Check.text(input.evaluation, field: "evaluation", label: "die kurze Auswertung", max: 2000, required: false, into: &failure)
        if !input.evaluation.isEmpty && file.clientID == nil {
            failure.add("evaluation", "Ohne Einverständniserklärung und erfasste Person wird keine Auswertung als Text gespeichert.")
        }
        let (validReason, validGoalAttainment) = try failure.checked(input.reason, input.goalAttainment)
        file.closureReason = validReason
        file.goalAttainment = validGoalAttainment
        file.closedOn = today
        file.closedFrom = current
        file.sealedEvaluation = input.evaluation.isEmpty ? nil
            : try await cipher(for: file).seal(input.evaluation, CaseFile.schema, file.id, "evaluation")
        try await enter(.closed, file: file, reason: nil, action: .caseClosed)
    }

    func reopen(reason: String, caseID: UUID) async throws {
        let file = try await changeableCase(caseID)
        var failure = ValidationFailure()
        if file.phase != .closed { failure.add("reopenReason", "Nur ein abgeschlossener Fall kann wieder geöffnet werden.") }
        Check.text(reason, field: "reopenReason", label: "den Grund für die Wiederaufnahme", max: 1000, into: &failure)
        try failure.throwIfAny()
        let target = PhaseMachine.reopenTarget(closedFrom: file.closedFrom ?? .assessment)
        file.closureReason = nil
        file.goalAttainment = nil
        file.closedOn = nil
        file.closedFrom = nil
        // Without a client there is no key to seal the reason with: it is required, so keep a code only.
        try await enter(target, file: file, reason: file.clientID == nil ? nil : reason, action: .caseReopened)
    }
}
