import GeoKit

/// One feature of a layer: its id, its attributes in the layer's field order, its geometry.
public struct VectorFeature: Hashable, Sendable {
    /// GDAL's feature id: what `ogrinfo` shows and what error messages cite (0-based in a
    /// Shapefile, 1-based in a GeoPackage).
    public var id: Int64
    /// One value per field of the layer (`VectorLayer.fields`).
    public var values: [FieldValue]
    /// The geometry with Z dropped (nothing in permitwatch measures height), in WGS-84 when
    /// the layer was read so; nil when the feature has none.
    public var geometry: GeoJSONGeometry?

    /// A feature as read (the tests build them to check conversions).
    public init(id: Int64, values: [FieldValue], geometry: GeoJSONGeometry?) {
        self.id = id
        self.values = values
        self.geometry = geometry
    }
}
