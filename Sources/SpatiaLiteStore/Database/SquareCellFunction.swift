import Enforcement
import GeoKit
import GRDB
import Store

/// `permitwatch_cell_meets_box(cx, cy, size, min_lon, min_lat, max_lon, max_lat)`: whether a
/// square hot-spot cell's WGS-84 outline meets a longitude/latitude box, decided exactly as
/// `SquareGrid.cell(_:_:meets:)` decides it.
///
/// Square cells are stored by number, without a polygon or an R*Tree entry, so the hot-spot
/// collection's bbox filter narrows them with plain arithmetic on the projected grid first
/// and asks this function only about the cells that pass. The cells are squares of the store's
/// metric CRS, which the caller has read (into `metricCRS`) before the statement runs.
enum SquareCellFunction {
    static let name = "permitwatch_cell_meets_box"

    static func meetsBox(metricCRS: MetricCRSCache) -> DatabaseFunction {
        DatabaseFunction(name, argumentCount: 7, pure: true) { values in
        guard let crs = metricCRS.current, let cx = Int.fromDatabaseValue(values[0]), let cy = Int.fromDatabaseValue(values[1]),
              let size = Double.fromDatabaseValue(values[2]), size > 0,
              let minX = Double.fromDatabaseValue(values[3]), let minY = Double.fromDatabaseValue(values[4]),
              let maxX = Double.fromDatabaseValue(values[5]), let maxY = Double.fromDatabaseValue(values[6])
        else { return nil }
        return SquareGrid(cellSize: size, metricCRS: crs).cell(cx, cy, meets: BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
        }
    }
}
