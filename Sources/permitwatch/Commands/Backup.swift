import ArgumentParser
import PermitWatch

/// `permitwatch backup FILE`: a consistent copy while the server runs.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database, consistently, while the server and ingests go on.",
        discussion: """
            The copy is one snapshot (SQLite's online backup), written beside FILE and renamed \
            over it only when complete: an interrupted backup leaves the previous one. Restore \
            by copying FILE back (with the server stopped) and run `permitwatch check` on it.

            Examples:
              permitwatch backup /backups/permitwatch-$(date +%F).sqlite
              permitwatch check --db /backups/permitwatch-2020-10-05.sqlite
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The backup's file (replaced if it exists).", valueName: "file"))
    var file: String

    func run() throws {
        let bytes = try DatabaseBackup(store: try database.openReadOnly()).run(to: file)
        printError("backed up \(try database.location) to \(file) (\(bytes / 1_048_576) MB)")
    }
}
