import Fluent
import Foundation
import LotseCore
import Vapor

/// School year 2022/23 of Kreis Paderborn as seed 000 reports it: steering-group meetings on
/// 22.11.2022 and 20.04.2023, two topics from case work on 20.04.2023 after two planning
/// conferences, case management active in eight of ten municipalities (new: Hövelhof, Altenbeken,
/// Delbrück; none yet in Lichtenau and Bad Wünnenberg; changes of holder in four municipalities,
/// Salzkotten and Bad Lippspringe refilled in 2023/24), no working group but exchange meetings
/// decided. Staffing follows seeds 001 §6.1 and 002; exact dates of filling, the holders' changes
/// in Borchen and Büren, the milestone grid's cells (the seed's colours are lost in the text) and
/// the two historical cases are our assumptions.
enum DemoProgramme {
    static func at(_ day: String) -> Date { (GermanFormat.day(day) ?? Date()).addingTimeInterval(12 * 3600) }

    static func seed(_ app: Application, districtID: UUID, caseDesk: (Date) -> CaseDesk) async throws {
        guard try await Position.query(on: app.db).filter(\.$districtID == districtID).count() == 0,
              let coordinator = try await User.query(on: app.db).filter(\.$username == "demo.koordination").first(),
              let steeringBody = try await Body.query(on: app.db).filter(\.$districtID == districtID).filter(\.$kind == .steeringGroup).first(),
              let planningBody = try await Body.query(on: app.db).filter(\.$districtID == districtID).filter(\.$kind == .planningConference).first()
        else { return }
        let caseManager = try await User.query(on: app.db).filter(\.$username == "demo.casemanagement").first()
        let setting = try await DistrictSetting.query(on: app.db).filter(\.$districtID == districtID).first() ?? DistrictSetting()
        setting.districtID = districtID
        if setting.id == nil { setting.disclosureThreshold = DisclosureControl.defaultThreshold }
        setting.reportingPeriod = .schoolYear
        try await setting.save(on: app.db)

        func desk(_ day: String) -> ProgrammeDesk {
            ProgrammeDesk(scope: .operatorCommand(.manageProgramme, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"),
                          now: at(day), actorID: coordinator.id ?? UUID(), recordKeys: app.lotse.recordKeys)
        }
        let towns = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: app.db).filter(\.$districtID == districtID).all()
            .compactMap { town in town.id.map { (town.name, $0) } })
        try await seedPositions(desk, towns: towns, coordinatorID: coordinator.id, caseManagerID: caseManager?.id)
        try await seedAgreements(desk, towns: towns)
        try await seedMilestones(desk("2023-07-01"))
        try await seedYear(app, districtID: districtID, towns: towns, caseDesk: caseDesk, coordinatorID: coordinator.id ?? UUID(),
                           steeringID: try steeringBody.requireID(), planningID: try planningBody.requireID())
        try await seedGoals(desk("2023-07-10"), today: GermanFormat.isoDay(app.lotse.configuration.now()))
        // The standing texts of seed 000 (issue 19, part 7); the author is the coordination, not a person.
        try await desk("2023-07-10").saveStandingTexts(.with([
            StandingText.organisationalUnit.rawValue: "Im Bildungs- und Integrationszentrum wurde zur Umsetzung des KIM im Kreis Paderborn das Sachgebiet "
                + "„Kommunales Integrationsmanagement“ eingerichtet, unter einem Dach mit dem Kommunalen Integrationszentrum sowie dem Übergang Schule – Beruf und dem Bildungsbüro.",
            StandingText.principalGoal.rawValue: "Das Grundsatzziel des Landesprogramms ist es, in Zusammenarbeit mit den kreisangehörigen Kommunen und Integrationsakteuren vor Ort "
                + "die Teilhabe- und Integrationschancen von Menschen mit Einwanderungsgeschichte zu verbessern.",
            StandingText.workingGroupRule.rawValue: "Themenspezifische Arbeitsgruppen sollen eingerichtet werden, wenn die Fallarbeit einen entsprechenden Bedarf aufgezeigt "
                + "und die Lenkungsgruppe die Gründung bzw. Beauftragung einer Arbeitsgruppe beschließt.",
            StandingText.signaturePlace.rawValue: "Paderborn",
            StandingText.signatureAuthor.rawValue: "Koordinierende Stelle KIM",
        ]))
        let report = try await desk("2023-07-20").generateReport(ReportingPeriod(kind: .schoolYear, startYear: 2022), replace: false)
        try await desk("2023-07-24").publishReport(try report.requireID())
    }

    typealias Change = (day: String, status: PositionStatus, holder: UUID?, note: String)

    static func seedPositions(_ desk: (String) -> ProgrammeDesk, towns: [String: UUID], coordinatorID: UUID?, caseManagerID: UUID?) async throws {
        let positions: [(BuildingBlock, String, String, Employer, String?, String, [Change])] = [
            (.coordination, "Koordinierende Stelle 1", "1", .district, nil, "2021-09-01", [("2021-09-01", .filled, coordinatorID, "")]),
            (.coordination, "Koordinierende Stelle 2", "1", .district, nil, "2021-09-01", [("2021-10-01", .filled, nil, "")]),
            (.coordination, "Koordinierende Stelle 3", "1", .district, nil, "2021-09-01", [("2021-09-01", .advertised, nil, ""), ("2022-02-01", .filled, nil, "")]),
            (.coordination, "Koordinierende Stelle 4 (Anteil)", "0,5", .district, nil, "2021-09-01", [("2021-09-01", .advertised, nil, ""), ("2022-09-01", .vacant, nil, "Ausschreibung ohne Erfolg")]),
            (.coordination, "Assistenz KIM", "0,5", .district, nil, "2021-09-01", [("2021-11-01", .filled, nil, "")]),
            (.coordination, "Koordinierende Stelle Stadt Paderborn", "1", .municipality, "Paderborn", "2022-01-01", [("2022-04-01", .filled, nil, "über Weiterleitungsvertrag")]),
            (.caseManagement, "Case Management Altenbeken", "1", .district, "Altenbeken", "2022-01-01", [("2022-05-01", .advertised, nil, ""), ("2022-10-01", .filled, nil, "Start des Case Managements")]),
            (.caseManagement, "Case Management Bad Lippspringe", "1", .district, "Bad Lippspringe", "2021-09-01", [("2021-11-01", .filled, nil, ""), ("2023-05-31", .vacant, nil, "Nachbesetzung im Schuljahr 2023/24")]),
            (.caseManagement, "Case Management Bad Wünnenberg", "1", .district, "Bad Wünnenberg", "2022-01-01", [("2022-01-01", .planned, nil, "")]),
            (.caseManagement, "Case Management Borchen", "1", .district, "Borchen", "2021-09-01", [("2021-12-01", .filled, nil, ""), ("2023-02-01", .filled, nil, "Stellenwechsel")]),
            (.caseManagement, "Case Management Büren", "1", .welfareOrganisation, "Büren", "2021-09-01", [("2022-01-01", .filled, nil, ""), ("2023-03-01", .filled, nil, "Stellenwechsel")]),
            (.caseManagement, "Case Management Delbrück", "1", .district, "Delbrück", "2022-01-01", [("2022-06-01", .advertised, nil, ""), ("2023-01-15", .filled, nil, "Start des Case Managements")]),
            (.caseManagement, "Case Management Hövelhof", "1", .district, "Hövelhof", "2022-01-01", [("2022-05-01", .advertised, nil, ""), ("2022-09-01", .filled, caseManagerID, "Start des Case Managements")]),
            (.caseManagement, "Case Management Lichtenau", "1", .district, "Lichtenau", "2022-01-01", [("2022-09-01", .advertised, nil, "")]),
            (.caseManagement, "Case Management Salzkotten", "1", .municipality, "Salzkotten", "2021-09-01", [("2021-10-01", .filled, nil, ""), ("2023-04-30", .vacant, nil, "Nachbesetzung im Schuljahr 2023/24")]),
            (.caseManagement, "Case Management Paderborn, Sozialbezirk Nord", "1", .municipality, "Paderborn", "2021-09-01", [("2021-10-01", .filled, nil, "")]),
            (.caseManagement, "Case Management Paderborn, Sozialbezirk Ost", "1", .municipality, "Paderborn", "2021-09-01", [("2021-10-01", .filled, nil, "")]),
            (.caseManagement, "Case Management Paderborn, Sozialbezirk Süd", "1", .municipality, "Paderborn", "2021-09-01", [("2021-11-01", .filled, nil, "")]),
            (.caseManagement, "Case Management Paderborn, Sozialbezirk West", "1", .municipality, "Paderborn", "2022-01-01", [("2022-02-01", .filled, nil, "")]),
            (.immigrationOffice, "Ausländerbehörde Kreis Paderborn", "1", .district, nil, "2022-01-01", [("2022-03-01", .filled, nil, "")]),
            (.immigrationOffice, "Einbürgerungsbehörde Kreis Paderborn", "0,5", .district, nil, "2021-09-01", [("2021-12-01", .filled, nil, "")]),
            (.immigrationOffice, "Einbürgerungsbehörde Kreis Paderborn (zweiter Anteil)", "0,5", .district, nil, "2022-01-01", [("2022-06-01", .advertised, nil, "")]),
            (.immigrationOffice, "Ausländerbehörde Stadt Paderborn", "1", .municipality, "Paderborn", "2022-01-01", [("2022-04-01", .filled, nil, "")]),
            (.immigrationOffice, "Einbürgerungsbehörde Stadt Paderborn", "1", .municipality, "Paderborn", "2022-01-01", [("2022-01-01", .planned, nil, "")]),
        ]
        for (block, title, fte, employer, town, from, changes) in positions {
            let first = changes[0]
            let position = try await desk(first.day).createPosition(
                .init(buildingBlock: block, title: title, fte: fte, employer: employer, municipalityIDs: town.flatMap { towns[$0] }.map { [$0] } ?? [], fundedFrom: from),
                first: .init(status: first.status, day: first.day, holderID: first.holder, note: first.note))
            for change in changes.dropFirst() {
                try await desk(change.day).changePosition(.init(status: change.status, day: change.day, holderID: change.holder, note: change.note),
                                                          id: try position.requireID())
            }
        }
    }

    static func seedAgreements(_ desk: (String) -> ProgrammeDesk, towns: [String: UUID]) async throws {
        let agreements: [(String, AgreementKind, AgreementStatus, String, String)] = [
            ("Paderborn", .forwarding, .inForce, "2022-01-01", "Mittel für die koordinierende Stelle und 4 VZÄ Case Management"),
            ("Paderborn", .cooperation, .inForce, "2021-12-15", ""), ("Bad Lippspringe", .cooperation, .inForce, "2021-10-20", ""),
            ("Borchen", .cooperation, .inForce, "2021-11-10", ""), ("Büren", .cooperation, .inForce, "2021-12-01", "mit dem Caritasverband als Anstellungsträger"),
            ("Salzkotten", .forwarding, .inForce, "2021-09-15", "Mittel für 1 VZÄ Case Management"), ("Salzkotten", .cooperation, .inForce, "2021-09-15", ""),
            ("Altenbeken", .cooperation, .inForce, "2022-09-01", ""), ("Hövelhof", .cooperation, .inForce, "2022-08-15", ""),
            ("Delbrück", .cooperation, .inForce, "2022-12-01", ""), ("Lichtenau", .cooperation, .inPreparation, "2023-03-01", ""),
            ("Bad Wünnenberg", .cooperation, .planned, "2023-06-01", ""),
            ("Hövelhof", .localConcept, .inPreparation, "2023-06-20", "Entwurf mit den Akteuren vor Ort"),
        ]
        for (town, kind, status, day, note) in agreements {
            _ = try await desk(day).saveAgreement(.init(municipalityID: towns[town], kind: kind, status: status, datedOn: day, note: note))
        }
    }

    static func seedMilestones(_ desk: ProgrammeDesk) async throws {
        let y = MilestonePlanning.yes, n = MilestonePlanning.ifNeeded, o = MilestonePlanning.no
        let milestones: [(BuildingBlock, String, MilestoneStatus, String, String, [MilestonePlanning])] = [
            (.coordination, "Auftaktveranstaltung zum KIM mit allen relevanten Akteuren", .done, "Koordinierende Stellen", "2022-03-24", [y, o, o, o]),
            (.coordination, "Konstituierende Sitzung der Lenkungsgruppe", .done, "Koordinierende Stellen", "2022-03-29", [y, o, o, o]),
            (.coordination, "Ausschreibung der Stellen für die Bausteine I, II, III", .done, "Sachgebiet KIM", "2022-09-01", [y, y, n, n]),
            (.coordination, "Qualifizierung der Koordinierenden Stellen", .done, "Koordinierende Stellen", "2022-12-15", [y, y, o, o]),
            (.caseManagement, "Qualifizierung der Case Manager*innen", .inProgress, "Koordinierende Stellen", "", [y, y, y, n]),
            (.coordination, "Informationsveranstaltungen zum KIM in den Kommunen für Verwaltungen und externe Akteure (Wohlfahrtsverbände, Vereine, Ehrenamt)", .done, "Koordinierende Stellen", "2023-03-31", [y, y, y, n]),
            (.coordination, "In- und externe Beratungs- und Abstimmungsprozesse zum Aufbau des KIM; Erstellen von Kooperationsverträgen", .inProgress, "Sachgebiet KIM", "", [y, y, y, y]),
            (.caseManagement, "Ist- und Bedarfsanalyse von Angeboten, die den Integrationsprozess unterstützen", .inProgress, "Case Management mit Koordinierenden Stellen", "", [o, y, y, y]),
            (.caseManagement, "Einrichtung und Verortung der Regionalteams", .done, "Koordinierende Stellen", "2022-11-30", [y, y, o, o]),
            (.coordination, "Einrichtung von themenspezifischen Arbeitsgruppen", .open, "Lenkungsgruppe", "", [o, n, n, y]),
            (.coordination, "Veranstaltungen zur rechtskreisübergreifenden Zusammenarbeit für Kreisverwaltung, Jobcenter, Arbeitsagentur", .inProgress, "Koordinierende Stellen", "", [o, y, n, y]),
            (.caseManagement, "Kontinuierliche Einbeziehung der kommunalen Integrationsakteure (MBE, JMD, Ehrenamt, Integrationsrat, Migrantenselbstorganisationen)", .inProgress, "Case Management", "", [y, y, y, y]),
            (.immigrationOffice, "Gemeinsame Austauschtreffen mit Personal aus Baustein II und III zur Abstimmung der Zusammenarbeit", .inProgress, "Koordinierende Stellen mit ABH/EBH", "", [o, y, y, y]),
            (.coordination, "Erstellung des umfassenderen Handlungskonzeptes KIM unter Beteiligung der Kommunen", .open, "Sachgebiet KIM", "", [o, o, n, y]),
        ]
        let halves = HalfYear.range(HalfYear(year: 2022, half: 1), HalfYear(year: 2023, half: 2))
        var cells: [(milestoneID: UUID, halfYear: HalfYear, value: String)] = []
        for (block, title, status, responsible, done, plan) in milestones {
            let milestone = try await desk.saveMilestone(.init(buildingBlock: block, title: title, status: status, responsible: responsible, completedOn: done))
            for (half, planning) in zip(halves, plan) { cells.append((try milestone.requireID(), half, planning.rawValue)) }
        }
        try await desk.savePlan(cells)
    }

    /// The year itself: two cases whose findings became the two topics, planning conferences,
    /// the steering group's meetings and its decisions.
    static func seedYear(_ app: Application, districtID: UUID, towns: [String: UUID], caseDesk: (Date) -> CaseDesk, coordinatorID: UUID,
                         steeringID: UUID, planningID: UUID) async throws {
        let stories: [(String, String, LifeDomain, FindingCategory, String)] = [
            ("Hövelhof", "2022-10-12", .residence, .interfaceProblem,
             "Menschen mit langjähriger Duldung erfahren spät vom Chancen-Aufenthaltsrecht; Beratung, Ausländerbehörde und Jobcenter stimmen sich nicht ab."),
            ("Paderborn", "2022-11-08", .health, .interfaceProblem,
             "Beim Wechsel vom AsylbLG in das SGB II entstehen Lücken in der finanziellen und gesundheitlichen Versorgung, weil Anträge nacheinander bearbeitet werden."),
        ]
        var findings: [UUID] = []
        for (town, day, domain, category, text) in stories {
            let desk = caseDesk(at(day))
            let file = try await desk.openCase(.init(municipalityID: towns[town], openedOn: day, accessChannel: .officeHours, lifeDomains: [domain]))
            _ = try await desk.recordConsent(.init(kind: .caseManagement, status: .given, method: .signedForm, givenOn: day), caseID: try file.requireID())
            let finding = try await caseDesk(at(day).addingTimeInterval(14 * 86_400))
                .reportFinding(.init(category: category, lifeDomain: domain, level: .district, description: text), caseID: try file.requireID())
            findings.append(try finding.requireID())
        }
        func topics(_ day: String) throws -> TopicDesk {
            TopicDesk(scope: .operatorCommand(.manageTopics, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"), now: at(day), actorID: coordinatorID, people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        let chance = try await topics("2023-01-10").createTopic(.init(title: "Chancen-Aufenthaltsrecht: Beratung und Verfahren abstimmen",
                                                                      statement: "Betroffene erfahren zu spät von der Möglichkeit; die beteiligten Stellen stimmen sich nicht ab.",
                                                                      priority: .high), findingIDs: [findings[0]])
        let supply = try await topics("2023-01-10").createTopic(.init(title: "Finanzielle und gesundheitliche Versorgung im Rechtskreiswechsel",
                                                                      statement: "Beim Wechsel vom AsylbLG in das SGB II fehlen über Wochen Leistungen und Krankenversicherung.",
                                                                      priority: .high), findingIDs: [findings[1]])
        func steering(_ day: String) throws -> SteeringDesk {
            SteeringDesk(scope: .operatorCommand(.manageBodies, districtID: districtID), db: app.db, audit: app.audit(requestID: "demo"), now: at(day), actorID: coordinatorID, people: try app.knownPeople(audit: app.audit(requestID: "demo")))
        }
        for topic in [chance, supply] {
            try await topics("2023-01-20").move(try topic.requireID(), to: .analysing, reason: "Belege aus den Kommunen gesammelt")
        }
        let constituent = try await steering("2022-03-29").createMeeting(bodyID: steeringID, heldOn: "2022-03-29", place: "Kreishaus Paderborn, Sitzungssaal")
        try await steering("2022-03-29").recordMinutes("Konstituierende Sitzung: Geschäftsordnung und Arbeitsweise beschlossen.", present: [], meetingID: try constituent.requireID())
        let november = try await steering("2022-11-22").createMeeting(bodyID: steeringID, heldOn: "2022-11-22", place: "Kreishaus Paderborn, Sitzungssaal")
        try await steering("2022-11-22").addAgendaItem(.init(title: "Stand des Case Managements in den Kommunen"), meetingID: try november.requireID())
        try await steering("2022-11-22").recordMinutes("Bericht zum Aufbau des Case Managements; Planungskonferenzen vor der nächsten Sitzung vereinbart.",
                                                       present: Array(november.invitedMemberIDs.prefix(8)), meetingID: try november.requireID())
        for (day, topic) in [("2023-02-14", chance), ("2023-03-21", supply)] {
            let conference = try await steering(day).createMeeting(bodyID: planningID, heldOn: day, place: "Kreishaus Paderborn, Raum 2.14")
            try await steering(day).addAgendaItem(.init(topicID: topic.id), meetingID: try conference.requireID())
            try await topics(day).move(try topic.requireID(), to: .planningConference, reason: "Planungskonferenz vom \(GermanFormat.germanDay(day))")
        }
        let april = try await steering("2023-04-20").createMeeting(bodyID: steeringID, heldOn: "2023-04-20", place: "Kreishaus Paderborn, Sitzungssaal")
        for topic in [chance, supply] {
            try await steering("2023-04-20").addAgendaItem(.init(topicID: topic.id), meetingID: try april.requireID())
            try await topics("2023-04-20").move(try topic.requireID(), to: .body, reason: "Lenkungsgruppe vom 20.04.2023")
        }
        let exchange = try await steering("2023-04-20").decide(.init(text: "Austauschtreffen zum Chancen-Aufenthaltsrecht mit Ausländerbehörde, Jobcenter und Beratungsstellen.",
                                                                    kind: .exchangeMeeting, owner: "Koordinierende Stelle KIM", dueOn: "2023-06-30", topicID: chance.id),
                                                               meetingID: try april.requireID())
        // Seed 000: the exchange on "Versorgung im Rechtskreiswechsel" was agreed (it stays open), not yet held.
        _ = try await steering("2023-04-20").decide(.init(text: "Austausch zur finanziellen und gesundheitlichen Versorgung im Rechtskreiswechsel zwischen Sozialamt, Jobcenter und Krankenkassen.",
                                                                  kind: .exchangeMeeting, owner: "Sozialamt Kreis Paderborn", dueOn: "2023-10-31", topicID: supply.id),
                                                             meetingID: try april.requireID())
        try await steering("2023-04-20").recordMinutes("Erstmals Themen aus der Fallarbeit beraten; keine Arbeitsgruppe eingerichtet, Austauschtreffen beschlossen.",
                                                       present: Array(april.invitedMemberIDs.prefix(10)), meetingID: try april.requireID())
        try await steering("2023-06-30").setStatus(.done, decisionID: try exchange.requireID())
        for topic in [chance, supply] {
            try await topics("2023-04-21").move(try topic.requireID(), to: .followUp, reason: "Beschluss der Lenkungsgruppe: Austauschtreffen")
        }
    }

    static func seedGoals(_ desk: ProgrammeDesk, today: String) async throws {
        let year = ReportingPeriod(kind: .schoolYear, startYear: 2022)
        var goals: [(ReportingPeriod, String, [(GoalMeasure?, String)], String)] = [
            (year, "Die Lenkungsgruppe KIM hat zweimal getagt. Dabei wurden mindestens zwei generative Themen aus der Fallarbeit thematisiert.",
             [(.steeringMeetings, "2"), (.topicsFromCaseWork, "2")],
             "Die Themen wurden zuvor in den Planungskonferenzen auf Basis der Erkenntnisse aus der Fallarbeit erarbeitet. Auch zukünftig sollen zwei Sitzungen pro Jahr stattfinden."),
            (year, "In allen kreisangehörigen Kommunen haben Case Manager*innen ihre Arbeit aufgenommen.", [(.caseManagementEverywhere, "")],
             "Im Vergleich zum Vorjahr startete das Case Management zusätzlich in Hövelhof, Altenbeken und Delbrück. In Salzkotten und Bad Lippspringe erfolgt die Nachbesetzung im Schuljahr 2023/24."),
            (year, "Es wurden mindestens zwei themenspezifische, kreisweit arbeitende Arbeitsgruppen eingerichtet, basierend auf den Bedarfen, die sich im Case Management ergeben.",
             [(.workingGroupsFromCaseWork, "2")],
             "Auf Beschluss der Lenkungsgruppe fanden stattdessen Austauschtreffen zum Chancen-Aufenthaltsrecht statt; ein Austausch zur finanziellen und gesundheitlichen Versorgung im Rechtskreiswechsel wurde vereinbart."),
            (year.next, "Die Lenkungsgruppe KIM hat zweimal getagt. Dabei wurden mindestens zwei generative Themen aus der Fallarbeit thematisiert.",
             [(.steeringMeetings, "2"), (.topicsFromCaseWork, "2")], ""),
            (year.next, "Für jede Sitzung der Lenkungsgruppe wurden zwei Planungskonferenzen durchgeführt, in denen Themen auf Basis von Fällen erarbeitet wurden.",
             [(.planningConferencesPerMeeting, "2")], ""),
            (year.next, "In allen kreisangehörigen Kommunen mit aktivem Case Management wurden mit den Akteuren vor Ort sozialräumliche Case-Management-Konzepte entwickelt.",
             [(.conceptsEverywhere, "")], ""),
        ]
        // Baustein 3 (seed 001: first the backlog, then the campaign), in the school year of today's demo.
        let current = ReportingPeriod.containing(today, kind: .schoolYear)
        if current.startYear > year.next.startYear {
            goals.append((current, "Der Antragsstau in den Ausländer- und Einbürgerungsbehörden ist abgebaut, und die Einbürgerungskampagne erreicht den ganzen Kreis.",
                          [(.backlogOverSixMonthsAtMost, "150"), (.campaignEvents, "6")], ""))
        }
        for (period, title, criteria, evidence) in goals {
            _ = try await desk.saveGoal(.init(title: title, criteria: criteria.map { ($0.0, $0.1) }, evidence: evidence), period: period)
        }
    }
}
