import Foundation
import Vapor

/// Runs one of Lotse's API handlers whose answer is no JSON model: a file to download, an empty
/// answer, the contract document itself. JSON models are handed over typed (`ContractAnswer`).
///
/// The generated server has already decoded the request strictly (unknown fields refused); the
/// handler reads the same collected body with the checks it shares with the browser forms.
extension Request {
    func run<Handled: AsyncResponseEncodable>(_ handler: (Request) async throws -> Handled) async throws -> HandlerAnswer {
        let response = try await handler(self).encodeResponse(for: self)
        return HandlerAnswer(status: response.status, headers: response.headers,
                             bytes: response.body.buffer.map { Data($0.readableBytesView) } ?? Data(), logger: logger)
    }

    /// A handler that answers without a body.
    func answerEmpty<Handled: AsyncResponseEncodable>(_ expected: HTTPStatus = .noContent, _ handler: (Request) async throws -> Handled) async throws {
        _ = try await run(handler).expecting(expected)
    }
}

/// What a handler answered, before it is given the contract's type.
struct HandlerAnswer {
    let status: HTTPStatus
    let headers: HTTPHeaders
    let bytes: Data
    let logger: Logger

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    func expecting(_ expected: HTTPStatus) throws -> HandlerAnswer {
        guard status == expected else { throw ContractDrift.status(expected: expected.code, actual: status.code) }
        return self
    }

    func decoded<Answer: Decodable>(_ type: Answer.Type = Answer.self) throws -> Answer {
        do {
            return try Self.decoder.decode(Answer.self, from: bytes)
        } catch {
            logger.error("API answer does not match the contract", metadata: ["type": .string(String(describing: Answer.self))])
            throw ContractDrift.body(String(describing: error))
        }
    }

    /// The file name a download handler put into Content-Disposition.
    var contentDisposition: String { headers.first(name: .contentDisposition) ?? "" }
}

/// A handler answered differently from what `openapi.yaml` promises: a defect of Lotse, answered 500.
enum ContractDrift: Error {
    case status(expected: UInt, actual: UInt)
    case body(String)
    /// A code the contract's list for that field does not have.
    case unlisted(code: String, list: String)
}
