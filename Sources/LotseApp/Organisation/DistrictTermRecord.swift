import Fluent
import Foundation
import LotseCore

/// One of a district's own words (`DistrictTerm`), as it set it on the settings page or in the API.
final class DistrictTermRecord: Model, @unchecked Sendable {
    static let schema = "district_terms"
    var properties: [any AnyProperty] { [$id, $districtID, $term, $value] }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "term") var term: String
    @Field(key: "value") var value: String

    init() {}

    init(districtID: UUID, term: DistrictTerm, value: String) {
        self.districtID = districtID
        self.term = term.rawValue
        self.value = value
    }
}

extension DistrictWords {
    /// The district's words: its stored terms over Lotse's defaults. A term this version does not
    /// know fails loudly rather than silently falling back (`UnknownStoredCode`).
    static func load(_ districtID: UUID, on database: any Database) async throws -> DistrictWords {
        let rows = try await DistrictTermRecord.query(on: database).filter(\.$districtID == districtID).all()
        var stored: [DistrictTerm: String] = [:]
        for row in rows { stored[try DistrictTerm.stored(row.term)] = row.value }
        return DistrictTerm.words(stored)
    }
}

/// A desk that works inside one district and writes about it: it speaks the district's words.
protocol WordingDesk: Sendable {
    var scope: AccessScope { get }
    var db: any Database { get }
}

extension WordingDesk {
    func words() async throws -> DistrictWords { try await DistrictWords.load(scope.districtID, on: db) }
}

extension ProgrammeDesk: WordingDesk {}
extension SteeringDesk: WordingDesk {}
extension CaseDesk: WordingDesk {}
extension TopicDesk: WordingDesk {}
