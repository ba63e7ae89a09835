import Enforcement
import GeoKit

/// The weekly report of unlicensed sources by grid, as computed: what every output format
/// (CSV, JSON, GeoJSON, HTML, Markdown) writes.
public struct WeeklyReportResult: Sendable {
    public var week: ReportWeek
    /// `admin`, or `square:SIZE`.
    public var grid: String
    /// The area reported (a code of any level), nil for the whole province.
    public var area: String?
    public var areaName: String?
    public var inspectionWeeks: Int
    /// One per grid (administrative grids of the area, with or without sources) or occupied
    /// square cell, in code order.
    public var rows: [WeeklyReportRow]
    /// The grid or cell polygons (WGS-84), one per row, when the output draws them.
    public var outlines: [MultiPolygon]?
    public var towns: [WeeklyReportTotal]
    public var counties: [WeeklyReportTotal]
    public var prefectures: [WeeklyReportTotal]
    public var total: WeeklyReportTotal
    /// Oldest week first, ending with the reported week.
    public var trend: [WeeklyTrendPoint]
    public var overdue: [OverdueRectification]
    /// The hot-spot run the bins come from, when there is one on the same grid.
    public var hotspotRun: Int64?
    /// Whether any inspection is recorded up to the week's end (else `uninspected` is empty).
    public var inspectionsRecorded: Bool
    /// The store's metric CRS, which the map draws `outlines` in (nil without outlines).
    public var metricCRS: MetricCRS? = nil

    /// Prefectures by unlicensed count, most first (ties by code).
    public var prefecturesByUnlicensed: [WeeklyReportTotal] {
        prefectures.sorted { ($0.figures.unlicensed, $1.code) > ($1.figures.unlicensed, $0.code) }
    }

    /// Prefectures by their change against the previous week, largest increase first (ties by code).
    public var prefecturesByChange: [WeeklyReportTotal] {
        prefectures.sorted { ($0.figures.netChange, $1.code) > ($1.figures.netChange, $0.code) }
    }

    /// The `limit` grids with the most unlicensed sources (ties by code), only those with any.
    public func topRowsByUnlicensed(_ limit: Int = 10) -> [WeeklyReportRow] {
        Array(rows.filter { $0.figures.unlicensed > 0 }.sorted { ($0.figures.unlicensed, $1.code) > ($1.figures.unlicensed, $0.code) }.prefix(limit))
    }

    /// The `limit` grids whose unlicensed count rose most during the week, only those that rose.
    public func topRowsByIncrease(_ limit: Int = 10) -> [WeeklyReportRow] {
        Array(rows.filter { $0.figures.netChange > 0 }.sorted { ($0.figures.netChange, $1.code) > ($1.figures.netChange, $0.code) }.prefix(limit))
    }

    /// What the report covers, for titles: the area's name and code, or the province.
    public var scopeTitle: String {
        guard let area else { return "Province" }
        return areaName.map { "\($0) (\(area))" } ?? area
    }
}
