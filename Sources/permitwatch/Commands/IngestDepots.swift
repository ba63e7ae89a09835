import ArgumentParser
import GeoKit
import PermitWatch

/// `permitwatch ingest depots`: the bureaus' offices.
struct IngestDepots: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depots",
        abstract: "Load the enforcement bureaus' offices (CSV: code,name,county_code,lon,lat), replacing the stored ones.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("CSV file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: crsHelp)
    var crs: CoordinateSystem?

    @OptionGroup var metricCRS: MetricCRSOptions

    func run() throws {
        let count = try DepotIngest(database: try database.openForWriting(), logger: CommandLogging.makeLogger())
            .run(file: file, crs: crs, metricCRS: try metricCRS.value())
        print("loaded \(count) depots from \(file)")
    }
}
