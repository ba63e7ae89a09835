import Foundation
import Store

/// A PostgreSQL database as the user names it: `postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME`,
/// the URI form libpq, psql and every PostgreSQL tool accept, so the text a bureau's DBA hands
/// out works here unchanged.
///
/// Query parameters: `schema` (default `permitwatch`: the store's tables live in a schema of
/// their own, so permitwatch can share a database with a bureau's other tables), `host` (a
/// Unix-socket folder, as libpq takes it), `sslmode` (`disable` or `prefer`; the store does not
/// encrypt yet, so `require` and stronger are refused rather than silently ignored),
/// `pool_max_conns` (the most connections one process opens, 8 by default: the bound a DBA sets
/// per server process, as pgx and pg_featureserv name it). The password may instead come from
/// `$PGPASSWORD`; it is never printed.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    /// A Unix-socket folder to connect through instead of TCP (`?host=/path`).
    public var socketDirectory: String?
    public var database: String
    public var schema: String
    /// `?pool_max_conns=N`: the bound on one process's connections; nil for the store's default.
    public var maximumConnections: Int?

    /// Whether the text names a PostgreSQL database rather than a file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func refuse(_ why: String) -> StoreError {
            StoreError(message: "\(Self.masked(text)): \(why); expected postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME[?schema=NAME]")
        }
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw refuse("not a PostgreSQL URL")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var socketDirectory: String?
        var schema = "permitwatch"
        var maximumConnections: Int?
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "schema":
                guard Self.isPlainIdentifier(value) else {
                    throw refuse("schema '\(value)' is not a plain lower-case SQL name (letters, digits, _)")
                }
                schema = value
            case "host":
                guard value.hasPrefix("/") else { throw refuse("host '\(value)' in the query must be a socket folder") }
                socketDirectory = value
            case "sslmode":
                guard ["disable", "allow", "prefer"].contains(value) else {
                    throw refuse("sslmode=\(value) is not supported yet (connections are not encrypted); use a local or tunnelled connection with sslmode=disable")
                }
            case "pool_max_conns":
                guard let count = Int(value), (1...1000).contains(count) else {
                    throw refuse("pool_max_conns '\(value)' is not a number of connections from 1 to 1000")
                }
                maximumConnections = count
            case "application_name", "connect_timeout":
                break
            default:
                throw refuse("unknown parameter '\(item.name)' (known: schema, host, sslmode, pool_max_conns, application_name, connect_timeout)")
            }
        }
        guard !path.isEmpty, !path.contains("/") else { throw refuse("no database name") }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.user = user
        self.password = components.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        self.host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory ?? (components.host?.isEmpty ?? true ? environment["PGHOST"].flatMap { $0.hasPrefix("/") ? $0 : nil } : nil)
        self.database = path.removingPercentEncoding ?? path
        self.schema = schema
        self.maximumConnections = maximumConnections
    }

    /// The URL with the password hidden: what messages and logs show.
    public var description: String {
        var text = "postgresql://\(user)@\(host):\(port)/\(database)"
        var query: [String] = []
        if schema != "permitwatch" { query.append("schema=\(schema)") }
        if let socketDirectory { query.append("host=\(socketDirectory)") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// The same database with another schema: where `init` builds a new store aside.
    func withSchema(_ schema: String) -> PostgresURL {
        var url = self
        url.schema = schema
        return url
    }

    static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 48,
            ("a"..."z").contains(first) || first == "_"
        else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `text` with whatever sits between `:` and `@` of the authority replaced, for messages
    /// about a URL that could not be parsed.
    static func masked(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
            let colon = text.range(of: ":", range: scheme.upperBound..<at.lowerBound)
        else { return text }
        return String(text[..<colon.upperBound]) + "***" + String(text[at.lowerBound...])
    }
}
