import Foundation
import LotseAPI

/// What the topic API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension TopicDesk.FindingRow: ContractAnswer {
    var contract: Components.Schemas.FindingRow {
        get throws {
            try .init(id: id.contract,
                      reportedOn: reportedOn,
                      municipality: municipality,
                      caseNumber: caseNumber,
                      category: category.contract,
                      lifeDomain: lifeDomain.contract,
                      legalDomains: legalDomains.contract,
                      level: level.contract,
                      description: description,
                      topicId: topicId.contract,
                      topicTitle: topicTitle)
        }
    }
}

extension TopicRow: ContractAnswer {
    var contract: Components.Schemas.TopicRow {
        .init(raisedOn: raisedOn,
              id: id.contract,
              title: title,
              priority: priority.contract,
              status: status.contract,
              responsible: responsible,
              findings: findings)
    }
}

extension TopicDetail.Evidence: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.EvidencePayload {
        get throws {
            try .init(findings: findings,
                      cases: cases,
                      municipalities: municipalities,
                      firstOn: firstOn,
                      lastOn: lastOn,
                      lifeDomains: lifeDomains.contract,
                      legalDomains: legalDomains.contract,
                      confirmingMunicipalities: confirmingMunicipalities,
                      confirmedCases: confirmedCases)
        }
    }
}

extension TopicDetail.Step: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.TrailPayloadPayload {
        .init(status: status.contract,
              reason: reason,
              movedBy: movedBy,
              movedOn: movedOn)
    }
}

extension TopicDetail.Asked: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.RequestsPayloadPayload {
        .init(question: question,
              askedOn: askedOn,
              asked: asked,
              answered: answered)
    }
}

extension TopicDetail.Answer: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.AnswersPayloadPayload {
        .init(municipality: municipality,
              seesSame: seesSame.contract,
              cases: cases,
              comment: comment,
              answeredOn: answeredOn)
    }
}

extension TopicDetail.Forwarding: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.ForwardingPayload {
        .init(recipient: recipient,
              sentOn: sentOn,
              answer: answer,
              answeredOn: answeredOn)
    }
}

extension TopicDetail.Hearing: ContractAnswer {
    var contract: Components.Schemas.TopicDetail.HearingsPayloadPayload {
        .init(meetingId: meetingId.contract,
              body: body,
              heldOn: heldOn)
    }
}

extension TopicDetail: ContractAnswer {
    var contract: Components.Schemas.TopicDetail {
        get throws {
            try .init(raisedOn: raisedOn,
                      id: id.contract,
                      title: title,
                      statement: statement,
                      priority: priority.contract,
                      responsibleId: responsibleId.contract,
                      responsible: responsible,
                      status: status.contract,
                      nextStatuses: nextStatuses.contract,
                      isFinal: isFinal,
                      evidence: evidence.contract,
                      findings: findings.contract,
                      trail: trail.contract,
                      requests: requests.contract,
                      answers: answers.contract,
                      forwarding: forwarding.contract,
                      hearings: hearings.contract,
                      decisions: decisions.contract)
        }
    }
}

extension EvidenceDesk.Town: ContractAnswer {
    var contract: Components.Schemas.OpenRequest.MunicipalitiesPayloadPayload {
        .init(id: id.contract,
              name: name)
    }
}

extension EvidenceDesk.OpenRequest: ContractAnswer {
    var contract: Components.Schemas.OpenRequest {
        get throws {
            try .init(id: id.contract,
                      topic: topic,
                      statement: statement,
                      question: question,
                      askedOn: askedOn,
                      municipalities: municipalities.contract)
        }
    }
}

extension TopicDetail.Evidence.Share: ContractAnswer {
    var contract: Components.Schemas.CodedCount {
        .init(item: item.contract,
              findings: findings)
    }
}
