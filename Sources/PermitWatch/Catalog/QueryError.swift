/// Why a catalog query was not run. Every case names the query; nothing ran when one is thrown.
public enum QueryError: ClassifiedError, Sendable, Equatable {
    case unknownQuery(name: String, known: [String])
    case brokenHeader(query: String, file: String, line: Int, message: String)
    case missingParameter(query: String, parameter: String, expected: String)
    case unknownParameter(query: String, parameter: String, declared: [String])
    case invalidParameter(query: String, parameter: String, value: String, expected: String)
    case noGeometry(query: String)
    case refused(query: String, reason: String)
    /// The query ran past its time limit and was interrupted.
    case timedOut(query: String, seconds: Double)

    public var kind: ErrorKind {
        switch self {
        case .unknownQuery: .notFound
        case .brokenHeader: .misconfigured
        // The README documents exit status 2 for a refused query or parameter.
        case .missingParameter, .unknownParameter, .invalidParameter, .noGeometry, .refused: .rejected
        case .timedOut: .timeLimit
        }
    }

    public var parameter: String? {
        switch self {
        case .missingParameter(_, let parameter, _), .unknownParameter(_, let parameter, _), .invalidParameter(_, let parameter, _, _):
            parameter
        case .noGeometry: "f"
        default: nil
        }
    }

    public var description: String { message(for: .commandLine) }

    public func message(for frontEnd: FrontEnd) -> String {
        switch self {
        case .unknownQuery(let name, let known):
            "no query named '\(name)'; the catalog has: \(known.joined(separator: ", "))"
        case .brokenHeader(let query, let file, let line, let message):
            "\(file):\(line): query \(query): \(message)"
        case .missingParameter(let query, let parameter, let expected):
            "query \(query): parameter \(parameter) is required; expected \(expected) ("
                + (frontEnd == .commandLine ? "--param \(parameter)=…)" : "\(parameter)=…)")
        case .unknownParameter(let query, let parameter, let declared):
            "query \(query): no parameter named \(parameter); it takes \(declared.isEmpty ? "no parameters" : declared.joined(separator: ", "))"
        case .invalidParameter(let query, let parameter, let value, let expected):
            "query \(query): parameter \(parameter): '\(value)' is not valid; expected \(expected)"
        case .noGeometry(let query):
            "query \(query) has no geometry column, so it cannot be written as GeoJSON; use "
                + (frontEnd == .commandLine ? "--format table, csv or json" : "f=json or f=csv")
        case .refused(let query, let reason):
            "query \(query): refused: \(reason)"
        case .timedOut(let query, let seconds):
            "query \(query): interrupted after \(seconds) s: the query ran longer than its time limit"
        }
    }
}
