import Foundation

/// Where the tests run: in CI (`CI=true`, as `.ci/run` is run) a missing tool or data set is a
/// failure, elsewhere the tests that need it are skipped with the reason.
public enum TestEnvironment {
    /// True under CI, where nothing the tests need may be missing.
    public static let isCI: Bool = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The checkout (the directory holding Package.swift), found from this file's path so that
    /// tests can run the repository's scripts from any working directory.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The PostgreSQL database the PostGIS store's tests use (`$PERMITWATCH_TEST_POSTGRES`, a
    /// `postgresql://` URL); each test works in a schema of its own there.
    public static let postgresURL: String? = variable("PERMITWATCH_TEST_POSTGRES")

    /// The same database through PgBouncer in transaction mode (`$PERMITWATCH_TEST_PGBOUNCER`).
    public static let pgbouncerURL: String? = variable("PERMITWATCH_TEST_PGBOUNCER")

    /// A variable of the test process's environment, nil when unset or empty.
    static func variable(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
