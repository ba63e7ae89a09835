import GeoKit

/// One feature as the store reads it, valid only inside the callback that receives it (it
/// reads the store's current row in place; do not keep it).
///
/// Text comes as the database's own UTF-8 bytes, so a server can escape them straight into
/// its response without making a `String` per value: at 1,000 features a page, that is most
/// of the cost of a page.
public struct FeatureRow {
    /// A property value; `.text` points into the store's row buffer.
    public enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(UnsafeBufferPointer<UInt8>)
    }

    public enum Geometry {
        case none
        case point(Coordinate)
        case other(GeoJSONGeometry)
    }

    private let cursor: any FeatureCursor

    /// - Parameter cursor: the store's reader of its current feature.
    public init(cursor: any FeatureCursor) { self.cursor = cursor }

    /// The feature id (the `idProperty`'s value).
    public var id: Value { cursor.id }

    /// The value of the collection's `properties[index]`.
    public func property(_ index: Int) -> Value { cursor.property(index) }

    public func geometry() throws -> Geometry { try cursor.geometry() }
}

/// How a store reads the current feature of a running request; implemented by each store.
public protocol FeatureCursor: AnyObject {
    var id: FeatureRow.Value { get }
    func property(_ index: Int) -> FeatureRow.Value
    func geometry() throws -> FeatureRow.Geometry
}
