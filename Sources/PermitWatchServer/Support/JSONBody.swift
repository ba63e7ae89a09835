import Foundation
import Hummingbird
import PermitWatch

extension Request {
    /// The body, at most `limit` bytes, decoded from JSON as `T`; a body that is not that is a
    /// 400 naming `body`, with `expected` and where the decoding stopped.
    ///
    /// The whole body must arrive within `timeout` seconds, else 408 (and the connection is
    /// closed: `UnreadBodyCloser`), so a body sent a byte a second holds no handler for long.
    func decodeJSONBody<T: Decodable>(_ type: T.Type, limit: Int, timeout: Double, expected: String) async throws -> T {
        let buffer = try await collectBody(limit: limit, timeout: timeout)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ParameterError("body", nil, "expected \(expected): \(Self.describe(error))")
        }
    }

    /// The whole body, at most `limit` bytes, arrived within `timeout` seconds, else 408.
    func collectBody(limit: Int, timeout: Double) async throws -> ByteBuffer {
        let body = self.body
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw Problem(
                    status: .requestTimeout, title: "Body too slow",
                    detail: "the request body did not arrive within \(String(format: "%g", timeout)) s; the connection is closed")
            }
            return buffer
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
    func decodeJSONObject<T: Decodable>(_ type: T.Type, fields: [String], limit: Int, timeout: Double) async throws -> T {
        let buffer = try await collectBody(limit: limit, timeout: timeout)
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
