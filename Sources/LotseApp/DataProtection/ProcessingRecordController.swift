import Fluent
import Foundation
import LotseAPI
import LotseCore
import Vapor

/// The record of processing activities (Art. 30 GDPR, issue 15 part 5) of the officer's district,
/// written from its configuration (`ProcessingRecord`): a page to print, the same as a JSON file,
/// and `GET /api/v1/data-protection/record`.
struct ProcessingRecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.processingRecord, use: page)
        routes.get(.processingRecordExport, use: file)
    }

    /// Builds the record from the district's settings, directory, officers and municipalities.
    static func load(_ req: Request) async throws -> ProcessingRecord {
        let districtID = try req.authorize(.overseeDataProtection).scope.districtID
        let db = req.db
        let district = try await District.find(districtID, on: db)?.name ?? ""
        let periods = try await DistrictSetting.retention(of: districtID, on: db)
        let officers = try await StaffDirectory.holders(of: .dataProtection, districtID: districtID, activeOnly: true, on: db).map(\.displayName)
        let providers = try await Provider.query(on: db).filter(\.$districtID == districtID).filter(\.$isActive == true).sort(\.$name).all()
        let byKind = Dictionary(grouping: providers, by: \.kind).sorted { $0.key.germanName < $1.key.germanName }
            .map { (kind: $0.key.germanName, names: $0.value.map(\.name)) }
        let towns = try await Municipality.query(on: db).filter(\.$districtID == districtID).filter(\.$isActive == true).sort(\.$name).all().map(\.name)
        return ProcessingRecord(.init(districtName: district, dataProtectionOfficers: officers,
                                      retention: PrivacyNotice(districtName: district, closedCaseMonths: periods.closedCaseMonths,
                                                               firstContactMonths: periods.firstContactMonths),
                                      smallNumberThreshold: try await DistrictSetting.threshold(of: districtID, on: db),
                                      recipientsByKind: byKind, municipalities: towns))
    }

    struct Page: Encodable {
        let record: ProcessingRecord
        let generatedOn: String
        let download = SiteURL.processingRecordExport
        let requests = SiteURL.dataSubjectRequests
    }

    func page(req: Request) async throws -> Response {
        let content = Page(record: try await Self.load(req), generatedOn: GermanFormat.dateTime(req.now))
        return try await req.render("data-protection/record", title: "Verzeichnis der Verarbeitungstätigkeiten", content: content,
                                    breadcrumbs: RetentionController.crumbs)
    }

    func file(req: Request) async throws -> Response {
        try Download.json(try await Self.load(req).contract, name: "verarbeitungsverzeichnis-\(GermanFormat.isoDay(req.now))")
    }
}

extension ProcessingRecord: ContractAnswer {
    var contract: Components.Schemas.ProcessingRecord {
        .init(controller: controller, dataProtectionOfficers: dataProtectionOfficers, municipalities: municipalities,
              activities: activities.map {
                  .init(name: $0.name, purposes: $0.purposes, legalBasis: $0.legalBasis, dataSubjects: $0.dataSubjects, dataCategories: $0.dataCategories,
                        specialCategories: $0.specialCategories, recipients: $0.recipients, retention: $0.retention)
              },
              measures: measures, thirdCountries: thirdCountries)
    }
}

extension ContractHandler {
    /// GET /api/v1/data-protection/record: Verzeichnis der Verarbeitungstätigkeiten
    func readProcessingRecord(_ input: Operations.ReadProcessingRecord.Input) async throws -> Operations.ReadProcessingRecord.Output {
        .ok(.init(body: .json(try await CurrentRequest.get().answer(ProcessingRecordController.load))))
    }
}
