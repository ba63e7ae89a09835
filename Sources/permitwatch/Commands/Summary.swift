import ArgumentParser
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

            Example: permitwatch summary --by town --format csv > towns.csv
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "prefecture, county, town, grid or cell.")
    var by: SourceSummary.Grouping = .prefecture

    @Option(name: .long, help: "table, csv or json.")
    var format: StatusTableFormatter.Format = .table

    func run() throws {
        let summary = SourceSummary(store: try database.openReadOnly())
        // The table is for people and says which system its cells are squares of; CSV and
        // JSON stay data, with the line on standard error.
        if format == .table {
            print(try summary.metricCRSLine())
        } else {
            printError(try summary.metricCRSLine())
        }
        print(try summary.render(by: by, as: format), terminator: "")
    }
}
