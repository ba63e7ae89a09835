import ArgumentParser
import FileWriting
import PermitWatch

extension StatusTableFormatter.Format: ExpressibleByArgument {}
extension SourceSummary.Grouping: ExpressibleByArgument {}

/// `permitwatch summary`: counts of sources by status per area or cell.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count current sources by status per prefecture, county, town, grid or square-grid cell.",
        discussion: """
            One row per area (areas with no source too), in code order, then a row with code \
            `unassigned` for sources in no area of that level. CSV header: \
            code,name,permitted,registered,rectifying,special,unlicensed,total. Cells are coded IX_IY.

            --area CODE keeps the areas of that level inside CODE (or the one containing it), \
            without the `unassigned` row. --output FILE writes the rows to a file (written whole \
            or not at all) instead of standard output.

            Examples:
              permitwatch summary --by town --format csv > towns.csv
              permitwatch summary --by grid --area 440103 --format csv --output grids-440103.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "prefecture, county, town, grid or cell.")
    var by: SourceSummary.Grouping = .prefecture

    @Option(name: .long, help: ArgumentHelp("Only the areas inside this prefecture, county, town or grid.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: StatusTableFormatter.Format = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let summary = SourceSummary(store: try database.openReadOnly())
        let rows = try summary.render(by: by, within: area, as: format)
        // The table is for people and says which system its cells are squares of; CSV and
        // JSON stay data, with the line on standard error.
        let crs = try summary.metricCRSLine()
        try OutputFile.write(to: output) { sink in
            if format == .table { try sink.write(crs + "\n") }
            try sink.write(rows)
        }
        if format != .table { printError(crs) }
        if let output { printError("wrote \(by.rawValue) summary to \(output)") }
    }
}
