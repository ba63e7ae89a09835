/// One layer of a vector file, read whole: its fields, features and coordinate system.
public struct VectorLayer: Sendable {
    /// An attribute column: its name and GDAL's type name (`String`, `Integer64`, `Real`, `Date`…).
    public struct Field: Hashable, Sendable {
        public var name: String
        public var type: String
    }

    public var file: String
    public var name: String
    /// GDAL's driver, e.g. `ESRI Shapefile`, `GPKG`, `OpenFileGDB`, `LIBKML`, `GeoJSON`.
    public var driver: String
    public var fields: [Field]
    /// The layer's declared geometry type (`Polygon`, `Multi Polygon`, `Line String`, `None`…).
    public var geometryType: String
    /// The coordinate system the file declares; nil when it declares none.
    public var crs: SpatialReference?
    /// The system the coordinates were converted from to WGS-84 longitude/latitude; nil when
    /// they are as the file stores them (already WGS-84, or left for the caller to convert).
    public var transformedFrom: SpatialReference?
    /// How the text was decoded: `UTF-8`, `GBK` (as asked), `CP936 (from .cpg)`,
    /// `GB18030 (detected)`.
    public var textEncoding: String
    /// Every feature, in the layer's order.
    public var features: [VectorFeature]
    /// GDAL's warnings while reading, for the caller to log.
    public var warnings: [String]

    /// Whether the coordinates are WGS-84 longitude/latitude: converted, or declared so.
    public var isWGS84: Bool { transformedFrom != nil || crs?.isWGS84Equivalent == true }

    /// The position of field `name` (case-insensitive), or nil.
    public func fieldIndex(_ name: String) -> Int? {
        let wanted = name.lowercased()
        return fields.firstIndex { $0.name.lowercased() == wanted }
    }
}
