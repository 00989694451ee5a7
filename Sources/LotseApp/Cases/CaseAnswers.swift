import Foundation
import LotseCore
import LotseAPI

/// What the case work API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension CaseAPIController.BriefContactDTO: ContractAnswer {
    var contract: Components.Schemas.BriefContact {
        get throws {
            try .init(id: id.contract,
                      municipalityId: municipalityId.contract,
                      contactOn: contactOn,
                      accessChannel: accessChannel.contractCase(),
                      lifeDomains: lifeDomains.map { try $0.contractCase() },
                      outcome: outcome.contractCase(),
                      caseId: caseId.contract)
        }
    }
}

extension CaseRow: ContractAnswer {
    var contract: Components.Schemas.CaseRow {
        get throws {
            try .init(id: id.contract,
                      number: number,
                      municipality: municipality,
                      phase: phase.contract,
                      lifeDomains: lifeDomains.contract,
                      openedOn: openedOn,
                      closedOn: closedOn,
                      clientName: clientName,
                      nextReview: nextReview,
                      overdueActions: overdueActions)
        }
    }
}

extension CaseDesk.DueItem: ContractAnswer {
    var contract: Components.Schemas.DueItem {
        .init(caseId: caseId.contract,
              caseNumber: caseNumber,
              clientName: clientName,
              kind: kind,
              text: text,
              dueOn: dueOn,
              isOverdue: isOverdue)
    }
}

extension CaseDetail.PhaseTime: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.PhaseTimesPayloadPayload {
        .init(phase: phase.contract,
              days: days)
    }
}

extension CaseDetail.ConsentView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ConsentsPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      kind: kind.contract,
                      status: status.contract,
                      method: method.contract,
                      givenOn: givenOn,
                      recipientId: recipientId.contract,
                      recipient: recipient,
                      purpose: purpose,
                      validFrom: validFrom,
                      validUntil: validUntil,
                      withdrawnOn: withdrawnOn,
                      isValidToday: isValidToday,
                      recordedBy: recordedBy)
        }
    }
}

extension CaseDetail.LegalDomainView: ContractAnswer {
    var contract: Components.Schemas.LegalDomainMembership {
        get throws {
            try .init(legalDomain: legalDomain.contract,
                      beganOn: beganOn,
                      endedOn: endedOn,
                      previous: previous.contract)
        }
    }
}

extension CaseDetail.HouseholdMember: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ClientPayload.HouseholdPayloadPayload {
        .init(name: name,
              caseNumbers: caseNumbers)
    }
}

extension CaseDetail.ClientView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ClientPayload {
        get throws {
            try .init(id: id.contract,
                      identity: identity.contract,
                      gender: gender.contract,
                      legalDomains: legalDomains.contract,
                      household: household.contract)
        }
    }
}

extension CaseDetail.AssessmentView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.AssessmentsPayloadPayload {
        .init(lifeDomain: lifeDomain.contract,
              priority: priority.contract,
              situation: situation,
              needs: needs,
              resources: resources,
              assessedOn: assessedOn)
    }
}

extension CaseDetail.GoalView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.GoalsPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      lifeDomain: lifeDomain.contract,
                      description: description,
                      agreedOn: agreedOn,
                      status: status.contract,
                      actions: actions.contract,
                      hasActions: hasActions)
        }
    }
}

extension CaseDetail.GoalProgress: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ReviewsPayloadPayload.ProgressPayloadPayload {
        .init(goal: goal,
              text: text)
    }
}

extension CaseDetail.ReviewView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ReviewsPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      dueOn: dueOn,
                      heldOn: heldOn,
                      note: note,
                      progress: progress.contract,
                      leadsToReassessment: leadsToReassessment,
                      isOverdue: isOverdue)
        }
    }
}

extension CaseDetail.ContactView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ContactsPayloadPayload {
        .init(contactOn: contactOn,
              kind: kind.contract,
              minutes: minutes,
              interpreterUsed: interpreterUsed,
              note: note)
    }
}

