/// What kind of failure an error is: the one classification both front ends map, the CLI to
/// an exit status and the server to an HTTP status, each in exactly one place.
public enum ErrorKind: Sendable, Equatable, CaseIterable {
    /// A flag or parameter that is malformed whatever the data: exit 64, HTTP 400.
    case usage
    /// Input that does not fit: a file with bad rows, a code nothing has, a request the data
    /// cannot answer. Nothing was written. Exit 2, HTTP 400.
    case rejected
    /// Something named that does not exist (a query, a collection, a feature): exit 2, HTTP 404.
    case notFound
    /// A write the data's present state forbids (a source that exists already, a status change
    /// dated before the source's latest): nothing was written. Exit 2, HTTP 409.
    case conflict
    /// A file of the installation is broken (a user's query file): exit 2, HTTP 500.
    case misconfigured
    /// The work ran past its time limit and was stopped: exit 2, HTTP 503.
    case timeLimit
    /// The server is at its limit of concurrent work: HTTP 503 with Retry-After.
    case busy
    /// The database failed (missing, unreadable, full, locked): exit 3, HTTP 500.
    case database
    /// A bug: exit 1, HTTP 500. The message goes to the log, not to a client.
    case `internal`

    /// The kind of any error: its own when it is classified, `internal` otherwise.
    public static func of(_ error: any Error) -> ErrorKind {
        (error as? any ClassifiedError)?.kind ?? .internal
    }
}

/// Which front end an error is told to, since each names parameters its own way (`--min-points`
/// on the command line, `min_points` in a query string).
public enum FrontEnd: Sendable {
    case commandLine
    case http
}

/// An error that says what kind of failure it is, which parameter is at fault, and how to
/// tell it to each front end.
public protocol ClassifiedError: Error, CustomStringConvertible {
    var kind: ErrorKind { get }
    /// The parameter at fault, by its HTTP name (snake case), when there is one.
    var parameter: String? { get }
    /// The message for one front end; by default the same for both.
    func message(for frontEnd: FrontEnd) -> String
}

extension ClassifiedError {
    public var parameter: String? { nil }
    public func message(for frontEnd: FrontEnd) -> String { description }
}
