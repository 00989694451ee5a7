import Foundation

/// Everything a person can ask Lotse to do, as far as Lotse exists so far. Later issues add
/// actions (cases, findings, reports) and their rows in `AccessPolicy.rules`.
public enum Action: String, CaseIterable, Sendable {
    /// See one's own account and end one's own sessions.
    case useOwnAccount
    /// Create, rename and deactivate regions and municipalities; rename the district.
    case administerOrganisation
    /// Create, change and deactivate users and their roles (their names are personal data).
    case administerUsers
    /// See the role grants that wait for a second person, and approve or reject them: another
    /// administrator or the data-protection officer (never who asked, never the person concerned).
    case approveGrants
    /// Search and read the audit trail of the district.
    case readAuditTrail
    /// Export the audit trail as CSV.
    case exportAuditTrail
    /// Search and read the service directory (no personal data in it).
    case readDirectory
    /// Create and change providers and services: coordinators for the district, case managers
    /// for the entries that serve their municipalities.
    case editDirectory
    /// Replace or extend the whole directory from a CSV file: the coordination only.
    case importDirectory
    /// The coverage analysis (Ist- und Bedarfsanalyse): numbers of services, later of referrals
    /// and findings, per municipality and life domain.
    case readCoverage
    /// Record anonymous brief contacts (Kurzkontakte) of one's municipalities.
    case recordBriefContact
    /// See cases. Case managers see the cases of their municipalities in full; coordinators see
    /// every case of the district pseudonymised (case number, municipality, phases, life domains,
    /// dates), which the app decides by asking for `workOnCases` too.
    case readCases
    /// Everything with personal data in a case: clients, consents, phases, goals, referrals,
    /// conferences, findings. Case managers, for their municipalities.
    case workOnCases
    /// Call a case conference on district level (by case number, without personal data).
    case callDistrictConference
    /// Read the structural findings of the whole district (no personal data; the case only by number)
    /// and cluster them into topics that go up the escalation ladder: the coordination.
    case manageTopics
    /// Read bodies, meetings, decision papers, decisions and the aggregated figures (never personal
    /// data): the steering group and the coordination.
    case readSteering
    /// Keep bodies, members, meetings, agendas, minutes and decisions: the coordination.
    case manageBodies
    /// Answer the coordination's question whether a topic is seen in one's own municipalities.
    case answerEvidenceRequest
    /// Read how the programme runs: staffing figures (without holders' names), the milestone plan,
    /// annual goals with what was measured, and the annual reports: the coordination and the steering group.
    case readProgramme
    /// Keep positions and who holds them, agreements, milestones and goals; write, publish and
    /// export the annual report and the state's controlling figures: the coordination.
    case manageProgramme
    /// See which closed cases are due for anonymisation (by case number, municipality and dates,
    /// never content), hold one for a reason (legal hold) and lift the hold: the data-protection officer.
    case manageRetention
    /// See the erasure requests of the case managers (by case number and municipality) and approve
    /// or reject them: the data-protection officer or the person the district names for it
    /// (`erasureApprover`), the second pair of eyes (never who asked).
    case decideErasure
    /// See the requests of data subjects (access, erasure) with their deadlines, by case number
    /// and municipality, and the record of processing activities: the data-protection officer.
    case overseeDataProtection
    /// Read the immigration and naturalisation offices and their checklists of requirements (no
    /// personal data): case management, the coordination and the offices (Baustein 3).
    case readRequirements
    /// Keep the checklists of one's own office: the `immigrationOffice` role, for the office it belongs to.
    case maintainRequirements
    /// Read the pre-checks handed over to one's own office (each read audited, only while the
    /// client's waiver holds) and report back how the procedure goes: the `immigrationOffice` role,
    /// for the office it belongs to. Nothing else of a case.
    case receiveHandovers
    /// Report the own office's monthly backlog figures per procedure, by hand or CSV import (counts,
    /// no personal data): the `immigrationOffice` role, for the office it belongs to.
    case reportBacklog
    /// Read the naturalisation campaign, its events, materials and reach (no personal data): the
    /// coordination, case management, the offices and the steering group.
    case readCampaign
    /// Keep the campaign, its events (with their counts) and materials: the coordination and the offices.
    case manageCampaign
    /// Read the meetings and papers of the bodies one sits on with an account (the exchange
    /// meetings of the coordination with the offices): the `immigrationOffice` role, only those bodies.
    case readOwnMeetings
}

/// What a resource is, as far as access depends on it: the district it belongs to, and the
/// municipality where that matters (cases, later). Built by the app from a stored record.
public struct ResourceLocation: Sendable, Equatable {
    public let districtID: UUID
    public let municipalityID: UUID?

    public init(districtID: UUID, municipalityID: UUID? = nil) {
        self.districtID = districtID
        self.municipalityID = municipalityID
    }
}

/// Proof that the policy allowed `action` for an actor, and the part of the data it allowed:
/// a district and, for locally scoped roles, some of its municipalities. Only `AccessPolicy`
/// makes one (the initialiser is internal to the core), and every data service of the app
/// takes one, so no query can be written without asking the policy first.
public struct AccessScope: Sendable, Equatable {
    public let action: Action
    public let districtID: UUID
    /// Nil: the whole district.
    public let municipalityIDs: Set<UUID>?
    public let actorID: UUID?

