import Hummingbird
import PermitWatch

/// The query parameters an endpoint takes, decoded by Hummingbird's own form decoder.
protocol QueryParameters: Decodable {
    /// Every parameter the endpoint takes; any other is refused, so a typo such as
    /// `stauts=unlicensed` is not silently ignored.
    static var names: [String] { get }
}

extension Request {
    /// The query string decoded into `T` by Hummingbird's form decoder (the one
    /// `uri.decodeQuery` uses), with a parameter that is unknown, given twice or not of its type
    /// refused as a `ParameterError` naming it.
    func parameters<T: QueryParameters>(_ type: T.Type) throws -> T {
        var seen = Set<String>()
        for (key, value) in uri.queryParameters {
            let name = String(key)
            guard T.names.contains(name) else {
                throw ParameterError(name, String(value), "not a parameter here; expected \(T.names.sorted().joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw ParameterError(name, String(value), "given twice; expected it once") }
        }
        do {
            // The decoder `uri.decodeQuery` uses, called directly for its structured errors:
            // decodeQuery turns them into messages that do not name the parameter.
            return try URLEncodedFormDecoder().decode(T.self, from: uri.query ?? "")
        } catch let error as DecodingError {
            let (name, expected) = Self.describe(error)
            throw ParameterError(name, uri.queryParameters.get(name).map { String($0) }, expected)
        }
    }

    /// The parameter a decoding error is about, and what a value of its type looks like.
    private static func describe(_ error: DecodingError) -> (name: String, expected: String) {
        switch error {
        case .typeMismatch(let type, let context):
            let expected = switch type {
            case is Double.Type, is Float.Type: "expected a number"
            case is Int.Type, is Int64.Type, is UInt64.Type: "expected a whole number"
            case is Bool.Type: "expected true or false"
            default: "expected a value"
            }
            return (context.codingPath.last?.stringValue ?? "query", expected)
        case .valueNotFound(_, let context), .dataCorrupted(let context):
            return (context.codingPath.last?.stringValue ?? "query", "expected a value")
        case .keyNotFound(let key, _):
            return (key.stringValue, "required")
        @unknown default:
            return ("query", "the query string cannot be read")
        }
    }
}

/// A yes/no query parameter: present and empty, `true`, `1` or `yes` are yes; `false`, `0`,
/// `no` are no (`?members` alone asks for members).
struct QueryFlag: Decodable, Sendable {
    let isOn: Bool

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = (try? container.decode(String.self)) ?? ""
        switch text.lowercased() {
        case "", "true", "1", "yes": isOn = true
        case "false", "0", "no": isOn = false
        default:
            throw ParameterError(decoder.codingPath.last?.stringValue ?? "flag", text, "expected true or false")
        }
    }
}

extension Optional where Wrapped == QueryFlag {
    /// Off when the parameter was not given.
    var isOn: Bool { self?.isOn ?? false }
}
