/// A file that cannot be opened or written: the path, the option that named it, and why.
public struct OutputFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    /// The option that named the path (`output`), for the front end's message.
    public var option: String
    /// The system's reason, e.g. "Permission denied".
    public var reason: String

    public init(path: String, option: String, reason: String) {
        self.path = path
        self.option = option
        self.reason = reason
    }

    public var description: String { "\(path): cannot be written: \(reason)" }
}
