import ArgumentParser
import PermitWatch
import Store

/// `permitwatch token list`: every token, without secrets.
struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the tokens (id, name, role, made, revoked), never their secrets.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let tokens = try AccessTokens(store: try database.openReadOnly()).list()
        let rows = [["id", "name", "role", "created", "revoked"]]
            + tokens.map { [$0.id, $0.name, $0.role.rawValue, $0.createdAt, $0.revokedAt ?? ""] }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
        if tokens.isEmpty { printError("no tokens yet: `permitwatch token create --name NAME --role reader|editor|admin`") }
    }
}
