import Foundation

/// The queries a user can run: the shipped ones, then the user's own folders, later ones
/// replacing earlier ones of the same name.
///
/// A user's file that cannot be read or whose header is broken is left out with a warning
/// (`problems`), so one bad file in a `queries/` folder does not stop every other query; asking
/// for that query by name gives its error.
public struct QueryCatalog: Sendable {
    public private(set) var queries: [String: QueryDefinition] = [:]
    /// The user's files left out, by query name, with what is wrong (file and line).
    public private(set) var problems: [String: QueryError] = [:]

    /// - Parameters:
    ///   - directories: user folders, in increasing precedence; missing ones are skipped.
    ///   - dialect: the store's SQL dialect (`CatalogReader.sqlDialect`): the shipped queries
    ///     come in that dialect's version (`queries/NAME.sql` for SpatiaLite,
    ///     `queries/postgis/NAME.sql` for PostGIS), with the same names, parameters and columns.
    /// - Throws: `QueryError.brokenHeader` only for a shipped query (a defect of the build).
    public init(directories: [URL] = [], dialect: String = "spatialite") throws {
        for (name, fileDialect, text) in ShippedQueries.files where fileDialect == dialect {
            let path = dialect == "spatialite" ? "queries/\(name).sql" : "queries/\(dialect)/\(name).sql"
            queries[name] = try QueryDefinition(name: name, text: text, origin: "shipped:\(path)")
        }
        for directory in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".sql") {
                let url = directory.appendingPathComponent(file)
                let name = String(file.dropLast(4))
                do {
                    guard let data = FileManager.default.contents(atPath: url.path) else {
                        throw QueryError.brokenHeader(query: name, file: url.path, line: 1, message: "the file cannot be read")
                    }
                    queries[name] = try QueryDefinition(name: name, text: String(decoding: data, as: UTF8.self), origin: url.path)
                    problems[name] = nil
                } catch let error as QueryError {
                    // A later folder's good file of the same name still replaces it.
                    problems[name] = error
                    queries[name] = nil
                }
            }
        }
    }

    /// One line per file left out, for a warning: the file, the line and what is wrong.
    public var warnings: [String] {
        problems.keys.sorted().map { "\(problems[$0]!.description) (left out; the other queries run)" }
    }

    /// The user folders for a database: `--queries DIR` (or `$PERMITWATCH_QUERIES`), and the
    /// `queries/` folder beside the database file (`beside`), which takes precedence over neither.
    public static func userDirectories(explicit: String?, beside databaseDirectory: URL?) -> [URL] {
        var directories: [URL] = []
        if let databaseDirectory { directories.append(databaseDirectory.appendingPathComponent("queries")) }
        if let explicit = explicit ?? ProcessInfo.processInfo.environment["PERMITWATCH_QUERIES"], !explicit.isEmpty {
            directories.append(URL(fileURLWithPath: explicit))
        }
        return directories
    }

    /// The dialects the shipped catalog comes in.
    public static var shippedDialects: Set<String> { Set(ShippedQueries.files.map(\.dialect)) }

    public var all: [QueryDefinition] { queries.values.sorted { $0.name < $1.name } }

    public func query(named name: String) throws -> QueryDefinition {
        if let problem = problems[name] { throw problem }
        guard let query = queries[name] else { throw QueryError.unknownQuery(name: name, known: all.map(\.name)) }
        return query
    }
}
