/// What coordinates a caller wants from a layer.
public enum CoordinateRequest: Sendable, Hashable {
    /// WGS-84 longitude/latitude, converted from the layer's own system when it declares one
    /// that is not already WGS-84 or CGCS2000; as stored when it declares none (the caller
    /// decides what such coordinates are).
    case fromLayerCRS
    /// WGS-84 longitude/latitude, converted from this system whatever the layer declares (the
    /// user's `--crs epsg:N`).
    case from(SpatialReference)
    /// As the file stores them (the caller converts them itself: GCJ-02, BD-09).
    case asStored
}
