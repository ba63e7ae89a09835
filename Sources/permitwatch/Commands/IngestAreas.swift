import ArgumentParser
import Enforcement
import GeoKit
import PermitWatch

extension AreaLevel: ExpressibleByArgument {}

/// `permitwatch ingest areas`: one level of boundaries from GeoJSON or any vector file GDAL reads.
struct IngestAreas: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas",
        abstract: "Load prefecture, county, town or grid boundaries (replacing that level).",
        discussion: """
            GeoJSON, Shapefile, GeoPackage (--layer), File Geodatabase (a .gdb folder), KML/KMZ: \
            Polygon and MultiPolygon features with any property names: name them with the \
            field flags (defaults: code/adcode/GEOID, name, parent). The file's own coordinate \
            system (a .prj, a GeoPackage's SRS, a legacy GeoJSON `crs` member) is used; --crs \
            overrides it. A Shapefile's .dbf text is decoded as its .cpg says, else as --encoding \
            says, else detected (UTF-8 or GBK). Invalid polygons (self-intersections, as real \
            boundary files have) are repaired with GEOS and a warning names the feature. Sources \
            are re-assigned afterwards.

            Examples:
              permitwatch ingest areas guangdong_counties.geojson --level county --crs gcj02 --code-field adcode --name-field name
              permitwatch ingest areas 县级行政区.shp --level county --encoding GBK --code-field XZQDM --name-field XZQMC
              permitwatch ingest areas bureau.gpkg --layer towns --level town
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("GeoJSON, Shapefile (.shp), GeoPackage, .gdb folder, KML or KMZ.", valueName: "file"))
    var file: String

    @Option(name: .long, help: "prefecture, county, town or grid.")
    var level: AreaLevel

    @OptionGroup var input: VectorInputOptions

    @Option(name: .long, help: ArgumentHelp("Property holding the area's code.", valueName: "property"))
    var codeField: String?

    @Option(name: .long, help: ArgumentHelp("Property holding the area's name.", valueName: "property"))
    var nameField: String?

    @Option(name: .long, help: ArgumentHelp("Property holding the parent area's code.", valueName: "property"))
    var parentField: String?

    @Option(name: .long, help: ArgumentHelp("Snap distance in metres for the re-assignment.", valueName: "metres"))
    var snap: Double = 500

    @OptionGroup var metricCRS: MetricCRSOptions

    func validate() throws {
        try checkingUsage { try Assignment.check(snapDistance: snap, cellSize: nil) }
    }

    func run() throws {
        var options = AreaIngest.Options(level: level)
        options.crs = input.crs
        options.layer = input.layer
        options.encoding = input.encoding
        options.codeField = codeField
        options.nameField = nameField
        options.parentField = parentField
        options.snapDistance = snap
        options.metricCRS = try metricCRS.value()
        let report = try AreaIngest(database: try database.openForWriting(), logger: CommandLogging.makeLogger(), progress: .terminal)
            .run(file: file, options: options)
        print("loaded \(report.areas) \(level.rawValue) areas from \(file); \(report.repaired) repaired")
        if let assignment = report.assignment { print(assignment.description) }
    }
}
