import ArgumentParser
import Enforcement
import PermitWatch
import Store

extension StatusTableFormatter.Format: ExpressibleByArgument {}

/// `permitwatch summary`: counts of sources by status per area or cell.
struct Summary: ParsableCommand {
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case prefecture, county, town, grid, cell
    }

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
    var by: Grouping = .prefecture

    @Option(name: .long, help: "table, csv or json.")
    var format: StatusTableFormatter.Format = .table

    func run() throws {
        let grouping: SummaryGrouping = switch by {
        case .prefecture: .area(.prefecture)
        case .county: .area(.county)
        case .town: .area(.town)
        case .grid: .area(.grid)
        case .cell: .cell
        }
        let rows = try CommandFailure.reporting { try database.openExisting().summary(by: grouping) }
        print(StatusTableFormatter.render(rows, as: format), terminator: "")
    }
}
