/// Validity check and repair of imported boundaries, on GeoKit values.
///
/// Administrative boundaries from the field routinely contain bow-ties, spikes, self-touching
/// rings and overlapping parts; point-in-polygon on such shapes gives wrong towns silently.
/// Importers call `repair` on every area so that what is stored is valid, and log the reason
/// when something was changed.
public enum PolygonRepair {
    /// Returns the input unchanged with reason nil when it is valid; otherwise the polygonal part
    /// of GEOS's "structure" repair (see `GEOSGeometry.makeValid()`) and GEOS's validity reason.
    ///
    /// Creates its own `GEOSContext` per call, so it is safe to call from many threads at once.
    /// Throws `GEOSError.invalidInput` for rings GEOS cannot even represent (fewer than 4
    /// coordinates, unclosed), and `GEOSError.operationFailed` if GEOS fails.
    public static func repair(_ multi: MultiPolygon) throws -> (MultiPolygon, reason: String?) {
        let context = try GEOSContext()
        let geometry = try GEOSGeometry(multi, context: context)
        guard let reason = geometry.validityReason() else { return (multi, nil) }
        // Each polygon is repaired on its own first. GEOS 3.11 unions the repaired parts of a
        // MULTIPOLYGON, which took 21 s on one ring of 20,000 zigzags (found by the readers'
        // fuzzer) that repairs in 0.6 s as a POLYGON. When the parts so repaired make a valid
        // whole (no two overlap), the union would change nothing: that is the repair.
        var parts: [Polygon] = []
        for polygon in multi.polygons {
            let single = try GEOSGeometry(polygon, context: context)
            if single.validityReason() == nil { parts.append(polygon) } else { parts += try single.makeValid().toMultiPolygon().polygons }
        }
        let pieces = MultiPolygon(polygons: parts)
        if try GEOSGeometry(pieces, context: context).validityReason() == nil { return (pieces, reason) }
        let repaired = try geometry.makeValid().toMultiPolygon()
        return (repaired, reason)
    }
}
