import Enforcement
import Foundation
import GeoKit
import Store

extension HotspotAnalysis {
    /// The cells as a table, the same for both front ends: where each cell is (its centre, its
    /// town, or for an administrative grid its name and town), and its value, z (3 decimals),
    /// p (4 significant digits) and bin.
    ///
    /// - Parameters:
    ///   - outlines: each cell's polygon (map output; 100,000 square outlines are worth building
    ///     only for it).
    ///   - significantOnly: only the hot and cold cells (bin ≠ 0), hottest first: what a
    ///     person reads; every cell in cell order otherwise.
    public func table(_ report: Report, outlines: Bool, significantOnly: Bool = false) throws -> AnalyticsTable {
        var shown = Array(report.cells.indices)
        if significantOnly {
            shown = shown.filter { report.cells[$0].bin != 0 }
                .sorted { (report.cells[$0].z ?? 0, report.cells[$1].cell) > (report.cells[$1].z ?? 0, report.cells[$0].cell) }
        }
        let cells = shown.map { report.cells[$0] }
        let rows: [[SQLValue]]
        let columns: [String]
        switch report.grid {
        case .square(let size):
            let grid = SquareGrid(cellSize: size, metricCRS: report.metricCRS)
            let centres = cells.map { cell in
                let box = grid.bounds(ofCell: cell.cx ?? 0, cell.cy ?? 0)
                return report.metricCRS.inverse(Coordinate((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2))
            }
            let towns = try store.areas(containing: centres, level: .town)
            columns = ["cx", "cy", "lon", "lat", "town_code", "town_name", "sources", "value", "z", "p", "bin"]
            rows = cells.indices.map { i in
                let cell = cells[i]
                return [
                    .integer(Int64(cell.cx ?? 0)), .integer(Int64(cell.cy ?? 0)),
                    .real(Self.rounded(centres[i].x, decimals: 6)), .real(Self.rounded(centres[i].y, decimals: 6)),
                    towns[i].map { .text($0.code) } ?? .null, towns[i].map { .text($0.name) } ?? .null,
                ] + Self.figures(cell)
            }
        case .admin:
            let directory = AreaDirectory(try store.fetchAreaDirectory())
            columns = ["grid", "grid_name", "town_code", "town_name", "sources", "value", "z", "p", "bin"]
            rows = cells.map { cell in
                let grid = directory.entry(.grid, cell.cell)
                let town = grid?.parentCode.flatMap { directory.entry(.town, $0) }
                return [
                    .text(cell.cell), grid.map { .text($0.name) } ?? .null, town.map { .text($0.code) } ?? .null,
                    town.map { .text($0.name) } ?? .null,
                ] + Self.figures(cell)
            }
        }
        let polygons = outlines ? report.outlines() : nil
        return AnalyticsTable(columns: columns, rows: rows, geometries: polygons.map { all in shown.map { .multiPolygon(all[$0]) } })
    }

    /// sources, value, z, p, bin, rounded to what they mean.
    private static func figures(_ cell: HotspotCellRecord) -> [SQLValue] {
        [
            .integer(Int64(cell.sources)), .real(rounded(cell.value, decimals: 4)),
            cell.z.map { .real(rounded($0, decimals: 3)) } ?? .null, cell.p.map { .real(significant($0, digits: 4)) } ?? .null,
            .integer(Int64(cell.bin)),
        ]
    }

    static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }

    /// `value` to `digits` significant digits (a p-value of 0.000012345 is 0.00001235).
    static func significant(_ value: Double, digits: Int) -> Double {
        guard value != 0, value.isFinite else { return value }
        // Through decimal text: the nearest double to the rounded decimal, which prints as it
        // (scaling by 10^178 for a p of 1e-178 would not be exact).
        return Double(String(format: "%.\(max(0, digits - 1))e", value)) ?? value
    }
}
