import ArgumentParser
import PermitWatch

/// `permitwatch token revoke NAME`: the token is refused from the next request on.
struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke the token with this name: a running server refuses it from its next request.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The token's name, as `token list` shows it.")
    var name: String

    func run() throws {
        try AccessTokens(store: try database.openExisting()).revoke(name: name)
        printError("revoked the token of \(name)")
    }
}
