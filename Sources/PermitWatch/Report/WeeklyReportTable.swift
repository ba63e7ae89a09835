import GeoKit
import Store

extension WeeklyReportResult {
    /// The CSV header (and GeoJSON property names) of the per-grid table, documented in the
    /// README: stable, so spreadsheets and QGIS styles built on them keep working.
    public static let columns = [
        "week", "grid_code", "grid_name", "town_code", "town_name", "county_code", "county_name", "prefecture_code", "prefecture_name",
        "officer", "unlicensed", "found", "resolved", "resolved_permitted", "resolved_registered", "resolved_closed", "noticed",
        "net_change", "unlicensed_previous", "rectifying", "overdue", "oldest_overdue_days", "uninspected", "sources", "hotspot_bin",
    ]

    /// One row per grid, with its polygon when the outlines were read; written through the
    /// catalog's CSV, JSON and GeoJSON writers like every other result table.
    public func table() -> AnalyticsTable {
        let week = SQLValue.text(self.week.description)
        func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
        func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
        let values: [[SQLValue]] = rows.map { row in
            let f = row.figures
            return [
                week, .text(row.code), .text(row.name), text(row.townCode), text(row.townName), text(row.countyCode), text(row.countyName),
                text(row.prefectureCode), text(row.prefectureName), text(row.officer), integer(f.unlicensed), integer(f.found),
                integer(f.resolved), integer(f.resolvedPermitted), integer(f.resolvedRegistered), integer(f.resolvedClosed),
                integer(f.noticed), integer(f.netChange), integer(f.unlicensedPrevious), integer(f.rectifying), integer(f.overdue),
                integer(f.oldestOverdueDays), integer(f.uninspected), integer(f.sources), integer(row.hotspotBin),
            ]
        }
        return AnalyticsTable(columns: Self.columns, rows: values, geometries: outlines?.map { .multiPolygon($0) })
    }
}
