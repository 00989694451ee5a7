import Foundation
import Testing
@testable import LotseCore

@Suite struct PhaseMachineTests {
    @Test func forwardOneStepAtATimeAndReassessmentFromMonitoring() {
        #expect(PhaseMachine.next(from: .intake) == [.assessment, .closed])
        #expect(PhaseMachine.next(from: .assessment) == [.goalAgreement, .closed])
        #expect(PhaseMachine.next(from: .goalAgreement) == [.serviceLinking, .closed])
        #expect(PhaseMachine.next(from: .serviceLinking) == [.monitoring, .closed])
        #expect(PhaseMachine.next(from: .monitoring) == [.assessment, .closed])
        #expect(PhaseMachine.next(from: .closed).isEmpty)
        #expect(PhaseMachine.check(from: .assessment, to: .monitoring, intakeOutcome: .caseManagement, hasConsent: true)
                == .notAllowed(from: .assessment, to: .monitoring))
        #expect(PhaseMachine.check(from: .goalAgreement, to: .assessment, intakeOutcome: .caseManagement, hasConsent: true) != nil)
        #expect(PhaseMachine.check(from: .monitoring, to: .assessment, intakeOutcome: .caseManagement, hasConsent: true) == nil)
    }

    @Test func leavingIntakeNeedsItsOutcomeAndForAssessmentTheConsent() {
        #expect(PhaseMachine.check(from: .intake, to: .assessment, intakeOutcome: nil, hasConsent: true) == .intakeOutcomeMissing)
        #expect(PhaseMachine.check(from: .intake, to: .closed, intakeOutcome: nil, hasConsent: false) == .intakeOutcomeMissing)
        #expect(PhaseMachine.check(from: .intake, to: .assessment, intakeOutcome: .referral, hasConsent: true)
                == .intakeOutcomeIsNotCaseManagement(.referral))
        #expect(PhaseMachine.check(from: .intake, to: .assessment, intakeOutcome: .caseManagement, hasConsent: false) == .consentMissing)
        #expect(PhaseMachine.check(from: .intake, to: .assessment, intakeOutcome: .caseManagement, hasConsent: true) == nil)
        for outcome in IntakeOutcome.allCases {
            #expect(PhaseMachine.check(from: .intake, to: .closed, intakeOutcome: outcome, hasConsent: false) == nil, "\(outcome) may end the case")
        }
        #expect(PhaseMachine.check(from: .serviceLinking, to: .monitoring, intakeOutcome: .caseManagement, hasConsent: false) == .consentMissing,
                "a withdrawn consent stops the case from moving on")
    }

    @Test func reopeningReturnsToIntakeOrAssessment() {
        #expect(PhaseMachine.reopenTarget(closedFrom: .intake) == .intake)
        for phase in [Phase.assessment, .goalAgreement, .serviceLinking, .monitoring] {
            #expect(PhaseMachine.reopenTarget(closedFrom: phase) == .assessment)
        }
    }

    @Test func durationsSumRoundsAndStopAtClosure() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let day = 86_400.0
        let history = [PhaseEntry(phase: .intake, enteredAt: start), PhaseEntry(phase: .assessment, enteredAt: start + 2 * day),
                       PhaseEntry(phase: .goalAgreement, enteredAt: start + 5 * day), PhaseEntry(phase: .serviceLinking, enteredAt: start + 6 * day),
                       PhaseEntry(phase: .monitoring, enteredAt: start + 10 * day), PhaseEntry(phase: .assessment, enteredAt: start + 20 * day),
                       PhaseEntry(phase: .closed, enteredAt: start + 21 * day)]
        let days = PhaseDurations.days(history: history.shuffled(), now: start + 40 * day)
        #expect(days.map(\.phase) == [.intake, .assessment, .goalAgreement, .serviceLinking, .monitoring, .closed])
        #expect(days.map(\.days) == [2, 4, 1, 4, 10, 0])
    }
}

