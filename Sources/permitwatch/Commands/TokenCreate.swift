import ArgumentParser
import PermitWatch
import Store

/// `permitwatch token create`: a new token, printed once.
struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a token and print it once (the database keeps only its keyed hash).",
        discussion: """
            The token goes to standard output alone, for a script to capture; what it is goes \
            to standard error. Its name is written into every event its holder makes.

            Examples:
              permitwatch token create --name "officer Li" --role editor
              TOKEN=$(permitwatch token create --name qgis --role reader)
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Who holds it: a person or a system (1 to 64 characters).", valueName: "name"))
    var name: String

    @Option(name: .long, help: "reader, editor or admin.")
    var role: AccessTokenRecord.Role

    func run() throws {
        let created = try AccessTokens(store: try database.openExisting()).create(name: name, role: role)
        print(created.token)
        printError("made \(created.record.role.rawValue) token \(created.record.id) for \(created.record.name); it is shown only now")
    }
}
