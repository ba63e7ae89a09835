import Foundation
import Hummingbird
import PermitWatch

extension Request {
    /// The body, at most `limit` bytes, decoded from JSON as `T`; a body that is not that is a
    /// 400 naming `body`, with `expected` and where the decoding stopped.
    func decodeJSONBody<T: Decodable>(_ type: T.Type, limit: Int, expected: String) async throws -> T {
        let buffer = try await body.collect(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ParameterError("body", nil, "expected \(expected): \(Self.describe(error))")
        }
    }

    /// Where and why decoding stopped (`stops[2].lon: expected Double`).
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .keyNotFound(let key, let context): return "\(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue): missing"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}

extension Request {
    /// The body as a JSON object of `fields`, decoded as `T`: a member of another name is
    /// refused (400 naming it), so a misspelt field is never silently ignored.
    func decodeJSONObject<T: Decodable>(_ type: T.Type, fields: [String], limit: Int) async throws -> T {
        let buffer = try await body.collect(upTo: limit)
        let data = Data(buffer.readableBytesView)
        let expected = "a JSON object with \(fields.joined(separator: ", "))"
        guard let object = try? JSONSerialization.jsonObject(with: data), let members = object as? [String: Any] else {
            throw ParameterError("body", nil, "expected \(expected)")
        }
        if let unknown = members.keys.sorted().first(where: { !fields.contains($0) }) {
            throw ParameterError(unknown, nil, "not a field of this request; expected \(fields.joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ParameterError("body", nil, "expected \(expected): \(Self.describe(error))")
        }
    }
}
