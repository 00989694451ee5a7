import Foundation
import LotseAPI

/// What the programme API answers, converted field by field into the types generated from
/// `openapi.yaml`: a field the contract requires that a read model lacks, or has with another type,
/// does not compile.

extension AgreementRow: ContractAnswer {
    var contract: Components.Schemas.AgreementRow {
        .init(id: id.contract,
              municipalityId: municipalityId.contract,
              municipality: municipality,
              kind: kind.contract,
              status: status.contract,
              datedOn: datedOn,
              note: note)
    }
}

extension Staffing.BlockRow: ContractAnswer {
    var contract: Components.Schemas.Staffing.BlocksPayloadPayload {
        .init(block: block.contract,
              number: number,
              label: label,
              positions: positions,
              fteFunded: fteFunded,
              fteFilled: fteFilled,
              fteFundedValue: fteFundedValue,
              fteFilledValue: fteFilledValue,
              vacant: vacant,
              holderChanges: holderChanges)
    }
}

extension Staffing.PlaceRow: ContractAnswer {
    var contract: Components.Schemas.Staffing.PlacesPayloadPayload {
        get throws {
            try .init(place: place,
                      fteFunded: fteFunded,
                      fteFilled: fteFilled,
                      caseManagementActive: caseManagementActive,
                      agreements: agreements.contract,
                      hasAgreements: hasAgreements)
        }
    }
}

extension Staffing: ContractAnswer {
    var contract: Components.Schemas.Staffing {
        get throws {
            try .init(period: period.contract,
                      blocks: blocks.contract,
                      places: places.contract,
                      activeMunicipalities: activeMunicipalities,
                      inactiveMunicipalities: inactiveMunicipalities,
                      municipalityCount: municipalityCount,
                      changedIn: changedIn,
                      activeCount: activeCount,
                      hasChanges: hasChanges,
                      stateDay: stateDay,
                      regions: regions.contract,
                      towns: towns.contract)
        }
    }
}

extension Staffing.AreaRow: ContractAnswer {
    var contract: Components.Schemas.StaffingArea {
        .init(name: name,
              fteTarget: fteTarget,
              fteFilled: fteFilled,
              fteTargetValue: fteTargetValue,
              fteFilledValue: fteFilledValue,
              blocks: blocks.map { .init(label: $0.label, fteTarget: $0.fteTarget, fteFilled: $0.fteFilled) },
              positions: positions)
    }
}

extension ProgrammeController.PositionRow: ContractAnswer {
    var contract: Components.Schemas.PositionRow {
        get throws {
        try .init(id: id.contract,
              block: block.contract,
              title: title,
              fte: fte,
              employer: employer.contract,
              place: place,
              municipalityIds: municipalityIds.contract,
              regionId: regionId.contract,
              fteToday: fteToday,
              status: status.contract,
              statusSince: statusSince,
              holder: holder,
              funded: funded)
        }
    }
}

extension ProgrammeAPIController.PositionDetail.Change: ContractAnswer {
    var contract: Components.Schemas.PositionDetail.ChangesPayloadPayload {
        get throws {
            try .init(day: day,
                      status: status,
                      holderId: holderId.contract,
                      fte: fte,
                      note: note)
        }
    }
}

extension ProgrammeAPIController.PositionDetail: ContractAnswer {
    var contract: Components.Schemas.PositionDetail {
        get throws {
            try .init(position: position.contract,
                      changes: changes.contract)
        }
    }
}

extension MilestoneGrid.Column: ContractAnswer {
    var contract: Components.Schemas.MilestoneGrid.ColumnsPayloadPayload {
        .init(key: key,
              label: label)
    }
}

extension MilestoneGrid.Cell: ContractAnswer {
    var contract: Components.Schemas.MilestoneGrid.GroupsPayloadPayload.RowsPayloadPayload.CellsPayloadPayload {
        .init(name: name,
              label: label,
              code: code,
              text: text,
              options: options.map { .init(value: $0.value, label: $0.label, selected: $0.selected) },
              error: error)
    }
}