    init(action: Action, districtID: UUID, municipalityIDs: Set<UUID>?, actorID: UUID?) {
        self.action = action
        self.districtID = districtID
        self.municipalityIDs = municipalityIDs
        self.actorID = actorID
    }

    /// For the operator's command-line tools (`lotse setup`, `lotse district`), which act on
    /// the installation itself and have no signed-in person.
    public static func operatorCommand(_ action: Action, districtID: UUID) -> AccessScope {
        AccessScope(action: action, districtID: districtID, municipalityIDs: nil, actorID: nil)
    }

    /// Does the scope reach something that belongs to several municipalities (a provider serving
    /// three towns)? Yes when it is in the district and, for a local scope, serves one of its towns.
    public func reachesAny(districtID: UUID, municipalityIDs: Set<UUID>) -> Bool {
        guard districtID == self.districtID else { return false }
        guard let own = self.municipalityIDs else { return true }
        return !own.isDisjoint(with: municipalityIDs)
    }

    /// The municipalities a change by this scope may assign: all of the district's for a
    /// district-wide scope, otherwise only its own.
    public func mayAssign(_ municipalityIDs: Set<UUID>) -> Bool {
        self.municipalityIDs.map { municipalityIDs.isSubset(of: $0) } ?? true
    }

    /// Does the scope reach a resource at `location`? Anything else must look as if it did not exist.
    public func contains(_ location: ResourceLocation) -> Bool {
        guard location.districtID == districtID else { return false }
        guard let municipalityIDs else { return true }
        guard let municipality = location.municipalityID else { return false }
        return municipalityIDs.contains(municipality)
    }
}

/// The one place that decides who may do what (DESIGN.md §4.1). Deny by default: an action
/// not granted to a role below is refused, and a role with no rows can do nothing.
public enum AccessPolicy {
    /// Which roles may perform an action at all.
    static let rules: [Action: Set<Role>] = [
        .useOwnAccount: Set(Role.allCases),
        .administerOrganisation: [.admin],
        .administerUsers: [.admin],
        .approveGrants: [.admin, .dataProtection],
        .readAuditTrail: [.dataProtection],
        .exportAuditTrail: [.dataProtection],
        .readDirectory: Set(Role.allCases),
        .editDirectory: [.coordinator, .caseManager],
        .importDirectory: [.coordinator],
        .readCoverage: [.coordinator, .caseManager, .steeringMember],
        .recordBriefContact: [.caseManager],
        .readCases: [.caseManager, .coordinator],
        .workOnCases: [.caseManager],
        .callDistrictConference: [.coordinator],
        .manageTopics: [.coordinator],
        .readSteering: [.coordinator, .steeringMember],
        .manageBodies: [.coordinator],
        .answerEvidenceRequest: [.caseManager],
        .readProgramme: [.coordinator, .steeringMember],
        .manageProgramme: [.coordinator],
        .manageRetention: [.dataProtection],
        .decideErasure: [.dataProtection, .erasureApprover],
        .overseeDataProtection: [.dataProtection],
        .readRequirements: [.caseManager, .coordinator, .immigrationOffice],
        .maintainRequirements: [.immigrationOffice],
        .receiveHandovers: [.immigrationOffice],
        .reportBacklog: [.immigrationOffice],
        .readCampaign: [.coordinator, .caseManager, .immigrationOffice, .steeringMember],
        .manageCampaign: [.coordinator, .immigrationOffice],
        .readOwnMeetings: [.immigrationOffice],
    ]

    /// Actions on material without personal data that every role granting them sees for the
    /// whole district, even when the role is held only for some municipalities: the directory
    /// and the coverage analysis are the district's shared picture.
    /// The offices' own actions are district-wide too: an office is responsible for municipalities
    /// of its own, and the desk narrows every query to the office the person belongs to.
    static let districtWide: Set<Action> = [.readDirectory, .readCoverage, .readRequirements, .maintainRequirements, .receiveHandovers, .reportBacklog,
                                                .readCampaign, .manageCampaign, .readOwnMeetings]

    /// The scope in which `actor` may perform `action`, or nil when not at all.
    /// With several roles granting the action, the widest scope wins.
    public static func scope(for actor: Actor, _ action: Action) -> AccessScope? {
        let granting = actor.grants.filter { rules[action, default: []].contains($0.role) }
        guard !granting.isEmpty else { return nil }
        if districtWide.contains(action) {
            return AccessScope(action: action, districtID: actor.districtID, municipalityIDs: nil, actorID: actor.userID)
        }
        var municipalities: Set<UUID> = []
        for grant in granting {
            switch grant.scope {
            case .district:
                return AccessScope(action: action, districtID: actor.districtID, municipalityIDs: nil, actorID: actor.userID)
            case .municipalities(let ids):
                municipalities.formUnion(ids)
            }
        }
        return AccessScope(action: action, districtID: actor.districtID, municipalityIDs: municipalities, actorID: actor.userID)
    }

    /// May `actor` perform `action` on the resource at `location`?
    public static func permits(_ actor: Actor, _ action: Action, at location: ResourceLocation) -> Bool {
        scope(for: actor, action)?.contains(location) ?? false
    }

    /// May `actor` perform `action` somewhere (used for the navigation)?
    public static func permits(_ actor: Actor, _ action: Action) -> Bool {
        scope(for: actor, action) != nil
    }
}
