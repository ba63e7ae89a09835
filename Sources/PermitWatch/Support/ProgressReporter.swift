import Foundation

/// Where long steps report what they are doing.
///
/// The CLI prints to standard error when a terminal is attached and stays quiet otherwise; tests
/// and the server pass `.silent`.
public struct ProgressReporter: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    public static let silent = ProgressReporter { _ in }

    /// Reports to standard error if it is a terminal.
    public static let terminal: ProgressReporter = {
        guard isatty(STDERR_FILENO) != 0 else { return .silent }
        return ProgressReporter { message in
            FileHandle.standardError.write(Data("\u{1B}[2K\r… \(message)\n".utf8))
        }
    }()

    public func report(_ message: String) { sink(message) }

    /// Runs `body` after reporting what it is about to do.
    public func step<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        report(name)
        return try body()
    }
}
