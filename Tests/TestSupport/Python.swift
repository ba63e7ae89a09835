import Foundation
import Testing

/// The Python that runs the reference checks and the OpenAPI validator: the one
/// `scripts/setup.sh --tests` prepares, so that the tests never depend on what `python3` on
/// `PATH` happens to have (on Debian that is the externally managed system Python).
///
/// In order: `$PERMITWATCH_PYTHON`; the set-up's virtual environment
/// (`$PERMITWATCH_VENV`, default `~/.cache/permitwatch/venv`); `python3` on `PATH`.
public enum Python {
    /// The interpreter, nil when none is installed.
    public static let executable: String? = {
        if let explicit = TestEnvironment.variable("PERMITWATCH_PYTHON") { return explicit }
        let venv = TestEnvironment.variable("PERMITWATCH_VENV").map { URL(fileURLWithPath: $0) }
            ?? (TestEnvironment.variable("XDG_CACHE_HOME").map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache"))
                .appendingPathComponent("permitwatch/venv")
        let inVenv = venv.appendingPathComponent("bin/python3").path
        if FileManager.default.isExecutableFile(atPath: inVenv) { return inVenv }
        return ExternalTool.path("python3")?.path
    }()

    /// The interpreter as messages name it.
    static var describe: String { executable.map { "python (\($0))" } ?? "python3 (not installed)" }

    /// shapely 2 (the reference script uses its vectorised API: `shapely.points`, `STRtree.query`
    /// with a predicate; Debian bookworm's python3-shapely is 1.8) and numpy.
    public static let hasShapely: Bool = imports("import numpy, shapely; shapely.points")

    /// openapi-spec-validator (PyPI only: Debian bookworm does not package it).
    public static let hasOpenAPIValidator: Bool = imports("import openapi_spec_validator")

    /// Runs the interpreter with `arguments`; throws when there is none.
    public static func run(_ arguments: [String], timeout: TimeInterval = 300) throws -> (status: Int32, output: String, error: String) {
        guard let executable, let result = try ExternalTool.run(executable, arguments, timeout: timeout) else {
            throw MissingRequirement(requirement: Requirement("\(describe) is missing (run scripts/test.sh)") { false }, sourceLocation: #_sourceLocation)
        }
        return result
    }

    /// Whether `code` runs without error.
    public static func imports(_ code: String) -> Bool {
        guard let executable else { return false }
        return (try? ExternalTool.run(executable, ["-c", code], timeout: 120))?.status == 0
    }
}

/// Runs `scripts/reference_assignment.py` (the shapely placement of every source, compared
/// with the database) with `arguments`; throws when shapely is missing.
public func runReferenceScript(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try Requirement.shapely.require()
    let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/reference_assignment.py").path
    let result = try Python.run([script] + arguments)
    return (result.status, result.output + result.error)
}
