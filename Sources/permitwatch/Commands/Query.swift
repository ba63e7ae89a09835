import ArgumentParser
import FileWriting
import Foundation
import PermitWatch

/// `permitwatch query`: runs a named query of the catalog.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a named, parameterised, read-only query of the catalog.",
        discussion: """
            The shipped catalog (queries/ in the repository, compiled in) plus your own folder: \
            --queries DIR, $PERMITWATCH_QUERIES, or queries/ beside the database. A file of yours \
            with a shipped query's name replaces it. queries/README.md documents the file format.

            Examples:
              permitwatch query --list
              permitwatch query sources-near --help
              permitwatch query sources-near --param at=113.26,23.13 --param radius=2000
              permitwatch query unlicensed-by-grid --format geojson --output grids.geojson
            """,
        helpNames: [])

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The query's name (see --list).")
    var name: String?

    @Flag(name: .long, help: "List every query with its title and parameters.")
    var list = false

    @Flag(name: [.short, .long], help: "Show help; with a query name, the query's own help.")
    var help = false

    @Option(name: .customLong("param"), help: ArgumentHelp("A parameter value; repeat for several.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Return at most this many rows (table output defaults to 500).")
    var limit: Int?

    @Flag(name: .long, help: "CSV with a UTF-8 byte-order mark, for spreadsheet programs.")
    var excel = false

    @Option(name: .long, help: ArgumentHelp("A folder of your own queries.", valueName: "dir"))
    var queries: String?

    @Option(name: .long, help: ArgumentHelp("Interrupt a query running longer than this.", valueName: "seconds"))
    var timeLimit: Double = 60

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be zero or more, got \(limit)") }
        if timeLimit <= 0 { throw ValidationError("--time-limit must be positive") }
        if excel && output.format != .csv { throw ValidationError("--excel applies to --format csv only") }
    }

    func run() throws {
        let catalog = try QueryCatalog(directories: database.queryDirectories(explicit: queries), dialect: try database.location.sqlDialect)
        for warning in catalog.warnings { printError("warning: " + warning) }
        if list {
            for query in catalog.all { print(Self.summary(query)) }
            return
        }
        guard let name else {
            print(Query.helpMessage())
            if !help { throw ExitCode(64) }
            return
        }
        if help {
            print(Self.help(try catalog.query(named: name)))
            return
        }
        // The query, its parameters and the format are checked before the database is opened.
        let query = try CatalogQuery(
            name: name, in: catalog, parameters: try checkingUsage { try ParameterList.parse(parameters) }, format: output.format)
        let store = try database.openReadOnly()
        var rows = 0
        try OutputFile.write(to: output.output) { sink in
            rows = try query.run(
                on: store, timeLimit: timeLimit, limit: limit ?? (output.format == .table ? 500 : nil), excel: excel, table: output.tableLayout,
                to: sink)
        }
        if let file = output.output { printError("wrote \(rows) rows to \(file)") }
    }

    static func summary(_ query: QueryDefinition) -> String {
        let parameters = query.parameters.map { p -> String in
            switch p.requirement {
            case .required: "\(p.name)=<\(p.declaredType)>"
            case .optional: "[\(p.name)=<\(p.declaredType)>]"
            case .defaultValue(let v): "[\(p.name)=<\(p.declaredType)>, default \(v)]"
            }
        }
        // Which queries a GIS user can take as a layer (--format geojson) is what --list is read for.
        return "\(query.name)" + (query.geometryColumn == nil ? "" : "  [GeoJSON]")
            + "\n    \(query.title)\(query.origin.hasPrefix("shipped") ? "" : " (\(query.origin))")"
            + (parameters.isEmpty ? "\n    parameters: none" : "\n    parameters: " + parameters.joined(separator: " "))
    }

    static func help(_ query: QueryDefinition) -> String {
        var lines = ["\(query.name): \(query.title)", "", query.description, ""]
        if query.parameters.isEmpty {
            lines.append("PARAMETERS: none")
        } else {
            lines.append("PARAMETERS (--param name=value):")
            for p in query.parameters {
                let requirement = switch p.requirement {
                case .required: "required"
                case .optional: "optional"
                case .defaultValue(let v): "default \(v)"
                }
                lines.append("  \(p.name)  \(p.declaredType), \(requirement): \(p.description.isEmpty ? p.expected : p.description)")
            }
        }
        lines.append("")
        lines.append("GEOMETRY: " + (query.geometryColumn.map { "column \($0) (--format geojson works)" } ?? "none (no --format geojson)"))
        if let example = query.example { lines.append("EXAMPLE: \(example)") }
        lines.append("SOURCE: \(query.origin)")
        return lines.joined(separator: "\n")
    }
}