extension MilestoneGrid.Row: ContractAnswer {
    var contract: Components.Schemas.MilestoneGrid.GroupsPayloadPayload.RowsPayloadPayload {
        get throws {
            try .init(id: id.contract,
                      title: title,
                      status: status.contract,
                      responsible: responsible,
                      completedOn: completedOn,
                      note: note,
                      cells: cells.contract)
        }
    }
}

extension MilestoneGrid.Group: ContractAnswer {
    var contract: Components.Schemas.MilestoneGrid.GroupsPayloadPayload {
        get throws {
            try .init(block: block.contract,
                      rows: rows.contract)
        }
    }
}

extension MilestoneGrid: ContractAnswer {
    var contract: Components.Schemas.MilestoneGrid {
        get throws {
            try .init(columns: columns.contract,
                      groups: groups.contract,
                      hasMilestones: hasMilestones,
                      editable: editable,
                      from: from,
                      to: to,
                      earlier: earlier,
                      later: later,
                      legend: legend)
        }
    }
}

extension ProgrammeAPIController.GoalsDTO: ContractAnswer {
    var contract: Components.Schemas.Goals {
        get throws {
            try .init(period: period.contract,
                      goals: goals.contract,
                      overallVerdict: overallVerdict.contract)
        }
    }
}

extension GoalView.CriterionView: ContractAnswer {
    var contract: Components.Schemas.GoalView.CriteriaPayloadPayload {
        .init(measure: measure.contract,
              target: target,
              sentence: sentence,
              met: met,
              figure: figure,
              base: base,
              items: items,
              hasItems: hasItems,
              missing: missing,
              hasMissing: hasMissing)
    }
}

extension GoalView: ContractAnswer {
    var contract: Components.Schemas.GoalView {
        get throws {
            try .init(id: id.contract,
                      number: number,
                      title: title,
                      isMeasured: isMeasured,
                      criteria: criteria.contract,
                      verdict: verdict.contract,
                      evidence: evidence,
                      hasEvidence: hasEvidence)
        }
    }
}

extension ReportView: ContractAnswer {
    var contract: Components.Schemas.Report {
        .init(id: id.contract,
              title: title,
              period: period.contract,
              status: status.contract,
              isPublished: isPublished,
              overallVerdict: overallVerdict.contract,
              text: text,
              generatedAt: generatedAt,
              publishedAt: publishedAt)
    }
}

extension ReportVersionView: ContractAnswer {
    var contract: Components.Schemas.ReportVersion {
        .init(id: id.contract,
              title: title,
              text: text,
              cause: cause.contract,
              savedAt: savedAt,
              savedBy: savedBy)
    }
}

extension ControllingRow.Indicator: ContractAnswer {
    var contract: Components.Schemas.ControllingRow.IndicatorsPayloadPayload {
        .init(code: code,
              label: label,
              value: value,
              suppressed: suppressed)
    }
}

extension ControllingRow: ContractAnswer {
    var contract: Components.Schemas.ControllingRow {
        get throws {
            try .init(district: district,
                      period: period,
                      periodLabel: periodLabel,
                      periodStart: periodStart,
                      periodEnd: periodEnd,
                      threshold: threshold,
                      indicators: indicators.contract)
        }
    }
}

extension PeriodView: ContractAnswer {
    var contract: Components.Schemas.Period { .init(key: key, label: label, start: start, end: end, kind: kind) }
}

extension ReportTextsAPIController.TextsDTO: ContractAnswer {
    var contract: Components.Schemas.ReportTexts {
        .init(organisationalUnit: text(.organisationalUnit),
              principalGoal: text(.principalGoal),
              workingGroupRule: text(.workingGroupRule),
              signaturePlace: text(.signaturePlace),
              signatureAuthor: text(.signatureAuthor))
    }
}
