import Foundation
import Testing

/// Something a test needs from outside the repository (real data beside the checkout, a tool
/// from a Debian package, a Python module), with what to do when it is missing.
///
/// Used as a trait, `@Test(.requires(.chromium))`, it skips the test with the reason when the
/// requirement is unmet, so a missing tool is reported as a skip and never counted as a pass;
/// under CI the test runs anyway and its `require()` fails it with the same reason.
public struct Requirement: Sendable, CustomStringConvertible {
    /// What is needed and how to get it, as the skip or the failure shows it.
    public let description: String
    private let check: @Sendable () -> Bool

    public init(_ description: String, isMet check: @escaping @Sendable () -> Bool) {
        self.description = description
        self.check = check
    }

    /// Whether it is there now (checks are cheap or cached).
    public var isMet: Bool { check() }

    /// Fails the test with the reason when unmet: reached only under CI, or when the data went
    /// away between the trait's check and the test.
    public func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard isMet else { throw MissingRequirement(requirement: self, sourceLocation: sourceLocation) }
    }
}

extension Requirement {
    /// A file or directory of `../shared/realdata` (or `$PERMITWATCH_REALDATA`).
    public static func realData(_ relative: String) -> Requirement {
        Requirement("\(RealData.describe(relative)) is absent (the real data beside the checkout)") { RealData.exists(relative) }
    }

    /// An executable on `PATH`, from the Debian package that `scripts/setup.sh --tests` installs.
    public static func tool(_ name: String, package: String) -> Requirement {
        Requirement("\(name) is not installed (apt-get install \(package), or run scripts/test.sh)") { ExternalTool.path(name) != nil }
    }

    /// GDAL's ogrinfo and ogr2ogr, as an independent reader of the files and the server.
    public static let gdal = Requirement("ogrinfo or ogr2ogr is not installed (apt-get install gdal-bin, or run scripts/test.sh)") {
        ExternalTool.path("ogrinfo") != nil && ExternalTool.path("ogr2ogr") != nil
    }

    /// A headless browser for the map and report pages.
    public static let chromium = Requirement("chromium is not installed (apt-get install chromium, or run scripts/test.sh)") {
        ExternalTool.chromium != nil
    }

    /// shapely 2 and numpy in the tests' Python, for the independent reference placement
    /// (`scripts/reference_assignment.py`).
    public static let shapely = Requirement("\(Python.describe) has no shapely 2 with numpy (run scripts/test.sh, which sets up its venv)") {
        Python.hasShapely
    }

    /// xlwt in the tests' Python, to write the legacy Excel (.xls) workbooks GDAL reads but
    /// cannot write (`scripts/write_xls.py`).
    public static let xlwt = Requirement("\(Python.describe) has no xlwt (run scripts/test.sh, which sets up its venv)") {
        Python.imports("import xlwt")
    }

    /// schemathesis 4 in the tests' Python, to fuzz the API from its OpenAPI document
    /// (`scripts/fuzz-http.sh`).
    public static let schemathesis = Requirement("\(Python.describe) has no schemathesis (run scripts/test.sh, which sets up its venv)") {
        Python.imports("import schemathesis")
    }

    /// openapi-spec-validator in the tests' Python, for the server's OpenAPI document.
    public static let openAPIValidator = Requirement(
        "\(Python.describe) has no openapi_spec_validator (run scripts/test.sh, which sets up its venv)"
    ) { Python.hasOpenAPIValidator }
}

/// The failure of a test whose requirement is missing where it must not be (under CI).
public struct MissingRequirement: Error, CustomStringConvertible {
    public let requirement: Requirement
    public let sourceLocation: SourceLocation

    public var description: String {
        TestEnvironment.isCI
            ? "\(requirement.description); CI=true, so this fails instead of being skipped"
            : requirement.description
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when every requirement is met, else reports it skipped with the
    /// unmet ones as the reason; under CI (`CI=true`) it always runs, and the test's own
    /// `require()` (or its tool call) fails it.
    public static func requires(_ requirements: Requirement..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let unmet = requirements.filter { !$0.isMet }
        let reason = (unmet.isEmpty ? requirements : unmet).map(\.description).joined(separator: "; ")
        return .enabled(if: unmet.isEmpty || TestEnvironment.isCI, Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
}

extension Requirement {
    /// A PostgreSQL server with PostGIS to test the PostGIS store against: `scripts/test.sh`
    /// starts a throw-away one and names it in `$PERMITWATCH_TEST_POSTGRES`.
    public static let postgres = Requirement(
        "$PERMITWATCH_TEST_POSTGRES names no PostgreSQL server with PostGIS (run scripts/test.sh, which starts a throw-away one)"
    ) { TestEnvironment.postgresURL != nil }
}

extension Requirement {
    /// The test server's database through PgBouncer in transaction mode: `scripts/test.sh` starts
    /// one in front of the throw-away server and names it in `$PERMITWATCH_TEST_PGBOUNCER`.
    public static let pgbouncer = Requirement(
        "$PERMITWATCH_TEST_PGBOUNCER names no PgBouncer (run scripts/test.sh, which starts one in front of its throw-away server)"
    ) { TestEnvironment.pgbouncerURL != nil }
}
