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
            if crs.distances == .geodesic {
                line += String(
                    format: "; over the areas' extent the plane is off by up to %.1f %% (so distances are measured on the ellipsoid), cells' areas within %.2f %%",
                    distortion.distance * 100, distortion.area * 100)
                return line
            }
            line += String(
                format: "; over the areas' extent short distances within %.2f %%, areas within %.2f %%",
                distortion.distance * 100, distortion.area * 100)
        }
        return line
    }

    /// One row per area of the level (or occupied cell), in code order, then `unassigned`.
    ///
    /// With `area`, only the areas of the level inside it (or the one containing it, for a
    /// coarser level), without the `unassigned` row: a source in no area of the level cannot
    /// be told to lie inside `area` by that level.
    ///
    /// - Throws: `ParameterError` for an area no area has, or with the square-grid cells,
    ///   which have no areas to narrow.
    public func run(by grouping: Grouping, within area: String? = nil) throws -> [StatusCountRow] {
        guard let area else { return try store.summary(by: grouping.storeGrouping) }
        guard case .area(let level) = grouping.storeGrouping else {
            throw ParameterError("area", area, "a summary by square-grid cell cannot be narrowed to an area; use --by prefecture, county, town or grid")
        }
        try DataChecks.area(area, in: store)
        let directory = AreaDirectory(try store.fetchAreaDirectory())
        var inside = Set(directory.descendants(of: area, level: level))
        // A coarser level than the area's: the one area of that level that contains it.
        var entry = directory.anyEntry(area)
        while let current = entry, current.level > level {
            entry = current.parentCode.flatMap { directory.entry(current.level.parent ?? level, $0) }
        }
        if let entry, entry.level == level { inside.insert(entry.code) }
        return try store.summary(by: grouping.storeGrouping).filter { inside.contains($0.code) }
    }

    /// The rows as the chosen format's text.
    public func render(by grouping: Grouping, within area: String? = nil, as format: StatusTableFormatter.Format) throws -> String {
        StatusTableFormatter.render(try run(by: grouping, within: area), as: format)
    }
}
