import Enforcement
import GeoKit
import NIOCore
import PostgresNIO
import Store

/// A feature row read from PostGIS, as the server's encoders read it: the id, the properties in
/// the definition's order, then the geometry columns (`PostGISDatabase.selectList`).
final class PostGISFeatureCursor: FeatureCursor {
    private enum Cell {
        case null
        case integer(Int64)
        case real(Double)
        case text([UInt8])
        case bytes(ByteBuffer)
    }

    private let propertyCount: Int
    private let geometryKind: PostGISFeatureTables.Storage.Geometry
    private let metricCRS: MetricCRS?
    private var cells: [Cell] = []
    /// The current row's texts, kept while the row is read.
    private var storage = RowByteStorage()

    init(definition: FeatureCollectionDefinition, geometry: PostGISFeatureTables.Storage.Geometry, metricCRS: MetricCRS?) {
        propertyCount = definition.properties.count
        geometryKind = geometry
        self.metricCRS = metricCRS
    }

    func load(_ row: PostgresRow) throws {
        storage.release()
        cells = try row.map { cell -> Cell in
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(Int64(try cell.decode(Int.self)))
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .text, .varchar, .name, .bpchar: return .text(Array(try cell.decode(String.self).utf8))
            default: return .bytes(try cell.decode(ByteBuffer.self))
            }
        }
    }

    var id: FeatureRow.Value { value(0) }

    func property(_ index: Int) -> FeatureRow.Value { value(index + 1) }

    private func value(_ column: Int) -> FeatureRow.Value {
        switch cells[column] {
        case .null, .bytes: return .null
        case .integer(let value): return .integer(value)
        case .real(let value): return .real(value)
        case .text(let bytes): return .text(storage.keep(bytes).bindMemory(to: UInt8.self))
        }
    }

    private func real(_ column: Int) -> Double? {
        switch cells[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    func geometry() throws -> FeatureRow.Geometry {
        let first = propertyCount + 1
        switch geometryKind {
        case .lonLat:
            return .point(Coordinate(real(first) ?? 0, real(first + 1) ?? 0))
        case .geometry:
            return try stored(at: first)
        case .gridCell:
            if let square = squareOutline() { return .other(.multiPolygon(MultiPolygon(polygons: [square]))) }
            return try stored(at: first + 3)
        }
    }

    /// A square hot-spot cell's outline, nil for an administrative one.
    private func squareOutline() -> Polygon? {
        let first = propertyCount + 1
        guard let size = real(first + 2), let metricCRS, case .integer(let cx) = cells[first], case .integer(let cy) = cells[first + 1]
        else { return nil }
        return SquareGrid(cellSize: size, metricCRS: metricCRS).outline(ofCell: Int(cx), Int(cy))
    }

    /// Whether the current hot-spot cell meets `box`: a square by the grid's exact test; an
    /// administrative cell was already tested by the query.
    func cellMeets(_ box: BoundingBox) -> Bool {
        let first = propertyCount + 1
        guard let size = real(first + 2), let metricCRS, case .integer(let cx) = cells[first], case .integer(let cy) = cells[first + 1]
        else { return true }
        return SquareGrid(cellSize: size, metricCRS: metricCRS).cell(Int(cx), Int(cy), meets: box)
    }

    private func stored(at column: Int) throws -> FeatureRow.Geometry {
        guard case .bytes(let buffer) = cells[column] else { return .none }
        return .other(try WKB.decodeGeometry(buffer))
    }
}