@Suite struct ConsentRulesTests {
    let jobcenter = UUID()
    let school = UUID()
    let given = ConsentFact(kind: .caseManagement, status: .given)

    @Test func caseManagementConsentMustBeGivenAndValid() {
        #expect(!ConsentRules.hasCaseManagementConsent([], on: "2026-11-24"))
        #expect(!ConsentRules.hasCaseManagementConsent([ConsentFact(kind: .caseManagement, status: .refused)], on: "2026-11-24"))
        #expect(!ConsentRules.hasCaseManagementConsent([ConsentFact(kind: .caseManagement, status: .withdrawn)], on: "2026-11-24"))
        #expect(ConsentRules.hasCaseManagementConsent([given], on: "2026-11-24"))
        #expect(!ConsentRules.hasCaseManagementConsent([ConsentFact(kind: .disclosure, status: .given, recipientID: jobcenter)], on: "2026-11-24"))
    }

    @Test func disclosureNeedsAConsentNamingExactlyThatRecipient() {
        let disclosure = ConsentFact(kind: .disclosure, status: .given, recipientID: jobcenter, validFrom: "2026-01-01", validUntil: "2026-12-31")
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [given, disclosure], on: "2026-11-24") == .allowed)
        #expect(ConsentRules.disclosure(to: school, named: "Schule", [given, disclosure], on: "2026-11-24")
                == .blocked(.noDisclosureConsent(recipient: "Schule")))
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [disclosure], on: "2026-11-24") == .blocked(.noCaseManagementConsent))
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [given, disclosure], on: "2027-01-01") == .blocked(.expired(recipient: "Jobcenter")))
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [given, disclosure], on: "2025-12-31") == .blocked(.notYetValid(recipient: "Jobcenter")))
        let withdrawn = ConsentFact(kind: .disclosure, status: .withdrawn, recipientID: jobcenter)
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [given, withdrawn], on: "2026-11-24") == .blocked(.withdrawn(recipient: "Jobcenter")))
        #expect(ConsentRules.disclosure(to: jobcenter, named: "Jobcenter", [given, withdrawn, disclosure], on: "2026-11-24") == .allowed,
                "a new signature after a withdrawal counts")
        #expect(DisclosureBlock.noDisclosureConsent(recipient: "Schule").message.contains("„Schule“"))
    }
}

@Suite struct NameMatchingTests {
    @Test func wordsAreFoldedAndSplit() {
        #expect(NameMatching.words("Jürgen-Groß O'Neill") == ["jurgen", "gross", "neill"])
        #expect(NameMatching.words("A B") == [], "single letters are not search keys")
    }

    @Test func colognePhoneticsBringsSpellingsTogether() {
        #expect(NameMatching.colognePhonetic("Müller-Lüdenscheidt") == "65752682")
        #expect(NameMatching.colognePhonetic("Mohammed") == NameMatching.colognePhonetic("Muhamad"))
        #expect(NameMatching.colognePhonetic("Meier") == NameMatching.colognePhonetic("Mayer"))
        #expect(NameMatching.colognePhonetic("Schmidt") == NameMatching.colognePhonetic("Schmitt"))
        #expect(NameMatching.colognePhonetic("Wikipedia") == "3412")
        #expect(NameMatching.colognePhonetic("Haddad") != NameMatching.colognePhonetic("Kovalenko"))
    }

    @Test func blindIndexTokensDependOnKeyKindAndDistrict() throws {
        let key = MasterKey.generate().key
        let index = BlindIndex(masterKey: key)
        let district = UUID()
        #expect(index.token("haddad", kind: "name", districtID: district) == index.token("haddad", kind: "name", districtID: district))
        #expect(index.token("haddad", kind: "name", districtID: district) != index.token("haddad", kind: "phonetic", districtID: district))
        #expect(index.token("haddad", kind: "name", districtID: district) != index.token("haddad", kind: "name", districtID: UUID()))
        #expect(index.token("haddad", kind: "name", districtID: district) != BlindIndex(masterKey: MasterKey.generate().key).token("haddad", kind: "name", districtID: district))
        #expect(!index.token("haddad", kind: "name", districtID: district).contains("haddad"))
    }

