import Enforcement
import Store

/// `permitwatch summary`: counts of current sources by status per prefecture, county, town,
/// grid or square-grid cell, areas without sources included, then the unassigned.
public struct SourceSummary: Sendable {
    /// What the sources are counted by.
    public enum Grouping: String, Sendable, CaseIterable {
        case prefecture, county, town, grid, cell

        var storeGrouping: SummaryGrouping {
            switch self {
            case .prefecture: .area(.prefecture)
            case .county: .area(.county)
            case .town: .area(.town)
            case .grid: .area(.grid)
            case .cell: .cell
            }
        }
    }

    let store: any RegisterAnalytics

    public init(store: any RegisterAnalytics) { self.store = store }

    /// One row per area of the level (or occupied cell), in code order, then `unassigned`.
    public func run(by grouping: Grouping) throws -> [StatusCountRow] {
        try store.summary(by: grouping.storeGrouping)
    }

    /// The rows as the chosen format's text.
    public func render(by grouping: Grouping, as format: StatusTableFormatter.Format) throws -> String {
        StatusTableFormatter.render(try run(by: grouping), as: format)
    }
}
