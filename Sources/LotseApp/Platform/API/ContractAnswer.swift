import Foundation
import Vapor
import LotseAPI

/// A value Lotse answers with over the API, and the contract's type for it.
///
/// Each area's read models conform in its `<Area>Answers.swift`, field by field, into the types
/// `swift-openapi-generator` made from `openapi.yaml`. A field the contract requires that the value
/// lacks, a field of another type, or an operation answering another schema does not compile.
/// Only the names of listed codes are checked when they are sent (`contractCase`), because the
/// generator makes a new enum for every list; `ContractAnswerTests` walks every code for that.
protocol ContractAnswer {
    associatedtype Contract
    var contract: Contract { get throws }
}

extension String: ContractAnswer { var contract: String { self } }
extension Int: ContractAnswer { var contract: Int { self } }
extension Double: ContractAnswer { var contract: Double { self } }
extension Bool: ContractAnswer { var contract: Bool { self } }
extension Date: ContractAnswer { var contract: Date { self } }

/// Identifiers travel as text, as JSON always sent them.
extension UUID: ContractAnswer { var contract: String { uuidString } }

extension Array: ContractAnswer where Element: ContractAnswer {
    var contract: [Element.Contract] { get throws { try map { try $0.contract } } }
}

extension Optional: ContractAnswer where Wrapped: ContractAnswer {
    var contract: Wrapped.Contract? { get throws { try map { try $0.contract } } }
}

extension Coded: ContractAnswer {
    var contract: Components.Schemas.Coded { .init(code: code, name: name) }
}

extension RawRepresentable where RawValue == String {
    /// The contract's case of the same code.
    func contractCase<Case: RawRepresentable>() throws -> Case where Case.RawValue == String {
        try rawValue.contractCase()
    }
}

extension String {
    /// The contract's case of this code; a code the contract does not list is a defect of Lotse.
    func contractCase<Case: RawRepresentable>() throws -> Case where Case.RawValue == String {
        guard let listed = Case(rawValue: self) else { throw ContractDrift.unlisted(code: self, list: String(describing: Case.self)) }
        return listed
    }
}

extension Request {
    /// Runs one of Lotse's handlers and hands its answer over in the contract's type.
    func answer<Answer: ContractAnswer>(_ handler: (Request) async throws -> Answer) async throws -> Answer.Contract {
        try await handler(self).contract
    }
}
