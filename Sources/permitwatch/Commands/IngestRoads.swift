import ArgumentParser
import GeoKit
import PermitWatch

/// `permitwatch ingest roads`: the road network route planning follows.
struct IngestRoads: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roads",
        abstract: "Load a road network (LineStrings), replacing the stored one; route plans then follow it.",
        discussion: """
            GeoJSON, Shapefile or GeoPackage (--layer) LineStrings, in the file's own coordinate \
            system (a .prj, a GeoPackage's SRS, a legacy GeoJSON `crs` member) or the one --crs \
            declares; coordinates in metres with no system known are refused. Roads meet where they share a vertex. A `oneway` property (yes/true/1, -1) or a \
            `Direction` property (One Way Forward, One Way Backward) makes a road one-way; \
            `speed_kmh`/`maxspeed` (km/h) or `max_speed` (m/s) give its speed. The number of \
            connected pieces is reported: stops in a piece the depot cannot reach are listed as \
            unreachable by `route plan`.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("GeoJSON, Shapefile (.shp) or GeoPackage.", valueName: "file"))
    var file: String

    @OptionGroup var input: VectorInputOptions

    func run() throws {
        let loaded = try RoadIngest(database: try database.openForWriting())
            .run(file: file, crs: input.crs, layer: input.layer, encoding: input.encoding)
        print("loaded \(loaded.roads) roads from \(file): \(loaded.nodes) nodes in \(loaded.components) connected pieces")
    }
}