extension CaseDetail.ReferralView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ReferralsPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      providerId: providerId.contract,
                      provider: provider,
                      service: service,
                      lifeDomain: lifeDomain.contract,
                      reason: reason,
                      handoverItems: handoverItems.contract,
                      status: status.contract,
                      feedback: feedback,
                      referredOn: referredOn,
                      reliedOnConsent: reliedOnConsent,
                      hasHandover: hasHandover)
        }
    }
}

extension CaseDetail.ConferenceView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ConferencesPayloadPayload {
        .init(id: id.contract,
              level: level.contract,
              heldOn: heldOn,
              participants: participants,
              minutes: minutes,
              hasMinutes: hasMinutes,
              helpPlan: helpPlan?.contract,
              mayAgreeHelpPlan: mayAgreeHelpPlan)
    }
}

extension CaseDetail.HelpPlanView: ContractAnswer {
    var contract: Components.Schemas.HelpPlan {
        .init(id: id.contract,
              agreedOn: agreedOn,
              goals: goals,
              acceptedBy: acceptedBy,
              actions: actions.map { .init(text: $0.text, provider: $0.provider, dueOn: $0.dueOn) },
              dueOn: dueOn,
              isDue: isDue,
              lastReviewedOn: lastReviewedOn,
              reviewNote: reviewNote)
    }
}

extension CaseDetail.FindingView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.FindingsPayloadPayload {
        .init(category: category.contract,
              lifeDomain: lifeDomain.contract,
              level: level.contract,
              description: description,
              reportedOn: reportedOn)
    }
}

extension CaseDetail.ClosureView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.ClosurePayload {
        get throws {
            try .init(reason: reason.contract,
                      goalAttainment: goalAttainment.contract,
                      evaluation: evaluation,
                      closedOn: closedOn)
        }
    }
}

extension CaseDetail: ContractAnswer {
    var contract: Components.Schemas.CaseDetail {
        get throws {
            try .init(id: id.contract,
                      number: number,
                      municipalityId: municipalityId.contract,
                      municipality: municipality,
                      accessChannel: accessChannel.contract,
                      accessLevel: accessLevel,
                      referringParty: referringParty,
                      lifeDomains: lifeDomains.contract,
                      phase: phase.contract,
                      phaseTimes: phaseTimes.contract,
                      nextPhases: nextPhases.contract,
                      intakeOutcome: intakeOutcome.contract,
                      openedOn: openedOn,
                      hasConsent: hasConsent,
                      consents: consents.contract,
                      client: client.contract,
                      assessments: assessments.contract,
                      goals: goals.contract,
                      looseActions: looseActions.contract,
                      reviews: reviews.contract,
                      contacts: contacts.contract,
                      referrals: referrals.contract,
                      conferences: conferences.contract,
                      findings: findings.contract,
                      closure: closure.contract,
                      restrictions: restrictions.contract,
                      isRestricted: isRestricted,
                      corrections: corrections.contract,
                      accessRequests: accessRequests.contract,
                      phaseHistory: phaseHistory.contract,
                      preChecks: preChecks.contract,
                      handovers: handovers.contract)
        }
    }
}

extension CasePseudonym.PhaseStep: ContractAnswer {
    var contract: Components.Schemas.CasePseudonym.PhaseHistoryPayloadPayload {
        .init(phase: phase.contract,
              enteredOn: enteredOn)
    }
}

extension CasePseudonym.ConferenceDate: ContractAnswer {
    var contract: Components.Schemas.CasePseudonym.ConferencesPayloadPayload {
        .init(level: level.contract,
              heldOn: heldOn)
    }
}

extension CasePseudonym: ContractAnswer {
    var contract: Components.Schemas.CasePseudonym {
        get throws {
            try .init(id: id.contract,
                      number: number,
                      municipality: municipality,
                      phase: phase.contract,
                      lifeDomains: lifeDomains.contract,
                      openedOn: openedOn,
                      closedOn: closedOn,
                      phaseHistory: phaseHistory.contract,
                      conferences: conferences.contract)
        }
    }
}

extension ClientIdentity: ContractAnswer {
    var contract: Components.Schemas.ClientIdentity {
        get throws {
            try .init(givenNames: givenNames,
                      familyName: familyName,
                      birthDate: birthDate,
                      gender: gender.contractCase(),
                      nationalities: nationalities,
                      languages: languages,
                      interpreterNeeded: interpreterNeeded,
                      phone: phone,
                      email: email,
                      address: address,
                      residenceStatus: residenceStatus)
        }
    }
}

