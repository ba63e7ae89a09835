import ArgumentParser

/// The `permitwatch` command: a thin front over the PermitWatch library.
@main
struct PermitWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permitwatch",
        abstract: "Geospatial enforcement analytics for fixed pollution sources.",
        discussion: """
            One SpatiaLite file holds every fixed pollution source of a province with its status \
            history, and for each source its prefecture, county, town, enforcement grid and \
            square-grid cell.

            Start with `permitwatch init` (creates the database from the default Guangdong-like \
            dataset), then `permitwatch summary --by prefecture`, and `permitwatch serve` for the \
            OGC API - Features server and the map.

            Every command takes --db PATH (default: $PERMITWATCH_DB, else ./permitwatch.sqlite).
            """,
        subcommands: [
            Generate.self, Init.self, Ingest.self, Assign.self, Summary.self, Query.self, Clusters.self, Hotspots.self, Route.self, Report.self,
            Serve.self, Benchmark.self,
        ])
}
