import Foundation
import PackagePlugin

/// Compiles the repository's `queries/*.sql` (SpatiaLite's dialect) and `queries/postgis/*.sql`
/// (the same queries in PostGIS's) into the PermitWatch module at build time, so the shipped
/// catalog works from any directory and wherever the binary is installed, and is always exactly
/// the files in `queries/`.
@main
struct EmbedQueries: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("queries")
        let files = try [folder, folder.appendingPathComponent("postgis")].flatMap { directory in
            try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".sql") }
                .sorted()
                .map { directory.appendingPathComponent($0) }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("ShippedQueries.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) catalog queries",
                executable: try context.tool(named: "EmbedQueriesTool").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
