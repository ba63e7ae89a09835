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
        let body = self.body
        let buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
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
