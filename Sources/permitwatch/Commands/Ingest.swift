import ArgumentParser

/// `permitwatch ingest`: the group of loaders.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load boundaries, sources, events or depots into the database.",
        discussion: """
            Every ingest is one transaction: a file with any error is rejected whole, every \
            problem is listed as FILE:LINE: field: what was expected (the feature index for \
            GeoJSON), the exit code is non-zero and the database is left exactly as it was.
            """,
        subcommands: [IngestAreas.self, IngestSources.self, IngestEvents.self, IngestDepots.self, IngestRoads.self])
}