extension CaseAPIController.DuplicatesAnswer.Candidate: ContractAnswer {
    var contract: Components.Schemas.Duplicates.CandidatesPayloadPayload {
        .init(clientId: clientId.contract,
              name: name,
              birthDate: birthDate,
              municipality: municipality,
              caseNumbers: caseNumbers)
    }
}

extension CaseAPIController.DuplicatesAnswer: ContractAnswer {
    var contract: Components.Schemas.Duplicates {
        get throws {
            try .init(error: error,
                      reason: reason,
                      requestId: requestId,
                      candidates: candidates.contract)
        }
    }
}

extension CaseDetail.ActionView: ContractAnswer {
    var contract: Components.Schemas.CaseAction {
        get throws {
            try .init(id: id.contract,
                      goalId: goalId.contract,
                      fromConference: fromConference,
                      what: what,
                      who: who,
                      dueOn: dueOn,
                      status: status.contract,
                      isOverdue: isOverdue)
        }
    }
}

extension CaseAPIController.CaseView: ContractAnswer {
    var contract: Operations.ReadCase.Output.Ok.Body.JsonPayload {
        get throws {
            switch self {
            case .full(let detail): .CaseDetail(try detail.contract)
            case .pseudonymised(let pseudonym): .CasePseudonym(try pseudonym.contract)
            }
        }
    }
}

extension CaseDetail.RestrictionView: ContractAnswer {
    var contract: Components.Schemas.Restriction {
        .init(restrictedOn: restrictedOn,
              reason: reason,
              restrictedBy: restrictedBy,
              liftedOn: liftedOn,
              liftReason: liftReason,
              liftedBy: liftedBy,
              isActive: isActive)
    }
}

extension CaseDetail.CorrectionView: ContractAnswer {
    var contract: Components.Schemas.Correction {
        get throws {
            try .init(correctedOn: correctedOn,
                      correctedBy: correctedBy,
                      changes: changes.contract)
        }
    }
}

extension FieldChange: ContractAnswer {
    var contract: Components.Schemas.FieldChange {
        .init(field: field,
              before: before,
              after: after)
    }
}

extension CaseDetail.AccessRequestView: ContractAnswer {
    var contract: Components.Schemas.AccessRequest {
        get throws {
            try .init(id: id.contract,
                      receivedOn: receivedOn,
                      deadline: deadline,
                      fulfilledOn: fulfilledOn,
                      delivery: delivery.contract,
                      isOpen: isOpen,
                      isOverdue: isOverdue)
        }
    }
}

extension CaseDetail.PhaseStepView: ContractAnswer {
    var contract: Components.Schemas.CaseDetail.PhaseHistoryPayloadPayload {
        .init(phase: phase.contract,
              enteredOn: enteredOn,
              reason: reason)
    }
}

extension CaseDetail.HandoverView.Event: ContractAnswer {
    var contract: Components.Schemas.HandoverEvent { .init(status: status.contract, happenedOn: happenedOn, note: note) }
}

extension CaseDetail.HandoverView: ContractAnswer {
    var contract: Components.Schemas.Handover {
        get throws {
            try .init(id: id.contract, preCheckId: preCheckId?.contract, officeId: officeId.contract, office: office, procedure: procedure.contract,
                      handedOverOn: handedOverOn, status: status.contract, statusOn: statusOn, disclosureStopped: disclosureStopped,
                      events: events.contract)
        }
    }
}

extension CaseDetail.PreCheckView: ContractAnswer {
    var contract: Components.Schemas.PreCheck {
        get throws {
            .init(id: id.contract, procedure: procedure.contract, checklistId: checklistId.contract, checklist: checklist, version: version,
                  startedOn: startedOn,
                  items: items.map { .init(position: $0.position, title: $0.title, legalSource: $0.legalSource, status: $0.status.contract,
                                           note: $0.note, reviewOn: $0.reviewOn) },
                  met: met, missing: missing, unclear: unclear, nextReview: nextReview)
        }
    }
}
