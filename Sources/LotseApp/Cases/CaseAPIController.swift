import Fluent
import LotseCore
import Vapor

/// Case work over JSON. The form steps take the same fields as the browser forms (as a JSON
/// object) and answer with the whole case as it is afterwards.
struct CaseAPIController {
    struct BriefContactDTO: Content {
        let id: UUID
        let municipalityId: UUID
        let contactOn: String
        let accessChannel: String
        let lifeDomains: [String]
        let outcome: String
        let caseId: UUID?

        init(_ contact: BriefContact) throws {
            id = try contact.requireID()
            municipalityId = contact.municipalityID
            contactOn = contact.contactOn
            accessChannel = contact.accessChannel.rawValue
            lifeDomains = contact.lifeDomains.map(\.rawValue)
            outcome = contact.outcome.rawValue
            caseId = contact.caseFileID
        }
    }

    func briefContacts(req: Request) async throws -> [BriefContactDTO] {
        try await req.caseDesk(.recordBriefContact).briefContacts().map(BriefContactDTO.init)
    }

    func recordBriefContact(req: Request) async throws -> BriefContactDTO {
        let f = try req.jsonFields()
        let contact = try await req.caseDesk(.recordBriefContact).recordBriefContact(.init(
            municipalityID: f.uuid("municipalityId"), contactOn: f.text("contactOn"), accessChannel: f.choice("accessChannel", AccessChannel.self),
            lifeDomains: f.choices("lifeDomains", LifeDomain.self), outcome: f.choice("outcome", BriefContactOutcome.self)))
        return try BriefContactDTO(contact)
    }

    func convert(req: Request) async throws -> CaseDetail {
        let desk = try req.caseDesk()
        let file = try await desk.convert(briefContactID: try req.id("briefContactID"))
        return try await desk.detail(try file.requireID())
    }

    /// One page of the list, with the address of the next page (for the `Link` header) and the total.
    struct ListAnswer {
        let rows: [CaseRow]
        let next: String?
        let total: Int
    }

    func list(req: Request) async throws -> ListAnswer {
        let reader = try req.caseDesk(.readCases)
        let work = try? req.caseDesk(.workOnCases)
        var filter = CaseFilter(phase: Phase(rawValue: req.queryText("phase")), lifeDomain: LifeDomain(rawValue: req.queryText("lifeDomain")),
                                municipalityID: try req.queryID("municipalityId"), includeClosed: req.queryText("closed") == "true")
        var failure = ValidationFailure()
        // Present but empty is refused too: the contract asks for a case number.
        if let after = try? req.query.get(String.self, at: "after") {
            if CaseFilter.isCaseNumber(after) { filter.after = after } else { failure.add("after", "„after“ ist keine Fallnummer (z. B. 2026-0042).") }
        }
        if let limit = try? req.query.get(String.self, at: "limit") {
            if let number = Int(limit), (1...CaseFilter.largestPage).contains(number) {
                filter.limit = number
            } else {
                failure.add("limit", "„limit“ muss eine Zahl von 1 bis \(CaseFilter.largestPage) sein.")
            }
        }
        try failure.throwIfAny()
        let desk = work ?? reader
        let page = try await desk.cases(filter)
        return ListAnswer(rows: try await desk.rows(page.files, withNames: work != nil),
                          next: page.next.map { req.caseListAddress("/api/v1/cases", after: $0) }, total: page.total)
    }

    func open(req: Request) async throws -> CaseDetail {
        let desk = try req.caseDesk()
        let f = try req.jsonFields()
        let file = try await desk.openCase(.init(municipalityID: f.uuid("municipalityId"), openedOn: f.text("openedOn"),
                                                 accessChannel: f.choice("accessChannel", AccessChannel.self), referringParty: f.text("referringParty"),
                                                 lifeDomains: f.choices("lifeDomains", LifeDomain.self)))
        return try await desk.detail(try file.requireID())
    }

