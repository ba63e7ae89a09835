import ArgumentParser
import PermitWatch
import Store

extension AccessTokenRecord.Role: ExpressibleByArgument {}

/// `permitwatch token`: the bearer tokens the server's writes and expensive reads require.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make, list and revoke the bearer tokens `permitwatch serve` asks for.",
        discussion: """
            Roles, each able to do what the ones before it can: reader (analytics on request, \
            whole-province reports; every read with `serve --require-token-for-reads`), editor \
            (writes: route plans, field records), admin (snapshot uploads). A client sends the \
            token as `Authorization: Bearer TOKEN`. The database keeps only a keyed hash of \
            each token; a token is shown once, when it is made.
            """,
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}
