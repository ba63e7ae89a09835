import ArgumentParser
import GeoKit

/// The options of every ingest that reads a vector file through GDAL (`ingest areas`, `ingest
/// roads`): its coordinate system, the layer of a file with several, the `.dbf` text encoding.
struct VectorInputOptions: ParsableArguments {
    @Option(name: .long, help: crsOverrideHelp)
    var crs: CoordinateSystem?

    @Option(name: .long, help: ArgumentHelp("The layer to read, in a file with several (GeoPackage, File Geodatabase, KML).", valueName: "name"))
    var layer: String?

    @Option(name: .long, help: ArgumentHelp("The text encoding of a Shapefile's .dbf without a .cpg (e.g. GBK).", valueName: "encoding"))
    var encoding: String?
}
