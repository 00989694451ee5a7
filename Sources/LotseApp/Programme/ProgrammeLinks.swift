import Foundation

/// The programme pages' addresses, and their rows (the API's) with the addresses beside them.
enum ProgrammeLinks {
    /// The overview's ways into the programme, for the period shown.
    struct Overview: Encodable {
        let filter = SiteURL.programme
        let positions = SiteURL.positions
        let milestones = SiteURL.milestones
        let reports = SiteURL.reports
        let newAgreement = SiteURL.newAgreement
        let historyImport = SiteURL.historyImport
        let goals: String
        let controlling: String

        init(period: String) {
            goals = SiteURL.goals.with([("period", period)])
            controlling = SiteURL.controlling.with([("period", period)])
        }
    }

    struct AgreementsOfPlace: Encodable {
        let agreements: [Linked<AgreementRow>]
    }

    static func places(_ staffing: Staffing) -> [Merged<Staffing.PlaceRow, AgreementsOfPlace>] {
        staffing.places.map { place in
            Merged(place, AgreementsOfPlace(agreements: place.agreements.map { Linked($0, .agreement(.value($0.id))) }))
        }
    }

    /// The milestone plan's other ranges, its print view and its forms; each row leads to its milestone.
    struct Milestones: Encodable {
        struct Rows: Encodable {
            let rows: [Linked<MilestoneGrid.Row>]
        }

        let earlier, later, print: String
        let save = SiteURL.milestones
        let new = SiteURL.newMilestone
        let groups: [Merged<MilestoneGrid.Group, Rows>]

        init(_ grid: MilestoneGrid) {
            let range = { (from: String, to: String) in [("from", from), ("to", to)] }
            earlier = SiteURL.milestones.with(range(grid.earlierRange.from, grid.earlierRange.to))
            later = SiteURL.milestones.with(range(grid.laterRange.from, grid.laterRange.to))
            print = SiteURL.milestones.with(range(grid.from, grid.to) + [("print", "1")])
            groups = grid.groups.map { group in Merged(group, Rows(rows: group.rows.map { Linked($0, .milestone(.value($0.id))) })) }
        }
    }

    struct Goal: Encodable {
        let edit: SiteURL
        let delete: SiteURL
    }

    static func goals(_ goals: [GoalView]) -> [Merged<GoalView, Goal>] {
        goals.map { Merged($0, Goal(edit: .goal(.value($0.id)), delete: .goalDelete(.value($0.id)))) }
    }

    struct Report: Encodable {
        let edit, publish, regenerate: SiteURL
        let markdown, html, openDocument: SiteURL

        init(_ id: UUID) {
            (edit, publish, regenerate) = (.reportEdit(.value(id)), .reportPublish(.value(id)), .reportRegenerate(.value(id)))
            markdown = .reportExport(.value(id), format: .value("md"))
            html = .reportExport(.value(id), format: .value("html"))
            openDocument = .reportExport(.value(id), format: .value("fodt"))
        }
    }

    struct Controlling: Encodable {
        let filter = SiteURL.controlling
        let csv: String
        let json: String

        init(period: String) {
            csv = SiteURL.controllingExport(format: .value("csv")).with([("period", period)])
            json = SiteURL.controllingExport(format: .value("json")).with([("period", period)])
        }
    }
}
