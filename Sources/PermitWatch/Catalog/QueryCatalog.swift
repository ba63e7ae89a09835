import Foundation

/// The queries a user can run: the shipped ones, then the user's own folders, later ones
/// replacing earlier ones of the same name.
public struct QueryCatalog: Sendable {
    public private(set) var queries: [String: QueryDefinition] = [:]

    /// - Parameter directories: user folders, in increasing precedence; missing ones are skipped.
    public init(directories: [URL] = []) throws {
        for (name, text) in ShippedQueries.files {
            queries[name] = try QueryDefinition(name: name, text: text, origin: "shipped:queries/\(name).sql")
        }
        for directory in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".sql") {
                let url = directory.appendingPathComponent(file)
                let name = String(file.dropLast(4))
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                queries[name] = try QueryDefinition(name: name, text: String(decoding: data, as: UTF8.self), origin: url.path)
            }
        }
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

    public var all: [QueryDefinition] { queries.values.sorted { $0.name < $1.name } }

    public func query(named name: String) throws -> QueryDefinition {
        guard let query = queries[name] else { throw QueryError.unknownQuery(name: name, known: all.map(\.name)) }
        return query
    }
}
