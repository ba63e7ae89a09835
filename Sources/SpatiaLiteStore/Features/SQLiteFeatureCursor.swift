import CSpatiaLite
import Enforcement
import GeoKit
import Store

/// Reads the current row of a feature statement (`SpatialDatabase.selectList`): the id, the
/// collection's properties, then its geometry columns.
final class SQLiteFeatureCursor: FeatureCursor {
    private let statement: OpaquePointer
    /// The column of the first geometry column: after the id and the properties.
    private let geometryColumn: Int32
    private let geometryStorage: FeatureTables.Storage.Geometry
    /// The store's metric CRS, which square hot-spot cells are squares of.
    private let metricCRS: MetricCRS?

    init(statement: OpaquePointer, definition: FeatureCollectionDefinition, metricCRS: MetricCRS?) {
        self.statement = statement
        self.metricCRS = metricCRS
        geometryColumn = Int32(definition.properties.count + 1)
        geometryStorage = FeatureTables.storage(of: definition).geometry
    }

    var id: FeatureRow.Value { value(at: 0) }

    func property(_ index: Int) -> FeatureRow.Value { value(at: Int32(index + 1)) }

    func geometry() throws -> FeatureRow.Geometry {
        let first = geometryColumn
        switch geometryStorage {
        case .lonLat:
            return .point(Coordinate(sqlite3_column_double(statement, first), sqlite3_column_double(statement, first + 1)))
        case .blob:
            return try blob(at: first)
        case .gridCell:
            guard sqlite3_column_type(statement, first + 2) != SQLITE_NULL, let metricCRS else { return try blob(at: first + 3) }
            let grid = SquareGrid(cellSize: sqlite3_column_double(statement, first + 2), metricCRS: metricCRS)
            let outline = grid.outline(ofCell: Int(sqlite3_column_int64(statement, first)), Int(sqlite3_column_int64(statement, first + 1)))
            return .other(.multiPolygon(MultiPolygon(polygons: [outline])))
        }
    }

    private func blob(at column: Int32) throws -> FeatureRow.Geometry {
        guard let pointer = sqlite3_column_blob(statement, column) else { return .none }
        let count = Int(sqlite3_column_bytes(statement, column))
        return .other(try SpatiaLiteGeometry.decode(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
    }

    private func value(at column: Int32) -> FeatureRow.Value {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_NULL: return .null
        default:
            let text = sqlite3_column_text(statement, column)
            return .text(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        }
    }
}