    @Test func clientKeysAreBoundToTheirClientAndTheMasterKey() throws {
        let master = MasterKey.generate().key
        let wrapper = ClientKeyWrapper(masterKey: master)
        let client = UUID()
        let wrapped = try wrapper.wrap(wrapper.newDataKey(), clientID: client)
        let cipher = try wrapper.unwrap(wrapped, clientID: client)
        let sealed = try cipher.seal("Amina Haddad", context: "clients/1/identity")
        #expect(!sealed.contains("Amina"))
        #expect(try cipher.open(sealed, context: "clients/1/identity") == "Amina Haddad")
        #expect(throws: (any Error).self) { try cipher.open(sealed, context: "clients/2/identity") }
        #expect(throws: (any Error).self) { try wrapper.unwrap(wrapped, clientID: UUID()) }
        #expect(throws: (any Error).self) { try ClientKeyWrapper(masterKey: MasterKey.generate().key).unwrap(wrapped, clientID: client) }
    }
}

@Suite struct PersonalDataWarningTests {
    @Test func commonSlipsAreCaught() {
        #expect(PersonalDataWarning.check("Herr Haddad wartete lange") == [.name])
        #expect(PersonalDataWarning.check("geb. 17.03.1988") == [.dateOfBirth])
        #expect(PersonalDataWarning.check("wohnt Lindenstraße 4 in Büren") == [.address])
        #expect(PersonalDataWarning.check("Tel. 0151 2345678 oder a.b@example.org") == [.contact])
        #expect(PersonalDataWarning.check("33100 Paderborn") == [.address])
    }

    @Test func structuralTextPasses() {
        #expect(PersonalDataWarning.check("Beim Wechsel AsylbLG → SGB II vergehen sechs Wochen ohne Leistungen.").isEmpty)
        #expect(PersonalDataWarning.check("Sprachkurse B2 fehlen im Süden des Kreises; Wartezeit 9 Monate.").isEmpty)
    }
}

/// The one next step the case page names (issue 18, part 3).
@Suite struct CaseNextStepTests {
    let r1 = UUID(), r2 = UUID(), a1 = UUID(), a2 = UUID()

    func facts(_ phase: Phase, _ change: (inout CaseNextStep.Facts) -> Void = { _ in }) -> CaseNextStep.Facts {
        var facts = CaseNextStep.Facts(phase: phase, today: "2027-01-15")
        (facts.hasConsent, facts.hasClient) = (true, true)
        change(&facts)
        return facts
    }

    @Test func theWorkGoesInTheOrderOfTheProcess() {
        #expect(CaseNextStep.decide(facts(.intake) { $0.hasConsent = false }) == .recordConsent)
        #expect(CaseNextStep.decide(facts(.intake) { $0.hasClient = false }) == .recordClient)
        #expect(CaseNextStep.decide(facts(.intake)) == .recordIntake)
        #expect(CaseNextStep.decide(facts(.intake) { $0.intakeOutcome = .informationOnly; $0.hasConsent = false }) == .closeAfterIntake)
        #expect(CaseNextStep.decide(facts(.assessment)) == .assess)
        #expect(CaseNextStep.decide(facts(.assessment) { $0.assessments = 1 }) == .moveOn(to: .goalAgreement))
        #expect(CaseNextStep.decide(facts(.goalAgreement)) == .agreeGoal)
        #expect(CaseNextStep.decide(facts(.serviceLinking) { $0.referrals = 2 }) == .moveOn(to: .monitoring))
        #expect(CaseNextStep.decide(facts(.monitoring)) == .planReview)
        #expect(CaseNextStep.decide(facts(.monitoring) { $0.openReviews = [(r1, "2027-03-01")] }) == .waitForReview(dueOn: "2027-03-01"))
        #expect(CaseNextStep.decide(facts(.monitoring) { $0.openReviews = [(r1, "2027-01-15")] }) == .recordReview(id: r1, dueOn: "2027-01-15"))
        #expect(CaseNextStep.decide(facts(.closed)) == CaseNextStep.none)
        #expect(CaseNextStep.decide(facts(.assessment) { $0.isRestricted = true }) == CaseNextStep.none)
    }

