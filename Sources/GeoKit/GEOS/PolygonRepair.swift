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
        let repaired = try geometry.makeValid().toMultiPolygon()
        return (repaired, reason)
    }
}
