import CGEOS

extension GEOSGeometry {
    /// Whether GEOS considers the geometry valid under OGC rules.
    ///
    /// Not throwing on purpose: when GEOS cannot even decide (an exception inside the check) the
    /// geometry is treated as invalid, which sends it down the repair path instead of letting a
    /// broken boundary through.
    public var isValid: Bool {
        context.clearMessages()
        return GEOSisValid_r(context.handle, pointer) == 1
    }

    /// Why the geometry is invalid, in GEOS's words ("Self-intersection[113.2 23.1]",
    /// "Ring Self-intersection[...]", "Too few points in geometry component[...]"), or nil
    /// when it is valid.
    ///
    /// Boundary imports report this text so that whoever supplied the file can find the spot.
    /// If GEOS fails while checking, the failure text is returned as the reason (see `isValid`).
    public func validityReason() -> String? {
        context.clearMessages()
        guard let reason = GEOSisValidReason_r(context.handle, pointer) else {
            return "validity check failed: \(context.lastErrorMessage ?? "GEOS reported no message")"
        }
        defer { GEOSFree_r(context.handle, reason) }
        let text = String(cString: reason)
        return text == "Valid Geometry" ? nil : text
    }

    /// The repaired geometry's polygonal part, as a MULTIPOLYGON.
    ///
    /// Uses GEOS's "structure" method (GEOSMakeValidWithParams_r with GEOS_MAKE_VALID_STRUCTURE,
    /// available since GEOS 3.10), not the default "linework" one: it treats rings as area
    /// boundaries, so a bow-tie becomes its two triangles, overlapping parts are unioned, and a
    /// collapsed sliver disappears instead of turning into a stray line (keepCollapsed = false).
    /// That is what an area boundary means, and it matches PostGIS `ST_MakeValid(g,
    /// 'method=structure')` and shapely `make_valid(g, method="structure")`. Lower-dimension
    /// debris is dropped; the result can be empty if the whole input collapses.
    public func makeValid() throws -> GEOSGeometry {
        let handle = context.handle
        let params = try context.check("GEOSMakeValidParams_create_r") { GEOSMakeValidParams_create_r($0) }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        guard GEOSMakeValidParams_setMethod_r(handle, params, GEOS_MAKE_VALID_STRUCTURE) != 0 else {
            throw context.failure("GEOSMakeValidParams_setMethod_r")
        }
        guard GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0) != 0 else {
            throw context.failure("GEOSMakeValidParams_setKeepCollapsed_r")
        }
        let repaired = try Self.make("GEOSMakeValidWithParams_r", context: context) {
            GEOSMakeValidWithParams_r($0, pointer, params)
        }
        return try repaired.polygonalPart()
    }
}
