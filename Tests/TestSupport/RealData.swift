import Foundation
import Testing

/// The real data sets (`realdata/` of the project's `shared/`, beside the checkout: the
/// checkout's parent holds `shared/`), or `$PERMITWATCH_REALDATA`.
///
/// Tests that read them carry `.requires(.realData(…))` and get their paths with `require`.
/// `PERMITWATCH_REALDATA=/nonexistent` hides the data, to see those tests reported as skipped.
public enum RealData {
    /// The directory, whether or not it exists.
    public static let root: URL = {
        if let explicit = TestEnvironment.variable("PERMITWATCH_REALDATA") { return URL(fileURLWithPath: explicit) }
        return TestEnvironment.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/realdata")
    }()

    /// The directory when it exists.
    public static var directory: URL? { FileManager.default.fileExists(atPath: root.path) ? root : nil }

    /// Whether `relative` (a file or a directory) is there.
    public static func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// The path of `relative`; throws when it is missing, failing the test with the reason.
    public static func require(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try Requirement.realData(relative).require(sourceLocation: sourceLocation)
        return root.appendingPathComponent(relative).path
    }

    /// `relative` as a person finds it, for messages.
    static func describe(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}
