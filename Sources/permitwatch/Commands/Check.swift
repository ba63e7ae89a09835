import ArgumentParser
import PermitWatch

/// `permitwatch check`: is the database whole and consistent?
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a database: integrity, spatial indexes, assignment, status history, schema.",
        discussion: """
            One line per check, `ok` or `FAILED` with each finding named. Exit status 0 when \
            every check passes, 3 when one finds a problem. Checks: SQLite's integrity check; \
            every R*Tree against its table; every source placed in an area that exists, or \
            flagged unassigned; every source's status equal to the replay of its events; the \
            schema's migrations all applied and none unknown.
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let checks = try DatabaseCheck(store: try database.openReadOnly()).run()
        for check in checks {
            print("\(check.passed ? "ok    " : "FAILED") \(check.kind.rawValue): \(check.checked)")
            for finding in check.findings { print("       - \(finding)") }
        }
        if let failure = DatabaseCheck.failure(checks) { throw failure }
    }
}
