import ArgumentParser
import PermitWatch

/// `permitwatch ingest events`: a status history.
struct IngestEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Append a status history (CSV: source_id,date,kind,status,deadline).",
        discussion: """
            Kinds: listed, discovered, registered, permitted, notice_issued, rectified, \
            marked_special, closed, inspected (and new, changed, removed from snapshots). status \
            is the status after the event, empty for inspections. Every source must already be \
            loaded.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("CSV file.", valueName: "file"))
    var file: String

    func run() throws {
        let report = try EventIngest(database: try database.openExisting(), logger: CommandLogging.makeLogger(), progress: .terminal)
            .run(file: file)
        let kinds = report.byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("loaded \(report.events) events from \(file): \(kinds)")
    }
}
