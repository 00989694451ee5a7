import Fluent
import Foundation
import LotseCore
import Vapor

/// The printable consent forms, filled with the client's and the recipient's data. Each language
/// is a folder under Resources/Views/cases/consent-forms with `case-management.leaf`, `disclosure.leaf`
/// and `label.txt` (the language's own name): a new language is new files, no code.
enum ConsentForms {
    struct Language: Encodable, Sendable {
        let code: String
        let label: String
    }

    static func folder(_ app: Application) -> String { app.directory.viewsDirectory + "cases/consent-forms/" }

    static func languages(_ app: Application) -> [Language] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(app))) ?? []
        return names.sorted { ($0 == "de" ? "" : $0) < ($1 == "de" ? "" : $1) }.compactMap { code in
            guard code.allSatisfy({ $0.isLetter || $0 == "-" }),
                  let label = try? String(contentsOfFile: folder(app) + code + "/label.txt", encoding: .utf8) else { return nil }
            return Language(code: code, label: label.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

struct ConsentFormController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.caseConsentForm(.key, language: .key), use: caseManagement)
        routes.get(.caseDisclosureForm(.key, consent: .key, language: .key), use: disclosure)
        routes.get(.caseBlankDisclosureForm(.key, language: .key), use: blankDisclosure)
    }

    struct Form: Encodable {
        let stylesheet = SiteURL.stylesheet
        let language: String
        let district: String
        let municipality: String
        let caseNumber: String
        let clientName: String
        let birthDate: String
        let address: String
        let recipient: String
        let purpose: String
        let validFrom: String
        let validUntil: String
        let caseManager: String
        let today: String
    }

    func language(_ req: Request) throws -> String {
        let code = req.parameters.get("language") ?? ""
        guard ConsentForms.languages(req.application).contains(where: { $0.code == code }) else { throw PublicError.notFound }
        return code
    }

    func form(_ req: Request, _ desk: CaseDesk, _ file: CaseFile, consent: Consent?, recipientID: UUID? = nil) async throws -> Form {
        var identity = ClientIdentity()
        if let clientID = file.clientID, let client = try await Client.find(clientID, on: desk.db) {
            identity = try await desk.identity(of: client)
        }
        let district = try await District.find(desk.scope.districtID, on: desk.db)?.name ?? ""
        let town = try await Municipality.find(file.municipalityID, on: desk.db)?.name ?? ""
        // A blank form may name its recipient already (from the referral that needs it); only one of this district.
        var recipient = try await recipientID.asyncMap { id in
            try await Provider.query(on: desk.db).filter(\.$id == id).filter(\.$districtID == desk.scope.districtID).first()?.name ?? ""
        } ?? ""
        var purpose = ""
        if let consent {
            recipient = try await consent.recipientProviderID.asyncMap { try await Provider.find($0, on: desk.db)?.name ?? "" } ?? ""
            if let sealed = consent.sealedPurpose { purpose = try await desk.cipher(for: file).open(sealed, Consent.schema, consent.id, "purpose") }
        }
        try await desk.record(.consentFormPrinted, "case", file.id)
        return Form(language: try language(req), district: district, municipality: town, caseNumber: file.number,
                    clientName: identity.fullName, birthDate: identity.birthDate, address: identity.address, recipient: recipient, purpose: purpose,
                    validFrom: consent?.validFrom ?? "", validUntil: consent?.validUntil ?? "", caseManager: req.signedIn?.user.displayName ?? "",
                    today: desk.today)
    }

    func caseManagement(req: Request) async throws -> View {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        let code = try language(req)
        return try await req.view.render("cases/consent-forms/\(code)/case-management", try await form(req, desk, file, consent: nil))
    }

    func disclosure(req: Request) async throws -> View {
        let desk = try req.caseDesk()
        let (file, consent) = try await desk.consent(try req.id("consentID"), caseID: try req.id("caseID"))
        guard consent.kind == .disclosure else { throw PublicError.notFound }
        let code = try language(req)
        return try await req.view.render("cases/consent-forms/\(code)/disclosure", try await form(req, desk, file, consent: consent))
    }

    /// The waiver to print and sign before anything is recorded: recipient and purpose are named
    /// in `?stelle=` or left as lines to fill in by hand.
    func blankDisclosure(req: Request) async throws -> View {
        let desk = try req.caseDesk()
        let file = try await desk.caseFile(try req.id("caseID"))
        let code = try language(req)
        let form = try await form(req, desk, file, consent: nil, recipientID: UUID(uuidString: req.queryText("stelle")))
        return try await req.view.render("cases/consent-forms/\(code)/disclosure", form)
    }
}
