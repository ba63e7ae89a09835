import Enforcement
import Foundation
import GeoKit
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

    /// The counts, and the metric CRS with the extent it is judged over.
    public typealias Storage = RegisterAnalytics & MetricCRSStore & AreaStore

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// The stored metric CRS, for people: its id, its name and how far it is from the ground
    /// over the areas' extent (`MapDistortion`), so a planner sees the system every distance
    /// and cell is in, and how true it is.
    public func metricCRSLine() throws -> String {
        guard let crs = try store.metricCRS() else { return "metric CRS: none yet (chosen at the first ingest)" }
        var line = "metric CRS: \(crs) (\(crs.name))"
        if let extent = try store.areaExtent(), !extent.isEmpty {
            let distortion = crs.distortion(over: extent)
            line += String(
                format: "; over the areas' extent short distances within %.2f %%, areas within %.2f %%",
                distortion.distance * 100, distortion.area * 100)
        }
        return line
    }

    /// One row per area of the level (or occupied cell), in code order, then `unassigned`.
    public func run(by grouping: Grouping) throws -> [StatusCountRow] {
        try store.summary(by: grouping.storeGrouping)
    }

    /// The rows as the chosen format's text.
    public func render(by grouping: Grouping, as format: StatusTableFormatter.Format) throws -> String {
        StatusTableFormatter.render(try run(by: grouping), as: format)
    }
}