    /// The name travels in the body, never in the address.
    func search(req: Request) async throws -> [CaseRow] {
        let desk = try req.caseDesk()
        let name = try req.jsonFields().text("name")
        var failure = ValidationFailure()
        if NameMatching.words(name).isEmpty { failure.add("name", "Bitte geben Sie einen Namen mit mindestens zwei Buchstaben ein.") }
        try failure.throwIfAny()
        return try await desk.rows(try await desk.searchCases(name: name).map(CaseListing.init), withNames: true)
    }

    func due(req: Request) async throws -> [CaseDesk.DueItem] { try await req.caseDesk().dueItems().items }

    /// One case as its reader may see it.
    enum CaseView {
        case full(CaseDetail)
        case pseudonymised(CasePseudonym)
    }

    /// The whole case for its case manager; the pseudonymised view for a coordinator.
    func show(req: Request) async throws -> CaseView {
        let caseID = try req.id("caseID")
        if let work = try? req.caseDesk(.workOnCases), let file = try? await work.caseFile(caseID) {
            return .full(try await work.detail(file))
        }
        return .pseudonymised(try await req.caseDesk(.readCases).pseudonym(caseID))
    }

    struct DuplicatesAnswer: Content {
        var error = true
        let reason: String
        let requestId: String
        let candidates: [Candidate]

        struct Candidate: Content {
            let clientId: UUID
            let name: String
            let birthDate: String
            let municipality: String
            let caseNumbers: [String]
        }
    }

    /// A new client, or the people it may be already.
    enum ClientCreated {
        case created(CaseDetail)
        case possibleDuplicates(DuplicatesAnswer)
    }

    func createClient(req: Request) async throws -> ClientCreated {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        let f = try req.jsonFields()
        do {
            _ = try await desk.createClient(clientIdentity(f), caseID: caseID, confirmedNew: f.flag("confirmNew"))
        } catch let duplicates as DuplicateCandidates {
            let answer = DuplicatesAnswer(
                reason: "Es gibt mögliche Dubletten. Verknüpfen Sie eine bekannte Person oder senden Sie confirmNew: true.", requestId: req.id,
                candidates: duplicates.candidates.map {
                    .init(clientId: $0.clientId, name: $0.name, birthDate: $0.birthDate, municipality: $0.municipality, caseNumbers: $0.caseNumbers)
                })
            return .possibleDuplicates(answer)
        }
        return .created(try await desk.detail(caseID))
    }

    func linkClient(req: Request) async throws -> CaseDetail {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        try await desk.linkClient(try req.jsonFields().uuid("clientId"), caseID: caseID)
        return try await desk.detail(caseID)
    }

    func withdraw(req: Request) async throws -> CaseDetail {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        try await desk.withdraw(consentID: try req.id("consentID"), caseID: caseID)
        return try await desk.detail(caseID)
    }

    func refer(req: Request) async throws -> CaseDetail {
        let desk = try req.caseDesk()
        let caseID = try req.id("caseID")
        _ = try await desk.refer(ReferralController.input(try req.jsonFields()), caseID: caseID)
        return try await desk.detail(caseID)
    }

    /// A step of the case manager's own work; answers the whole case.
    func save(_ step: CaseStep, _ req: Request) async throws -> CaseDetail {
        let (desk, caseID) = try await record(step, req)
        return try await desk.detail(caseID)
    }

    /// A step the coordinator takes on a case they may only see pseudonymised.
    func saveAsCoordinator(_ step: CaseStep, _ req: Request) async throws -> CasePseudonym {
        let (desk, caseID) = try await record(step, req)
        return try await desk.pseudonym(caseID)
    }

    private func record(_ step: CaseStep, _ req: Request) async throws -> (CaseDesk, UUID) {
        let desk = try req.caseDesk(step.action)
        let caseID = try req.id("caseID")
        _ = try await desk.caseFile(caseID)
        try await step.save(desk, req, caseID, try req.jsonFields())
        return (desk, caseID)
    }
}