    @Test func whatIsOverdueComesFirst() {
        let (r1, r2, a1, a2) = (self.r1, self.r2, self.a1, self.a2)
        let late = facts(.goalAgreement) {
            $0.openReviews = [(r2, "2027-02-01"), (r1, "2027-01-10")]
            $0.openActions = [(a1, "Zeugnisse übersetzen", "2027-01-12"), (a2, "Termin", "2027-01-20")]
        }
        #expect(CaseNextStep.decide(late) == .recordReview(id: r1, dueOn: "2027-01-10"))
        let action = facts(.goalAgreement) { $0.openActions = [(a1, "Zeugnisse übersetzen", "2027-01-12"), (a2, "Antrag", "2027-01-02")] }
        #expect(CaseNextStep.decide(action) == .updateAction(id: a2, what: "Antrag", dueOn: "2027-01-02"))
    }

    @Test func theIntakeResultMovesTheCaseOnlyWhereTheRuleSays() {
        #expect(PhaseMachine.afterIntake(in: .intake, outcome: .caseManagement, hasConsent: true) == .assessment)
        #expect(PhaseMachine.afterIntake(in: .intake, outcome: .caseManagement, hasConsent: false) == nil)
        #expect(PhaseMachine.afterIntake(in: .intake, outcome: .referral, hasConsent: true) == nil)
        #expect(PhaseMachine.afterIntake(in: .assessment, outcome: .caseManagement, hasConsent: true) == nil)
    }
}

@Suite struct DaysBetweenTests {
    @Test func daysAreCountedAcrossMonthsYearsAndLeapDays() {
        #expect(GermanFormat.days(from: "2027-01-15", to: "2027-01-15") == 0)
        #expect(GermanFormat.days(from: "2027-01-31", to: "2027-02-01") == 1)
        #expect(GermanFormat.days(from: "2023-12-31", to: "2024-03-01") == 61)
        #expect(GermanFormat.days(from: "2027-02-01", to: "2027-01-01") == 0)
        #expect(GermanFormat.days(from: "kein Tag", to: "2027-01-01") == 0)
    }
}

@Suite struct MeetingTimeTests {
    @Test func timesAreReadAsPeopleTypeThem() {
        #expect(MeetingTime.normalised("14:00") == "14:00")
        #expect(MeetingTime.normalised("9.30") == "09:30")
        #expect(MeetingTime.normalised("14 Uhr") == "14:00")
        #expect(MeetingTime.normalised("24:00") == nil && MeetingTime.normalised("14:5") == nil && MeetingTime.normalised("nachmittags") == nil)
    }
}

@Suite struct DecisionStepTests {
    @Test func aDecisionSuggestsTheTopicsNextStep() {
        #expect(TopicLadder.stepProposed(by: .forwardToState, from: .body) == .forwardedToState)
        #expect(TopicLadder.stepProposed(by: .task, from: .body) == .followUp)
        #expect(TopicLadder.stepProposed(by: .setUpWorkingGroup, from: .analysing) == .body, "first before the body")
        #expect(TopicLadder.stepProposed(by: .closeTopic, from: .followUp) == .closedWithoutSolution)
        #expect(TopicLadder.stepProposed(by: .task, from: .followUp) == nil, "already there")
        #expect(TopicLadder.stepProposed(by: .forwardToState, from: .solved) == nil, "a final status is final")
    }
}
